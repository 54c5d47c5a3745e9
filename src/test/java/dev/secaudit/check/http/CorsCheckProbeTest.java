package dev.secaudit.check.http;

import dev.secaudit.check.StandardChecks;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Cors;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.tls.RecordingTrustManager;
import dev.secaudit.scan.ScanParameters;
import dev.secaudit.scan.Scanner;
import dev.secaudit.model.ScanResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path on loopback: a real HTTP probe sends the policy's Origin to a server that
 * reflects it (WireMock templating echoes the request's Origin), and the check judges the
 * recorded exchange.
 */
class CorsCheckProbeTest {
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    // Echoes whatever Origin arrives, with credentials: the classic misconfiguration.
    server.stubFor(get(urlEqualTo("/api/me")).willReturn(aResponse().withStatus(200)
        .withHeader("Access-Control-Allow-Origin", "{{request.headers.Origin}}")
        .withHeader("Access-Control-Allow-Credentials", "true")
        .withHeader("Content-Type", "application/json")
        .withBody("{\"user\":\"alice\"}")
        .withTransformers("response-template")));
    // Echoes the Origin without credentials.
    server.stubFor(get(urlEqualTo("/feed")).willReturn(aResponse().withStatus(200)
        .withHeader("Access-Control-Allow-Origin", "{{request.headers.Origin}}")
        .withHeader("Vary", "Origin")
        .withTransformers("response-template")));
    server.stubFor(get(urlEqualTo("/public.js")).willReturn(aResponse().withStatus(200)
        .withHeader("Access-Control-Allow-Origin", "*")));
    server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody("<p>home</p>")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void judgesTheAnswersARealProbeRecorded() {
    String base = "http://127.0.0.1:" + server.port();
    LoadedPolicy loaded = load("""
        version: 1
        name: loopback
        targets:
          - {name: app, url: "%s"}
        cors:
          paths: [/, /api/me, /feed, /public.js]
        """.formatted(base));
    Cors cors = loaded.policy().cors();
    HttpProbe probe = new HttpProbe(
        new HttpProbe.Limits(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(20), 64 * 1024),
        RecordingTrustManager.forKeyStore(null), Clock.systemUTC(),
        "secaudit-test");

    List<HttpExchange> exchanges = new ArrayList<>();
    for (int i = 0; i < cors.paths().size(); i++) {
      exchanges.add(probe.exchange("app/cors-" + i, "GET", base + cors.paths().get(i),
          Map.of("Origin", cors.probeOrigin())));
    }
    TargetObservations obs = new TargetObservations("app", null, null, null, exchanges, null);
    List<Finding> findings = new CorsCheck().evaluate(
        new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), obs, Instant.now()));

    server.verify(getRequestedFor(urlEqualTo("/api/me"))
        .withHeader("Origin", equalTo("https://cors-probe.secaudit.invalid")));
    assertThat(exchanges).noneMatch(HttpExchange::failed);
    assertThat(exchanges.get(1).header("Access-Control-Allow-Origin"))
        .isEqualTo(cors.probeOrigin());
    assertThat(findings).extracting(Finding::subject)
        .containsExactly("/", "/api/me", "/feed", "/public.js");
    assertThat(findings).extracting(Finding::status)
        .containsExactly(Status.PASS, Status.FAIL, Status.PASS, Status.PASS);
    // The echo without credentials grants what * does, which the default policy accepts.
    assertThat(findings.get(2).observed()).contains("the Origin is reflected without credentials");
    assertThat(findings.get(1).severity()).isEqualTo(Severity.HIGH);
    assertThat(findings.get(1).evidence()).containsExactly("app/cors-1");
    assertThat(findings.get(1).observed())
        .contains("Access-Control-Allow-Origin: https://cors-probe.secaudit.invalid")
        .contains("Access-Control-Allow-Credentials: true");
  }

  @Test
  void aCorsSectionWithoutPathsProbesTheRootAndATargetsQueryStringIsSent() {
    server.stubFor(get(urlEqualTo("/?lang=en")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody("<p>home, English</p>")));
    String base = "http://127.0.0.1:" + server.port();
    LoadedPolicy loaded = load("""
        version: 1
        name: loopback
        settings: {timeouts: {connect: 2s, read: 5s, total: 10s}}
        targets:
          - {name: app, url: "%s/?lang=en"}
        cors: {}
        info_leak: {}
        """.formatted(base));

    ScanResult r = new Scanner(List.of(new CorsCheck(), new InfoLeakCheck()), Clock.systemUTC(), msg -> { })
        .scan(loaded, new ScanParameters("run", "test", List.of("scan"), Severity.LOW));

    assertThat(r.findings()).filteredOn(f -> f.checkId().equals("cors.origin"))
        .extracting(Finding::subject).containsExactly("/");
    server.verify(getRequestedFor(urlEqualTo("/"))
        .withHeader("Origin", equalTo("https://cors-probe.secaudit.invalid")));
    // The page is the one the target names, query string included.
    server.verify(1, getRequestedFor(urlEqualTo("/?lang=en")));
  }

  private static LoadedPolicy load(String yaml) {
    return new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("test.yaml", yaml.getBytes(UTF_8));
  }
}
