package dev.secaudit.check.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.secaudit.check.http.Recorded.only;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The header checks fed by a real exchange: WireMock on loopback, recorded by HttpProbe. */
class HeaderChecksOverProbeTest {
  private WireMockServer server;
  private HttpProbe probe;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    probe = new HttpProbe(
        new HttpProbe.Limits(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(20), 64 * 1024),
        RecordingTrustManager.forKeyStore(null), Clock.systemUTC(),
        "secaudit-test");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void rulesAndBannersAreJudgedOnWhatTheServerSent() {
    server.stubFor(get(urlEqualTo("/start")).willReturn(aResponse().withStatus(301)
        .withHeader("Location", "/home")
        .withHeader("Server", "nginx/1.22.1")));
    server.stubFor(get(urlEqualTo("/home")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html; charset=utf-8")
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("X-Powered-By", "PHP/8.2.1")
        .withHeader("Cache-Control", "no-store", "max-age=0")
        .withHeader("Referrer-Policy", "unsafe-url")
        .withBody("<html><body>hello</body></html>")));
    String base = "http://127.0.0.1:" + server.port();
    HttpFetch fetched = probe.fetch("app/page-1", base + "/start", Map.of(), 3,
        Set.of("127.0.0.1"));
    assertThat(fetched.stop()).isEqualTo("final");
    assertThat(fetched.hops()).hasSize(2);
    TargetObservations obs = new TargetObservations("app", Map.of("/start", fetched), null,
        "not probed", List.of(), null);

    LoadedPolicy policy = Recorded.policy(base, """
        info_leak: {enabled: true}
        headers:
          X-Content-Type-Options: {value: nosniff}
          X-Powered-By: {required: false}
          Cache-Control: {must_contain: [no-store, max-age=0]}
          Referrer-Policy: {value_any_of: [no-referrer, strict-origin-when-cross-origin]}
          Permissions-Policy: {required: true, severity: low}
        """);

    List<Finding> rules = new HeaderRulesCheck().evaluate(Recorded.context(policy, obs));
    String finalHop = fetched.last().id();
    assertThat(rules).extracting(Finding::evidence).containsOnly(List.of(finalHop));
    assertThat(only(rules, "header.rule", "X-Content-Type-Options").status())
        .isEqualTo(Status.PASS);
    assertThat(only(rules, "header.rule", "X-Powered-By").status()).isEqualTo(Status.FAIL);
    Finding cache = only(rules, "header.rule", "Cache-Control");
    assertThat(cache.status()).isEqualTo(Status.PASS);
    // The page was reached through a redirect: the answer judged is named first.
    assertThat(cache.observed()).contains(", reached by ").contains(": sent 2 times");
    assertThat(only(rules, "header.rule", "Referrer-Policy").status()).isEqualTo(Status.FAIL);
    assertThat(only(rules, "header.rule", "Permissions-Policy").status()).isEqualTo(Status.FAIL);

    List<Finding> leaks = new InfoLeakCheck().evaluate(Recorded.context(policy, obs));
    Finding server = only(leaks, "header.info_leak", "Server");
    assertThat(server.status()).isEqualTo(Status.FAIL);
    assertThat(server.observed()).contains("nginx/1.22.1");
    assertThat(server.evidence()).containsExactly(fetched.first().id());
    Finding poweredBy = only(leaks, "header.info_leak", "X-Powered-By");
    assertThat(poweredBy.status()).isEqualTo(Status.FAIL);
    assertThat(poweredBy.evidence()).containsExactly(finalHop);
    assertThat(only(leaks, "header.info_leak", "X-AspNet-Version").status())
        .isEqualTo(Status.PASS);
  }

  /**
   * HTML's meta name=referrer sets the document's policy after the header: a page with no
   * Referrer-Policy header but a meta element has a policy (MDN HTTP Observatory reads it too),
   * and a meta element overrides a header; legacy values are mapped and unknown ones ignored.
   */
  @Test
  void aMetaReferrerIsThePolicyThatApplies() {
    server.stubFor(get(urlEqualTo("/meta")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html")
        .withBody("<html><head><meta name=\"referrer\" content=\"no-referrer\"></head>"
            + "<body>hi</body></html>")));
    server.stubFor(get(urlEqualTo("/override")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html")
        .withHeader("Referrer-Policy", "no-referrer")
        .withBody("<html><head><meta name=\"referrer\" content=\"always\">"
            + "<meta name=\"referrer\" content=\"bogus\"></head><body>hi</body></html>")));
    String base = "http://127.0.0.1:" + server.port();
    Map<String, HttpFetch> pages = new java.util.LinkedHashMap<>();
    for (String path : List.of("/meta", "/override")) {
      pages.put(path, probe.fetch("app/page" + path.replace('/', '-'), base + path, Map.of(), 3,
          Set.of("127.0.0.1")));
    }
    TargetObservations obs = new TargetObservations("app", pages, null, "not probed", List.of(),
        null);
    LoadedPolicy policy = Recorded.policy(base, """
        headers:
          Referrer-Policy: {value_any_of: [no-referrer, strict-origin-when-cross-origin]}
        """);

    List<Finding> rules = new HeaderRulesCheck().evaluate(Recorded.context(policy, obs));

    // The first path is the target's main page: its subject stays as it was when it was the
    // only path, so listing /override later renames nothing a baseline or waiver matched.
    Finding meta = only(rules, "header.rule", "Referrer-Policy");
    assertThat(meta.status()).isEqualTo(Status.PASS);
    assertThat(meta.observed()).isEqualTo("from <meta name=\"referrer\">: 'no-referrer'");
    Finding override = only(rules, "header.rule", "Referrer-Policy on /override");
    assertThat(override.status()).isEqualTo(Status.FAIL);
    assertThat(override.observed()).startsWith("<meta name=\"referrer\"> overrides the header"
        + " 'no-referrer': has [unsafe-url]");
  }

  @Test
  void refusedConnectionBecomesErrorFindings() {
    String base = "http://127.0.0.1:" + server.port();
    server.stop();
    HttpFetch fetched = probe.fetch("app/page-1", base + "/", Map.of(), 3, Set.of("127.0.0.1"));
    TargetObservations obs = new TargetObservations("app", Map.of("/", fetched), null,
        "not probed", List.of(), null);
    LoadedPolicy policy = Recorded.policy(base,
        "info_leak: {enabled: true}\nheaders:\n  X-Content-Type-Options: {value: nosniff}\n");
    List<Finding> all = new java.util.ArrayList<>();
    all.addAll(new HeaderRulesCheck().evaluate(Recorded.context(policy, obs)));
    all.addAll(new InfoLeakCheck().evaluate(Recorded.context(policy, obs)));
    assertThat(all).extracting(Finding::status).containsOnly(Status.ERROR);
    assertThat(all).allSatisfy(f -> assertThat(f.observed()).contains(fetched.last().error()));
  }
}
