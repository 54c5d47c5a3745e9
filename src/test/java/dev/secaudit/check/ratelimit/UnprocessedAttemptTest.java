package dev.secaudit.check.ratelimit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.claim.ClaimBook;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import dev.secaudit.probe.ratelimit.RateLimitProbe;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A limiter that counts requests its endpoint never processes (a 405 to a POST, a 404, a 401 to a
 * request without credentials) answers 429 on time all the same: the probe must not read those
 * answers as attempts. Each limiter here is a real WireMock server on loopback that answers the
 * refusal for the first requests and 429 after them, as nginx's limit_req does.
 */
class UnprocessedAttemptTest {
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  /** Answers {@code status} to the first {@code before} requests, then 429 with Retry-After. */
  private void limiter(int status, int before) {
    for (int i = 0; i < before; i++) {
      server.stubFor(any(urlEqualTo("/login")).inScenario("l")
          .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "n" + i)
          .willReturn(aResponse().withStatus(status).withBody("nope")).willSetStateTo("n" + (i + 1)));
    }
    server.stubFor(any(urlEqualTo("/login")).inScenario("l").whenScenarioStateIs("n" + before)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
  }

  private record Run(RateLimitObservation obs, List<Finding> findings) {
    Finding finding(String id) {
      return findings.stream().filter(f -> f.checkId().equals(id)).findFirst().orElseThrow();
    }
  }

  private LoadedPolicy policy(String request) {
    return new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids())
        .load("p.yaml", """
            version: 1
            name: loopback
            targets:
              - {name: api, url: "http://127.0.0.1:%d"}
            rate_limits:
              - {name: login, target: api, request: %s, limit: 3, window: 30s}
            """.formatted(server.port(), request).getBytes(StandardCharsets.UTF_8));
  }

  private Run run(LoadedPolicy loaded) {
    HttpProbe http = new HttpProbe(new HttpProbe.Limits(Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(20), 64 * 1024),
        RecordingTrustManager.forKeyStore(null), Clock.systemUTC(), "secaudit-test");
    RateLimitObservation obs = new RateLimitProbe(http, Clock.systemUTC(), d -> { }, m -> { })
        .probe(loaded.policy().targets().get(0), 0, loaded.policy().rateLimits().get(0), null);
    TargetObservations observed =
        new TargetObservations("api", null, null, null, null, null, null, List.of(obs));
    return new Run(obs, new RateLimitCheck().evaluate(new CheckContext(StandardChecks.catalog(),
        loaded, loaded.policy().targets().get(0), observed, Instant.now())));
  }

  private int sent() {
    return server.findAll(anyRequestedFor(urlEqualTo("/login"))).size();
  }

  @Test
  void a405IsNotAnAttemptTheLimitCounts() {
    limiter(405, 3);

    Run r = run(policy("{method: POST, path: /login, body: 'user=probe&password=wrong'}"));

    // One request, not the four that would have "passed" 429 at request 4.
    assertThat(sent()).isEqualTo(1);
    assertThat(r.obs().stop()).isEqualTo(RateLimitObservation.Stop.NOT_PROCESSED);
    Finding enforced = r.finding("ratelimit.enforced");
    assertThat(enforced.status()).isEqualTo(Status.ERROR);
    assertThat(enforced.observed()).startsWith("the limit was not exercised: request 1 (POST"
        + " http://127.0.0.1:" + server.port() + "/login) got 405 Method Not Allowed");
    assertThat(enforced.observedValue()).isEqualTo(new Value.Setting("status", "405"));
    assertThat(r.finding("ratelimit.retry_after").status()).isEqualTo(Status.SKIPPED);
    assertThat(r.obs().artifact(4096).content()).contains("# not processed: 405");
  }

  @Test
  void a404IsNotAnAttemptEither() {
    limiter(404, 3);

    Run r = run(policy("{method: POST, path: /login, body: 'user=probe&password=wrong'}"));

    assertThat(r.finding("ratelimit.enforced").status()).isEqualTo(Status.ERROR);
    assertThat(r.finding("ratelimit.enforced").observed()).contains("got 404 Not Found");
  }

  @Test
  void a401ToARequestWithoutCredentialsIsNotAnAttempt() {
    limiter(401, 3);

    Run r = run(policy("{method: POST, path: /login}"));

    assertThat(r.finding("ratelimit.enforced").status()).isEqualTo(Status.ERROR);
    assertThat(r.finding("ratelimit.enforced").observed()).contains("(POST http://127.0.0.1:"
        + server.port() + "/login, no body or credential header) got 401 Unauthorized");
  }

  @Test
  void a401ToWrongCredentialsIsAnAttemptAndThe429OnTimePasses() {
    limiter(401, 3);

    Run r = run(policy("{method: POST, path: /login, body: 'user=probe&password=wrong'}"));

    assertThat(sent()).isEqualTo(4);
    assertThat(r.finding("ratelimit.enforced").status()).isEqualTo(Status.PASS);
    assertThat(r.finding("ratelimit.enforced").observed())
        .matches("refused after 3 accepted in \\d+\\.\\d s: 429 at request 4 \\(401×3, 429×1\\)");
  }

  @Test
  void aLimitNotExercisedIsNeitherVerifiedNorRefutedInTheClaims() {
    limiter(405, 3);
    LoadedPolicy loaded = policy("{method: POST, path: /login, body: 'user=probe&password=wrong'}");
    Run r = run(loaded);

    dev.secaudit.model.ScanResult scan = new dev.secaudit.model.ScanResult(
        dev.secaudit.model.ScanResult.SCHEMA, new dev.secaudit.model.RunInfo("r", "secaudit",
            "test", Instant.now(), Instant.now(), "p.yaml", "loopback", loaded.sha256(),
            List.of("secaudit"), "low", List.of()), List.of(new dev.secaudit.model.TargetState(
                "api", "http://127.0.0.1", dev.secaudit.model.TargetState.State.EVALUATED, "")),
        r.findings(), List.of(), List.of());
    dev.secaudit.claim.ClaimEvidence evidence = new dev.secaudit.claim.ClaimEvidence(scan,
        Instant.now(), Duration.ofDays(30));
    dev.secaudit.claim.Vocabulary vocabulary = dev.secaudit.claim.Vocabulary.builtIn();
    ClaimBook book = new ClaimBook(loaded.policy(), evidence,
        new dev.secaudit.claim.SentenceReader(vocabulary), vocabulary);
    dev.secaudit.claim.Entailment.Decision d = new dev.secaudit.claim.Entailment(book)
        .decide(new dev.secaudit.claim.SentenceReader(vocabulary)
            .read("Do you limit login attempts to 3 per minute?"));
    assertThat(d.outcome()).isEqualTo(dev.secaudit.claim.Entailment.Outcome.REVIEW);
    assertThat(d.reason()).contains("ratelimit.enforced on api is error");
  }
}
