package dev.secaudit.check.ratelimit;

import dev.secaudit.check.StandardChecks;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetBudget;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import dev.secaudit.probe.ratelimit.RateLimitProbe;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Retry-After wait longer than what is left of the target's time budget is not waited: the
 * recovery request is recorded as refused by the budget and ratelimit.recovery is an ERROR.
 */
class RateLimitBudgetTest {
  @Test
  void aRecoveryWaitPastTheBudgetIsNotWaitedAndIsAnError() {
    WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    try {
      server.stubFor(any(urlEqualTo("/login")).inScenario("limiter")
          .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(401))
          .willSetStateTo("limited"));
      server.stubFor(any(urlEqualTo("/login")).inScenario("limiter")
          .whenScenarioStateIs("limited")
          .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
      LoadedPolicy loaded = new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids())
          .load("p.yaml", """
              version: 1
              name: loopback
              targets:
                - {name: api, url: "http://127.0.0.1:%d"}
              rate_limits:
                - {name: login, target: api, request: {method: POST, path: /login, body: 'user=probe&password=wrong'}, limit: 1,
                   window: 1m, recovery: true}
              """.formatted(server.port()).getBytes(StandardCharsets.UTF_8));
      HttpProbe http = new HttpProbe(new HttpProbe.Limits(Duration.ofSeconds(5),
          Duration.ofSeconds(10), Duration.ofSeconds(20), 64 * 1024),
          RecordingTrustManager.forKeyStore(null), Clock.systemUTC(), "secaudit-test");
      List<Duration> waits = new ArrayList<>();
      RateLimitProbe probe = new RateLimitProbe(http, Clock.systemUTC(), waits::add,
          line -> { }).within(TargetBudget.start(Duration.ofSeconds(20), "20s"));

      RateLimitObservation obs = probe.probe(loaded.policy().targets().get(0), 0,
          loaded.policy().rateLimits().get(0), null);

      assertThat(waits).as("a 31s wait does not fit in 20s").isEmpty();
      assertThat(server.findAll(anyRequestedFor(urlEqualTo("/login")))).hasSize(2);
      assertThat(obs.recovery().error()).isEqualTo("target time budget of 20s would run out"
          + " during a 31s wait, after 2 requests and hellos (settings.timeouts.target); not sent");
      List<Finding> findings = new RateLimitCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded,
          loaded.policy().targets().get(0),
          new TargetObservations("api", null, null, null, null, null, null, List.of(obs)),
          Instant.now()));
      Finding recovery = findings.stream()
          .filter(f -> f.checkId().equals("ratelimit.recovery")).findFirst().orElseThrow();
      assertThat(recovery.status()).isEqualTo(Status.ERROR);
      assertThat(recovery.observed()).contains("target time budget of 20s would run out");
      assertThat(findings.stream().filter(f -> f.checkId().equals("ratelimit.enforced")))
          .singleElement().extracting(Finding::status).isEqualTo(Status.PASS);
    } finally {
      server.stop();
    }
  }

  /**
   * A blind review: a burst the budget never let out was reported as "no answer to several
   * requests in a row ... (no answer×3)", sending the user to debug a healthy server.
   */
  @Test
  void aBurstTheBudgetRefusedSaysNotSentAndWhichSettingToRaise() throws Exception {
    try (SlidingLimiter limiter = new SlidingLimiter(10, 60_000)) {
      LoadedPolicy loaded = new PolicyLoader(Map.<String, String>of()::get,
          StandardChecks.catalog().ids()).load("p.yaml", """
              version: 1
              name: loopback
              targets:
                - {name: api, url: "%s"}
              rate_limits:
                - {name: login, target: api, request: {method: POST, path: /login,
                   body: 'user=probe&password=wrong'}, limit: 10, window: 1m,
                   observe_window: true, recovery: true}
              """.formatted(limiter.url()).getBytes(StandardCharsets.UTF_8));
      HttpProbe http = new HttpProbe(new HttpProbe.Limits(Duration.ofSeconds(5),
          Duration.ofSeconds(10), Duration.ofSeconds(20), 64 * 1024),
          RecordingTrustManager.forKeyStore(null), Clock.systemUTC(), "secaudit-test");
      TargetBudget spent = TargetBudget.start(Duration.ZERO, "120s");
      RateLimitObservation obs = new RateLimitProbe(http, Clock.systemUTC(), d -> { },
          line -> { }).within(spent).probe(loaded.policy().targets().get(0), 0,
          loaded.policy().rateLimits().get(0), null);

      assertThat(limiter.received()).isEmpty();
      assertThat(obs.stop()).isEqualTo(RateLimitObservation.Stop.BUDGET);
      assertThat(obs.requests()).hasSize(1);
      List<Finding> findings = new RateLimitCheck().evaluate(new CheckContext(
          StandardChecks.catalog(), loaded, loaded.policy().targets().get(0),
          new TargetObservations("api", null, null, null, null, null, null, List.of(obs)),
          Instant.now()));
      assertThat(findings).hasSize(5).allSatisfy(f -> {
        assertThat(f.status()).isEqualTo(Status.ERROR);
        assertThat(f.observed()).startsWith("not sent: target time budget of 120s spent")
            .contains("this probe needs about 131s (the burst, the 1m window watched, the"
                + " recovery wait): raise settings.timeouts.target by at least that much")
            .doesNotContain("no answer");
      });
    }
  }

  /** The guide's example fits the default budget, which grows only when the policy left it. */
  @Test
  void theDefaultBudgetGrowsByWhatTheProbesWaitAndWatch() {
    LoadedPolicy guide = new PolicyLoader(Map.<String, String>of()::get,
        StandardChecks.catalog().ids()).load("p.yaml", """
            version: 1
            name: guide
            targets: [{name: app, url: "https://127.0.0.1:8443"}]
            rate_limits:
              - {name: login, target: app, request: {method: POST, path: /login, body: 'x=1'},
                 limit: 10, window: 1m, recovery: true, observe_window: true}
            """.getBytes(StandardCharsets.UTF_8));
    assertThat(guide.policy().settings().timeouts().targetDefaulted()).isTrue();
    // 10 s burst + 60 s watched + 61 s recovery + 60 s waiting out earlier requests.
    assertThat(RateLimitProbe.needWithWait(guide.policy().rateLimits().get(0)))
        .isEqualTo(Duration.ofSeconds(191));
    LoadedPolicy written = new PolicyLoader(Map.<String, String>of()::get,
        StandardChecks.catalog().ids()).load("p.yaml", """
            version: 1
            name: written
            settings: {timeouts: {target: 120s}}
            targets: [{name: app, url: "https://127.0.0.1:8443"}]
            """.getBytes(StandardCharsets.UTF_8));
    assertThat(written.policy().settings().timeouts().targetDefaulted()).isFalse();
  }
}
