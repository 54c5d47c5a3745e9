package dev.secaudit.check.ratelimit;

import dev.secaudit.check.StandardChecks;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Redactor;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe against stateful WireMock limiters on loopback, and the check over what it recorded:
 * a limit honoured, looser than declared, absent; a 429 without Retry-After; an HTTP-date
 * Retry-After; 5xx in the middle; a server that slows down or times out instead of refusing.
 * The sleeper is injected: recovery waits are recorded, never slept.
 */
class RateLimitProbeTest {
  private static final String SECRET = "wrong-on-purpose-pw";

  private WireMockServer server;
  private int port;
  private final List<Duration> waits = new ArrayList<>();
  private final List<String> announced = new ArrayList<>();

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    port = server.port();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  /** A probe's observation and findings, and the redactor a scan would write them through. */
  record Run(RateLimitObservation obs, List<Finding> findings, Redactor written) {
    Finding finding(String id) {
      return findings.stream().filter(f -> f.checkId().equals(id)).findFirst().orElseThrow();
    }

    Status status(String id) {
      return finding(id).status();
    }
  }

  /** Answers {@code accepted} requests with {@code ok(i)}, then {@code refusal}, then 200s. */
  private void limiter(String path, int accepted, IntFunction<ResponseDefinitionBuilder> ok,
      ResponseDefinitionBuilder refusal) {
    String scenario = "limiter " + path;
    for (int i = 0; i < accepted; i++) {
      server.stubFor(any(urlEqualTo(path)).inScenario(scenario)
          .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "after-" + i)
          .willReturn(ok.apply(i + 1)).willSetStateTo("after-" + (i + 1)));
    }
    server.stubFor(any(urlEqualTo(path)).inScenario(scenario)
        .whenScenarioStateIs(accepted == 0 ? Scenario.STARTED : "after-" + accepted)
        .willReturn(refusal).willSetStateTo("window passed"));
    server.stubFor(any(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs("window passed")
        .willReturn(aResponse().withStatus(200)));
  }

  private static ResponseDefinitionBuilder ok(int n) {
    return aResponse().withStatus(401).withHeader("Content-Type", "application/json")
        .withBody("{\"error\":\"invalid credentials\"}");
  }

  private static ResponseDefinitionBuilder tooMany() {
    return aResponse().withStatus(429).withHeader("Retry-After", "30")
        .withBody("slow down");
  }

  private int requestsTo(String path) {
    return server.findAll(anyRequestedFor(urlEqualTo(path))).size();
  }

