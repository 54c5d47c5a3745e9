package dev.secaudit.check.cookie;

import dev.secaudit.check.StandardChecks;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Redactor;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path on loopback: a WireMock HTTPS server sets cookies, HttpProbe records the page,
 * and CookieCheck judges that recorded exchange.
 */
class CookieCheckProbeTest {
  private static final String SESSION_VALUE = "s3ss10n-V4LUE-never-stored";
  private static final String TRACKER_VALUE = "tr4ck3r-V4LUE-never-stored";
  private static final String HOST_VALUE = "h0st-V4LUE-never-stored";
  private static final String NAMELESS_VALUE = "n4meless-V4LUE-never-stored";

  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(WireMockConfiguration.options()
        .bindAddress("127.0.0.1")
        .httpDisabled(true)
        .dynamicHttpsPort());
    server.start();
    server.stubFor(get(urlEqualTo("/")).willReturn(aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "text/html; charset=utf-8")
        .withHeader("Set-Cookie",
            "session=" + SESSION_VALUE + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600",
            "tracker=" + TRACKER_VALUE + "; SameSite=None; Max-Age=63072000",
            "__Host-id=" + HOST_VALUE + "; Secure; Path=/; Domain=127.0.0.1",
            NAMELESS_VALUE + "; Secure")
        .withBody("<html><body>hello</body></html>")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void judgesCookiesFromARealExchangeAndNeverWritesTheirValues() {
    String origin = "https://127.0.0.1:" + server.httpsPort();
    String yaml = """
        version: 1
        name: probe-test
        targets:
          - {name: app, url: "%s"}
        cookies:
          - {name: session, secure: true, http_only: true, same_site: Lax, max_age: 1d, required: true}
          - {name: tracker, secure: true, same_site: Lax}
          - {name: csrf, required: true}
        """.formatted(origin);
    LoadedPolicy loaded =
        new PolicyLoader(name -> null, StandardChecks.catalog().ids()).load("test.yaml", yaml.getBytes(UTF_8));

    HttpProbe probe = new HttpProbe(
        new HttpProbe.Limits(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
            1 << 20),
        RecordingTrustManager.forKeyStore(null), Clock.systemUTC(),
        "secaudit-test");
    HttpFetch fetch = probe.fetch("app/page-1", origin + "/", Map.of(), 3, Set.of("127.0.0.1"));
    HttpExchange page = fetch.last();
    assertThat(page.failed()).as("fetch error: %s", page.error()).isFalse();
    assertThat(page.headers("Set-Cookie")).hasSize(4);

    TargetObservations obs =
        new TargetObservations("app", Map.of("/", fetch), null, null, List.of(), null);
    List<Finding> findings = new CookieCheck().evaluate(
        new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), obs, Instant.now()));

    assertThat(status(findings, "cookie.secure", "session")).isEqualTo(Status.PASS);
    assertThat(status(findings, "cookie.http_only", "session")).isEqualTo(Status.PASS);
    assertThat(status(findings, "cookie.same_site", "session")).isEqualTo(Status.PASS);
    assertThat(status(findings, "cookie.lifetime", "session")).isEqualTo(Status.PASS);
    assertThat(status(findings, "cookie.required", "session")).isEqualTo(Status.PASS);
    assertThat(status(findings, "cookie.syntax", "session")).isEqualTo(Status.PASS);

    assertThat(status(findings, "cookie.secure", "tracker")).isEqualTo(Status.FAIL);
    assertThat(status(findings, "cookie.same_site", "tracker")).isEqualTo(Status.FAIL);
    // What browsers reject and what they only cap, in one finding of the one header.
    assertThat(findings).filteredOn(f -> f.checkId().equals("cookie.syntax")
        && f.subject().equals("tracker")).singleElement().satisfies(f -> {
          assertThat(f.status()).isEqualTo(Status.FAIL);
          assertThat(f.observed()).contains("SameSite=None without Secure")
              .contains("capped by browsers at 400 d");
        });

    assertThat(status(findings, "cookie.prefix", "__Host-id")).isEqualTo(Status.FAIL);
    assertThat(status(findings, "cookie.required", "csrf")).isEqualTo(Status.FAIL);
    assertThat(findings).allMatch(f -> f.evidence().equals(List.of("app/page-1")));

    String[] values = {SESSION_VALUE, TRACKER_VALUE, HOST_VALUE, NAMELESS_VALUE};
    String transcript = page.transcript(100_000);
    assertThat(transcript).contains("Set-Cookie: session=" + Redactor.MASK + "; Path=/");
    for (Artifact a : obs.artifacts(100_000)) {
      assertThat(a.toString()).doesNotContain(values);
    }
    assertThat(transcript).doesNotContain(values);
    // The exchange keeps them for the checks and hands them to the run's redactor.
    assertThat(obs.secrets()).contains(values);
    for (Finding f : findings) {
      assertThat(f.toString()).doesNotContain(values);
    }
  }

  private static Status status(List<Finding> findings, String checkId, String subject) {
    List<Finding> hits = findings.stream()
        .filter(f -> f.checkId().equals(checkId) && f.subject().equals(subject)).toList();
    assertThat(hits).as("%s for %s in %s", checkId, subject, findings).hasSize(1);
    return hits.get(0).status();
  }
}