  private LoadedPolicy policy(String rateLimit) {
    String yaml = """
        version: 1
        name: loopback
        targets:
          - {name: api, url: "http://127.0.0.1:%d",
             request_headers: {Authorization: "Basic cHJvYmU6d3Jvbmc="}}
        rate_limits:
          - %s
        """.formatted(port, rateLimit);
    return new PolicyLoader(Map.of("PW", SECRET)::get, StandardChecks.catalog().ids())
        .load("p.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private Run run(String rateLimit) {
    return run(rateLimit, Duration.ofSeconds(10), Clock.systemUTC(), null);
  }

  private Run run(String rateLimit, Duration read, Clock probeClock, String optedOut) {
    LoadedPolicy loaded = policy(rateLimit);
    HttpProbe http = new HttpProbe(
        new HttpProbe.Limits(Duration.ofSeconds(5), read, Duration.ofSeconds(20), 64 * 1024),
        RecordingTrustManager.forKeyStore(null), Clock.systemUTC(), "secaudit-test");
    RateLimitProbe probe =
        new RateLimitProbe(http, probeClock, waits::add, announced::add);
    RateLimitObservation obs = probe.probe(loaded.policy().targets().get(0), 0,
        loaded.policy().rateLimits().get(0), optedOut);
    TargetObservations observed =
        new TargetObservations("api", null, null, null, null, null, null, List.of(obs));
    List<Finding> findings = new RateLimitCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded,
        loaded.policy().targets().get(0), observed, Instant.now()));
    return new Run(obs, findings, new Redactor(dev.secaudit.scan.Scanner.policySecrets(loaded))
        .with(observed.secrets()));
  }

  /** The burst as ratelimit.enforced records it: name to value. */
  static Map<String, String> burst(Run r) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Value v : ((Value.Items) r.finding("ratelimit.enforced").observedValue()).items()) {
      Value.Setting s = (Value.Setting) v;
      out.put(s.name(), s.value());
    }
    return out;
  }

  @Test
  void limitHonouredPassesAndStopsAtTheFirst429() {
    limiter("/login", 5, n -> ok(n)
        .withHeader("RateLimit-Policy", "\"burst\";q=5;w=60")
        .withHeader("RateLimit", "\"burst\";r=" + (5 - n) + ";t=60"), tooMany());

    Run r = run("{name: login, target: api, request: {method: POST, path: /login,"
        + " headers: {Authorization: 'Bearer ${env:PW}'}, body: '{\"password\":\"${env:PW}\"}'},"
        + " limit: 5, window: 30s, recovery: true}");

    assertThat(r.obs().stop()).isEqualTo(RateLimitObservation.Stop.LIMITED);
    assertThat(r.obs().requests()).hasSize(6);
    assertThat(requestsTo("/login")).isEqualTo(7); // six, then the recovery request
    assertThat(r.status("ratelimit.enforced")).isEqualTo(Status.PASS);
    assertThat(r.finding("ratelimit.enforced").observed())
        .matches("refused after 5 accepted in \\d+\\.\\d s: 429 at request 6 \\(401×5, 429×1\\)");
    assertThat(r.status("ratelimit.retry_after")).isEqualTo(Status.PASS);
    assertThat(r.finding("ratelimit.retry_after").observed()).contains("delta-seconds, 30s");
    assertThat(r.status("ratelimit.headers")).isEqualTo(Status.PASS);
    assertThat(r.finding("ratelimit.headers").observed())
        .contains("RateLimit-Policy \"burst\" 5 per 60s");
    assertThat(r.status("ratelimit.recovery")).isEqualTo(Status.PASS);
    // As data: the request the limit should come by and came at, the header, the status after.
    assertThat(r.finding("ratelimit.enforced").expectedValue())
        .isEqualTo(new Value.Count(6, null));
    assertThat(burst(r)).containsEntry("attempts", "6").containsEntry("accepted", "5")
        .containsEntry("status", "429");
    assertThat(Long.parseLong(burst(r).get("elapsed_ms"))).isEqualTo(r.obs().burstElapsed()
        .toMillis()).isLessThan(10_000);
    // Without observe_window the window is not judged from the burst.
    assertThat(r.status("ratelimit.window")).isEqualTo(Status.INFO);
    // The refusal asks for the whole 30s window: nothing to burst again for.
    assertThat(r.finding("ratelimit.window").observed()).startsWith("the window was not"
        + " observed: the burst was refused after 5 accepted in ").contains("the refusal's"
        + " Retry-After: 30 agrees with a 30s window (a limiter with a shorter one would ask for"
        + " less), which does not verify it");
    assertThat(r.obs().secondLook().rounds()).isEmpty();
    assertThat(r.finding("ratelimit.retry_after").observedValue())
        .isEqualTo(new Value.Header("Retry-After", "30"));
    assertThat(r.finding("ratelimit.recovery").observedValue())
        .isEqualTo(new Value.Setting("status", "200"));
    assertThat(r.findings()).allSatisfy(f -> {
      assertThat(f.subject()).isEqualTo("login");
      assertThat(f.about()).isEqualTo(new Subject(Subject.Kind.URL,
          "http://127.0.0.1:" + server.port() + "/login"));
    });
    assertThat(waits).containsExactly(Duration.ofSeconds(31));
    assertThat(announced).singleElement().asString()
        .contains("rate limit 'login' on api: POST http://127.0.0.1:" + server.port() + "/login")
        .contains("at most 8 requests").contains("each started within 30s of the first")
        .contains("waits at most 60s");
    assertThat(r.findings()).allSatisfy(f -> {
      assertThat(f.evidence()).containsExactly("api/ratelimit-login");
      assertThat(f.policyPointer()).startsWith("/rate_limits/0");
    });

    // The server got the real credentials; the evidence never holds them.
    server.verify(7, postRequestedFor(urlEqualTo("/login"))
        .withHeader("Authorization", equalTo("Bearer " + SECRET))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(containing(SECRET)));
    Artifact a = r.obs().artifact(4096);
    assertThat(r.written().text(a.content())).doesNotContain(SECRET).contains("Authorization: Bearer [REDACTED]")
        .contains("body not recorded").contains("#6 ").contains("→ 429")
        .contains("Retry-After: 30").contains("RateLimit: \"burst\";r=0;t=60")
        .contains("recovery: waited 31000 ms").contains("recovery ");
    assertThat(a.id()).isEqualTo("api/ratelimit-login");
  }

  @Test
  void aSecretInThePathIsSentAsWrittenAndMaskedInTheEvidence() {
    limiter("/feed?key=" + SECRET, 1, RateLimitProbeTest::ok, tooMany());

    Run r = run("{name: feed, target: api, request: {path: '/feed?key=${env:PW}'}, limit: 1,"
        + " window: 30s}");

    assertThat(requestsTo("/feed?key=" + SECRET)).isEqualTo(2);
    // Observed as sent; the announcement goes to stderr, which the CLI redacts
    // (SecretsNeverWrittenTest), and the evidence is redacted when written.
    assertThat(r.obs().url()).endsWith("/feed?key=" + SECRET);
    Redactor written = r.written();
    assertThat(written.text(announced.get(0))).contains("/feed?key=[REDACTED]")
        .doesNotContain(SECRET);
    assertThat(written.text(r.obs().artifact(4096).content())).doesNotContain(SECRET)
        .contains("/feed?key=[REDACTED]");
    // The endpoint the findings are about is the URL as sent; written, it is redacted too.
    assertThat(r.findings()).allSatisfy(f -> assertThat(written.text(f.about().name()))
        .endsWith("/feed?key=[REDACTED]").doesNotContain(SECRET));
  }

  @Test
  void bodyWithoutContentTypeIsSentAsJsonOrForm() {
    limiter("/json", 0, RateLimitProbeTest::ok, tooMany());
    limiter("/form", 0, RateLimitProbeTest::ok, tooMany());

    run("{name: j, target: api, request: {method: POST, path: /json, body: ' {\"a\":1}'},"
        + " limit: 1, window: 1m}");
    run("{name: f, target: api, request: {method: PUT, path: /form, body: 'a=1&b=2'}, limit: 1,"
        + " window: 1m}");

    server.verify(postRequestedFor(urlEqualTo("/json"))
        .withHeader("Content-Type", containing("application/json")));
    server.verify(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
        urlEqualTo("/form")).withHeader("Content-Type",
        containing("application/x-www-form-urlencoded")).withRequestBody(equalTo("a=1&b=2")));
  }

  @Test
  void aPathLeavingTheTargetsOriginIsNeverSent() {
    // The validator rejects "//host" paths; the probe refuses them too, whoever built the policy.
    dev.secaudit.policy.Target target = new dev.secaudit.policy.Target("api",
        "http://127.0.0.1:" + port, null, null, null, Map.of("Authorization", "Bearer x"), null,
        null);
    dev.secaudit.policy.RateLimit rule = new dev.secaudit.policy.RateLimit("x",
        "api", new dev.secaudit.policy.RateLimit.RateLimitRequest("GET", "//other.test/x", null,
            null), 5, dev.secaudit.policy.PolicyDuration.parse("1m"), null, null, null);
    HttpProbe http = new HttpProbe(new HttpProbe.Limits(Duration.ofSeconds(5),
        Duration.ofSeconds(5), Duration.ofSeconds(5), 1024), RecordingTrustManager.forKeyStore(
            null), Clock.systemUTC(), "secaudit-test");

    RateLimitObservation obs = new RateLimitProbe(http, Clock.systemUTC(),
        waits::add, announced::add).probe(target, 0, rule, null);

    assertThat(obs.skipped()).contains("leaves the target's origin");
    assertThat(obs.requests()).isEmpty();
    assertThat(announced).isEmpty();
  }

  @Test
  void limitLooserThanDeclaredFailsWithTheCount() {
    limiter("/search", 7, RateLimitProbeTest::ok, tooMany());

    Run r = run("{name: search, target: api, request: {path: /search}, limit: 5, window: 1m}");

    assertThat(r.obs().requests()).hasSize(8);
    assertThat(r.status("ratelimit.enforced")).isEqualTo(Status.FAIL);
    assertThat(r.finding("ratelimit.enforced").observed()).matches("looser than declared: 429"
        + " only at request 8, after 7 accepted in \\d+\\.\\d s \\(401×7, 429×1\\)");
    assertThat(r.finding("ratelimit.enforced").expected())
        .isEqualTo("429 at or before request 6 of a burst (claimed: 5 per 1m)");
    assertThat(r.finding("ratelimit.enforced").expectedValue())
        .isEqualTo(new Value.Count(6, null));
    assertThat(burst(r)).containsEntry("attempts", "8").containsEntry("accepted", "7");
    assertThat(r.status("ratelimit.window")).isEqualTo(Status.SKIPPED);
  }

  @Test
  void toleranceWidensWhatPasses() {
    limiter("/search", 7, RateLimitProbeTest::ok, tooMany());

    Run r = run("{name: search, target: api, request: {path: /search}, limit: 5, tolerance: 2,"
        + " window: 1m}");

    assertThat(r.status("ratelimit.enforced")).isEqualTo(Status.PASS);
  }

  @Test
  void noLimitFailsAndNeverExceedsTheCap() {
    server.stubFor(any(urlEqualTo("/open")).willReturn(aResponse().withStatus(200)
        .withHeader("X-RateLimit-Limit", "1000")));

    Run r = run("{name: open, target: api, request: {path: /open}, limit: 10, window: 1m,"
        + " recovery: true}");

    assertThat(requestsTo("/open")).isEqualTo(13);
    assertThat(r.obs().stop()).isEqualTo(RateLimitObservation.Stop.REQUEST_CAP);
    assertThat(r.status("ratelimit.enforced")).isEqualTo(Status.FAIL);
    assertThat(r.finding("ratelimit.enforced").observed())
        .isEqualTo("no 429 in 13 requests (the probe's cap): every request was accepted"
            + " (200×13)");
    assertThat(r.status("ratelimit.retry_after")).isEqualTo(Status.SKIPPED);
    assertThat(r.status("ratelimit.recovery")).isEqualTo(Status.SKIPPED);
    assertThat(r.status("ratelimit.headers")).isEqualTo(Status.WARN);
    assertThat(r.finding("ratelimit.headers").observed())
        .contains("advertises X-RateLimit-Limit 1000, Remaining ?, Reset ?; X-RateLimit-Limit"
            + " 1000 (quota 1000, not 10; window not stated) lets up to 1000 through at once, more than the 10"
            + " claimed per 60s; the policy states 10 per 60s");
    assertThat(waits).isEmpty();
  }

  @Test
  void refusalWithoutRetryAfterFailsThatCheckAndLeavesRecoveryUntested() {
    limiter("/login", 3, RateLimitProbeTest::ok, aResponse().withStatus(429));

    Run r = run("{name: login, target: api, request: {method: POST, path: /login}, limit: 3,"
        + " window: 1m, recovery: true}");

    assertThat(r.status("ratelimit.enforced")).isEqualTo(Status.PASS);
    assertThat(r.status("ratelimit.retry_after")).isEqualTo(Status.FAIL);
    assertThat(r.finding("ratelimit.retry_after").observed())
        .contains("429 without Retry-After or any reset time");
    assertThat(r.status("ratelimit.recovery")).isEqualTo(Status.WARN);
    assertThat(r.finding("ratelimit.recovery").observed())
        .contains("neither Retry-After nor when the quota resets");
    assertThat(requestsTo("/login")).isEqualTo(4);
    assertThat(waits).isEmpty();
  }

  @Test
  void httpDateRetryAfterIsReadAgainstTheServersClock() {
    limiter("/login", 2, RateLimitProbeTest::ok, aResponse().withStatus(429)
        .withHeader("Date", "Sun, 22 Nov 2026 12:00:00 GMT")
        .withHeader("Retry-After", "Sun, 22 Nov 2026 12:00:45 GMT"));

    Run r = run("{name: login, target: api, request: {path: /login}, limit: 2, window: 1m,"
        + " recovery: true}");

    assertThat(r.status("ratelimit.retry_after")).isEqualTo(Status.PASS);
    assertThat(r.finding("ratelimit.retry_after").observed()).contains("HTTP-date, 45s");
    assertThat(waits).containsExactly(Duration.ofSeconds(46));
    assertThat(r.status("ratelimit.recovery")).isEqualTo(Status.PASS);
  }

  @Test
  void retryAfterBeyondTheRecoveryCapIsNotWaitedFor() {
    limiter("/login", 2, RateLimitProbeTest::ok,
        aResponse().withStatus(429).withHeader("Retry-After", "3600"));

    Run r = run("{name: login, target: api, request: {path: /login}, limit: 2, window: 1h,"
        + " recovery: true}");

    assertThat(waits).isEmpty();
    assertThat(requestsTo("/login")).isEqualTo(3);
    assertThat(r.status("ratelimit.recovery")).isEqualTo(Status.WARN);
    assertThat(r.finding("ratelimit.recovery").observed())
        .contains("asks for 3600s, over the 60s the probe waits at most");
  }

  @Test
  void stillLimitedAfterTheWaitFailsRecovery() {
    server.stubFor(any(urlEqualTo("/login")).willReturn(
        aResponse().withStatus(429).withHeader("Retry-After", "5")));

    Run r = run("{name: login, target: api, request: {path: /login}, limit: 2, window: 1m,"
        + " recovery: true}");

    // Refused from the first request: consistent with the claim, but said plainly.
    assertThat(r.status("ratelimit.enforced")).isEqualTo(Status.PASS);
    assertThat(r.finding("ratelimit.enforced").observed())
        .contains("the first request was already refused");
    assertThat(r.status("ratelimit.recovery")).isEqualTo(Status.FAIL);
    assertThat(r.finding("ratelimit.recovery").observed()).isEqualTo("still 429 after waiting 6s");
  }

  @Test
  void serverErrorsInTheMiddleAreRecordedAndTheLimitStillJudged() {
    limiter("/login", 5, n -> n == 3 || n == 4 ? aResponse().withStatus(503) : ok(n),
        tooMany());

    Run r = run("{name: login, target: api, request: {path: /login}, limit: 5, window: 1m}");

    assertThat(r.status("ratelimit.enforced")).isEqualTo(Status.PASS);
    assertThat(r.finding("ratelimit.enforced").observed()).contains("401×3, 429×1, 503×2");
    assertThat(r.obs().artifact(4096).content()).contains("#3 ").contains("→ 503");
  }

  @Test
  void serverErrorsInsteadOfRefusalWarn() {
    limiter("/login", 3, RateLimitProbeTest::ok, aResponse().withStatus(500));
    server.stubFor(any(urlEqualTo("/login")).inScenario("limiter /login")
        .whenScenarioStateIs("window passed").willReturn(aResponse().withStatus(500)));

    Run r = run("{name: login, target: api, request: {path: /login}, limit: 3, window: 1m}");

    assertThat(requestsTo("/login")).isEqualTo(6);
    assertThat(r.status("ratelimit.enforced")).isEqualTo(Status.WARN);
    assertThat(r.finding("ratelimit.enforced").observed())
        .contains("3 server errors (5xx at request 4, 5, 6)")
        .contains("degrades rather than refusing");
  }

  @Test
  void slowingDownInsteadOfRefusingWarns() throws java.io.IOException {
    // The server slows its answers from the fourth on by far more than SLOW_FACTOR times the
    // first answers, measured on this machine as it runs: the second and third answers each took
    // the client less than the time from the first request's arrival to the fourth's (each was
    // sent after the one before it was answered, and answered before the next was sent), and the
    // median of three is at most the larger of those two. A delay of 2 × SLOW_FACTOR × that time
    // (and at least 2 s) is slowed however loaded the machine is; a fixed 400 ms, then 2 s, was
    // a bet on the load.
    List<Long> arrivals = new ArrayList<>();
    com.sun.net.httpserver.HttpServer slowing = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    slowing.createContext("/login", ex -> {
      ex.getRequestBody().readAllBytes();
      long delay = 0;
      synchronized (arrivals) {
        arrivals.add(System.nanoTime());
        int n = arrivals.size();
        if (n >= 4) {
          long firstThree = (arrivals.get(3) - arrivals.get(0)) / 1_000_000L;
          delay = Math.max(2000, 2L * RateLimitCheck.SLOW_FACTOR * firstThree);
        }
      }
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      SlidingLimiter.answer(ex, 401, 0);
    });
    slowing.start();
    port = slowing.getAddress().getPort();
    try {
      Run r = run("{name: login, target: api, request: {path: /login}, limit: 2, window: 1m}",
          Duration.ofSeconds(60), Clock.systemUTC(), null);

      assertThat(arrivals).hasSize(5);
      assertThat(r.status("ratelimit.enforced")).isEqualTo(Status.WARN);
      assertThat(r.finding("ratelimit.enforced").observed())
          .contains("2 slowed answers (request 4, 5");
    } finally {
      slowing.stop(0);
    }
  }

  @Test
  void timeoutsInsteadOfRefusalWarnAndEndTheProbe() {
    limiter("/login", 2, RateLimitProbeTest::ok, ok(3).withFixedDelay(1500));
    server.stubFor(any(urlEqualTo("/login")).inScenario("limiter /login")
        .whenScenarioStateIs("window passed").willReturn(ok(4).withFixedDelay(1500)));

    Run r = run("{name: login, target: api, request: {path: /login}, limit: 10, window: 1m}",
        Duration.ofMillis(300), Clock.systemUTC(), null);

    // Three answers in a row never came: the probe stops well before its cap of 13.
    assertThat(r.obs().stop()).isEqualTo(RateLimitObservation.Stop.UNREACHABLE);
    assertThat(r.obs().requests()).hasSize(5);
    assertThat(r.status("ratelimit.enforced")).isEqualTo(Status.WARN);
    assertThat(r.finding("ratelimit.enforced").observed()).contains("3 timeouts (at request 3,"
        + " 4, 5)");
  }

  @Test
  void nothingListeningIsAnError() throws java.io.IOException {
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }

    Run r = run("{name: login, target: api, request: {path: /login}, limit: 10, window: 1m}");

    assertThat(r.obs().requests()).hasSize(3);
    assertThat(r.status("ratelimit.enforced")).isEqualTo(Status.ERROR);
    assertThat(r.finding("ratelimit.enforced").observed()).contains("no answer to several"
        + " requests in a row").contains("connection refused");
  }

  @Test
  void timeCapStopsTheProbeBeforeTheRequestCap() {
    server.stubFor(any(urlEqualTo("/slowlimit")).willReturn(aResponse().withStatus(200)));
    // Each reading of this clock is 10 s later than the one before: a 30 s window fits three.
    Clock jumping = new Clock() {
      private Instant t = Instant.parse("2026-11-22T12:00:00Z");

      @Override
      public synchronized Instant instant() {
        Instant now = t;
        t = t.plusSeconds(10);
        return now;
      }

      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };

    Run r = run("{name: slow, target: api, request: {path: /slowlimit}, limit: 10, window: 30s}",
        Duration.ofSeconds(10), jumping, null);

    assertThat(r.obs().stop()).isEqualTo(RateLimitObservation.Stop.TIME_CAP);
    assertThat(requestsTo("/slowlimit")).isEqualTo(3);
    assertThat(r.status("ratelimit.enforced")).isEqualTo(Status.ERROR);
    assertThat(r.finding("ratelimit.enforced").observed())
        .contains("only 3 of 13 requests fit in the 30s time cap");
  }

  @Test
  void withoutOptInNothingIsSentAndEveryCheckSaysWhy() {
    server.stubFor(any(urlEqualTo("/login")).willReturn(aResponse().withStatus(200)));

    Run r = run("{name: login, target: api, request: {path: /login}, limit: 10, window: 1m,"
        + " recovery: true}", Duration.ofSeconds(10), Clock.systemUTC(),
        "active check: rerun with --active");

    assertThat(requestsTo("/login")).isZero();
    assertThat(announced).isEmpty();
    assertThat(r.findings()).hasSize(5).allSatisfy(f -> {
      assertThat(f.status()).isEqualTo(Status.SKIPPED);
      assertThat(f.observed()).isEqualTo("active check: rerun with --active");
    });
  }
}
