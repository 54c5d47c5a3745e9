package dev.secaudit.check.ratelimit;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check alone, from hand-recorded observations: no server, no clock. */
class RateLimitCheckTest {
  private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

  private static LoadedPolicy policy(String rule) {
    String yaml = """
        version: 1
        name: recorded
        targets: [{name: api, url: "https://api.example.test"}]
        rate_limits:
          - %s
        """.formatted(rule);
    return new PolicyLoader(n -> null, StandardChecks.catalog().ids())
        .load("p.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpExchange answer(int n, int status, long millis, String... headers) {
    List<Header> hs = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      hs.add(new Header(headers[i], headers[i + 1]));
    }
    return new HttpExchange("api/ratelimit-x-" + n, "GET", "https://api.example.test/x",
        List.of(), status, "HTTP/1.1", hs, "", 0, false, Artifact.sha256(new byte[0]),
        T0.plusMillis(n * 10L), millis, null, null, List.of());
  }

  private static List<Finding> judge(LoadedPolicy loaded, List<HttpExchange> requests,
      RateLimitObservation.Stop stop) {
    return judge(loaded, requests, stop, false);
  }

  /** @param credentials the requests carried a body or a credential header */
  private static List<Finding> judge(LoadedPolicy loaded, List<HttpExchange> requests,
      RateLimitObservation.Stop stop, boolean credentials) {
    RateLimitObservation obs = new RateLimitObservation("api/ratelimit-x", "x", 0, "api", "GET",
        "https://api.example.test/x", 13, Duration.ofMinutes(1), null, requests, stop, null, null,
        null, credentials);
    return new RateLimitCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded,
        loaded.policy().targets().get(0),
        new TargetObservations("api", null, null, null, null, null, null, List.of(obs)), T0));
  }

  private static Finding find(List<Finding> fs, String id) {
    return fs.stream().filter(f -> f.checkId().equals(id)).findFirst().orElseThrow();
  }

  private static HttpExchange noAnswer(int n) {
    return new HttpExchange("api/ratelimit-x-" + n, "POST", "https://api.example.test/x",
        List.of(), 0, null, List.of(), "", 0, false, Artifact.sha256(new byte[0]),
        T0.plusMillis(n * 10L), 1, "the server closed the connection before sending any byte of"
            + " the response", null, List.of(), null, List.of());
  }

  /**
   * A fresh-eyes user's server closed every other connection: the requests with no answer were
   * counted as accepted, and a limiter that refused the sixth login was called "every request
   * accepted" (FAIL, and "limited to 5 per minute?" No). No answer is no acceptance, and may
   * never have reached the limiter.
   */
  @Test
  void requestsWithNoAnswerAreNotCountedAsAccepted() {
    LoadedPolicy loaded = policy("{name: x, target: api, request: {method: POST, path: /x},"
        + " limit: 5, window: 1m}");
    List<HttpExchange> alternate = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      alternate.add(i % 2 == 1 ? answer(i, 200, 3) : noAnswer(i));
    }
    Finding never = find(judge(loaded, alternate, RateLimitObservation.Stop.REQUEST_CAP),
        "ratelimit.enforced");
    assertThat(never.status()).isEqualTo(Status.ERROR);
    assertThat(never.observed()).contains("only 4 were answered");

    // Refused at the 8th, after 4 accepted and 3 unanswered: not looser than 5, not shown.
    List<HttpExchange> refused = new ArrayList<>(alternate.subList(0, 7));
    refused.add(answer(8, 429, 3, "Retry-After", "30"));
    Finding late = find(judge(loaded, refused, RateLimitObservation.Stop.LIMITED),
        "ratelimit.enforced");
    assertThat(late.status()).isEqualTo(Status.ERROR);
    assertThat(late.observed()).contains("after 4 accepted and 3 with no answer");

    // Six answered and accepted before the refusal: looser than 5, whatever else failed.
    List<HttpExchange> loose = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      loose.add(answer(i, 200, 3));
    }
    loose.add(noAnswer(7));
    loose.add(answer(8, 429, 3, "Retry-After", "30"));
    Finding looser = find(judge(loaded, loose, RateLimitObservation.Stop.LIMITED),
        "ratelimit.enforced");
    assertThat(looser.status()).isEqualTo(Status.FAIL);
    assertThat(looser.observed()).contains("after 6 accepted");
  }

  private Finding headers(LoadedPolicy loaded, String... header) {
    return find(judge(loaded, List.of(answer(1, 200, 3, header),
        answer(2, 429, 3, "Retry-After", "12")), RateLimitObservation.Stop.LIMITED),
        "ratelimit.headers");
  }

  /**
   * 600 an hour is 10 a minute on average, and was said to agree with a claim of 10 per minute:
   * yet it lets all 600 through in one minute. Quota and window are judged as what they entail
   * about any minute, with the numbers when they do not.
   */
  @Test
  void advertisedQuotaMustEntailTheClaimNotMatchItsRate() {
    LoadedPolicy loaded = policy("{name: x, target: api, request: {path: /x}, limit: 10,"
        + " window: 1m}");
    Finding hourly = headers(loaded, "RateLimit-Policy", "\"hourly\";q=600;w=3600");
    assertThat(hourly.status()).isEqualTo(Status.WARN);
    assertThat(hourly.observed()).contains("RateLimit-Policy \"hourly\" 600 per 3600s (quota 600,"
        + " not 10; window 3600s, not 60s) lets up to 600 through in 60s (a 3600s window holds"
        + " any 60s span), more than the 10 claimed; the policy states 10 per 60s");

    // 10 an hour: any minute lies inside an hour, so at most 10 in it; stricter, and said so.
    Finding tenAnHour = headers(loaded, "RateLimit-Policy", "\"h\";q=10;w=3600");
    assertThat(tenAnHour.status()).isEqualTo(Status.PASS);
    assertThat(tenAnHour.observed()).contains("lets at most 10 through in any 60s");

    // 5 per 30 s: two windows begin within a minute, 10 at most: entails 10 per minute.
    Finding halves = headers(loaded, "RateLimit-Policy", "5;w=30");
    assertThat(halves.status()).isEqualTo(Status.PASS);
    assertThat(halves.observed()).contains("lets at most 10 through in any 60s (5 at the start of"
        + " each of the 2 windows of 30s that begin within 60s)");

    // 4 per 7 s: nine windows begin within a minute, 36 in all.
    Finding sevens = headers(loaded, "RateLimit-Policy", "\"s\";q=4;w=7");
    assertThat(sevens.status()).isEqualTo(Status.WARN);
    assertThat(sevens.observed()).contains("lets up to 36 through in 60s (4 at the start of each"
        + " of the 9 windows of 7s");

    // Several policies all hold: the tightest one decides.
    Finding both = headers(loaded, "RateLimit-Policy", "\"a\";q=600;w=3600, \"b\";q=8;w=60");
    assertThat(both.status()).isEqualTo(Status.PASS);
    assertThat(both.observed()).contains("RateLimit-Policy \"b\" 8 per 60s lets at most 8 through"
        + " in any 60s, stricter than the 10 per 60s claimed");

    List<Finding> looser = judge(loaded, List.of(
        answer(1, 200, 3, "RateLimit-Policy", "\"a\";q=100;w=3600, \"b\";q=20;w=60"),
        answer(2, 429, 3, "Retry-After", "12")), RateLimitObservation.Stop.LIMITED);
    assertThat(find(looser, "ratelimit.headers").status()).isEqualTo(Status.WARN);
    assertThat(find(looser, "ratelimit.headers").observed())
        .contains("RateLimit-Policy \"b\" 20 per 60s (quota 20, not 10) lets up to 20 through in"
            + " 60s, more than the 10 claimed; the policy states 10 per 60s");
    assertThat(find(looser, "ratelimit.headers").severity())
        .isEqualTo(dev.secaudit.model.Severity.INFO);

    // A quota of bytes bounds something else than requests.
    Finding bytes = headers(loaded, "RateLimit-Policy", "\"b\";q=10;w=60;qu=\"content-bytes\"");
    assertThat(bytes.status()).isEqualTo(Status.INFO);
    assertThat(bytes.observed()).contains("counts content-bytes, not requests");
  }

  /** A count with no window cannot entail a claim with one: 10 per second sends it too. */
  @Test
  void aCountWithoutAWindowIsForReviewNotAgreement() {
    LoadedPolicy loaded = policy("{name: x, target: api, request: {path: /x}, limit: 10,"
        + " window: 1m}");
    for (String[] h : List.of(new String[] {"X-RateLimit-Limit", "10"},
        new String[] {"RateLimit-Limit", "10"}, new String[] {"RateLimit", "limit=10, reset=60"})) {
      Finding f = headers(loaded, h);
      assertThat(f.status()).as(h[0]).isEqualTo(Status.INFO);
      assertThat(f.observed()).as(h[0]).contains("states a quota of 10 but no window, so it does"
          + " not show 10 per 60s");
    }
    Finding more = headers(loaded, "X-RateLimit-Limit", "11");
    assertThat(more.status()).isEqualTo(Status.WARN);
    assertThat(more.observed()).contains("X-RateLimit-Limit 11 (quota 11, not 10; window not"
        + " stated) lets up to 11 through at once");
  }

  private static HttpExchange said(int n, int status, String body) {
    return new HttpExchange("api/ratelimit-x-" + n, "POST", "https://api.example.test/x",
        List.of(), status, "HTTP/1.1", List.of(), body, body.length(), false,
        Artifact.sha256(new byte[0]), T0.plusMillis(n * 10L), 3, null, null, List.of());
  }

  /**
   * Only what an answer says decides that the attempt was never made: a body naming CSRF, or a
   * 419. A bare 400, 401 or 403 may be the login's own "wrong password" (Django REST framework
   * answers 400), so it stays an attempt.
   */
  @Test
  void onlyAnAnswerThatNamesCsrfIsRefusedBeforeTheAttempt() {
    assertThat(dev.secaudit.probe.ratelimit.UnprocessedAttempt.beforeAction(said(1, 403,
        "CSRF verification failed. Request aborted."))).isEqualTo("403: the answer names CSRF");
    assertThat(dev.secaudit.probe.ratelimit.UnprocessedAttempt.beforeAction(said(1, 422,
        "ActionController::InvalidAuthenticityToken"))).isNotNull();
    assertThat(dev.secaudit.probe.ratelimit.UnprocessedAttempt.beforeAction(said(1, 419,
        "Page Expired"))).startsWith("419");
    for (int status : new int[] {400, 401, 403}) {
      assertThat(dev.secaudit.probe.ratelimit.UnprocessedAttempt.beforeAction(said(1, status,
          "{\"non_field_errors\":[\"Unable to log in with provided credentials.\"]}")))
          .as("%d", status).isNull();
    }
    // A 200 page that mentions a CSRF field is the form, not a refusal.
    assertThat(dev.secaudit.probe.ratelimit.UnprocessedAttempt.beforeAction(said(1, 200,
        "<input name=csrfmiddlewaretoken>"))).isNull();
  }

  /** Never refused, but every answer a CSRF refusal: no attempt was made, so no FAIL either. */
  @Test
  void aBurstRefusedForCsrfThroughoutExercisedNoAttempt() {
    LoadedPolicy loaded = policy("{name: x, target: api, request: {method: POST, path: /x,"
        + " body: 'u=a&p=b'}, limit: 5, window: 1m}");
    List<HttpExchange> refused = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      refused.add(said(i, 403, "CSRF token missing"));
    }
    Finding f = find(judge(loaded, refused, RateLimitObservation.Stop.REQUEST_CAP, true),
        "ratelimit.enforced");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).startsWith("no 429 in 8 requests (403×8); 403×8: refused before the"
        + " attempt was made (the answer names CSRF), so the limit was not exercised by"
        + " attempts; carry the form's token and cookie with setup_flow");

    // Six real attempts among them: looser than 5 whatever the others were.
    List<HttpExchange> mixed = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      mixed.add(i <= 6 ? said(i, 200, "wrong password") : said(i, 403, "CSRF token missing"));
    }
    assertThat(find(judge(loaded, mixed, RateLimitObservation.Stop.REQUEST_CAP, true),
        "ratelimit.enforced").status()).isEqualTo(Status.FAIL);
  }

  /** The bound, worked by hand: windows that begin within the span, each with a full quota. */
  @Test
  void boundCountsTheWindowsThatBeginWithinTheSpan() {
    assertThat(AdvertisedQuota.bound(600, 3600, 60)).isEqualTo(600);
    assertThat(AdvertisedQuota.bound(10, 60, 60)).isEqualTo(10);
    assertThat(AdvertisedQuota.bound(5, 30, 60)).isEqualTo(10);
    assertThat(AdvertisedQuota.bound(5, 31, 60)).isEqualTo(10);
    assertThat(AdvertisedQuota.bound(5, 29, 60)).isEqualTo(15);
    assertThat(AdvertisedQuota.bound(10, 1, 60)).isEqualTo(600);
  }

  /**
   * A blind review: express-rate-limit's draft-6 headers on a 10-per-second limiter were read as
   * a policy named "10" with an unknown quota, and PASSed against a claimed 10 per minute; the
   * 20-per-minute one was never said to differ from 10.
   */
  @Test
  void draft06PolicyIsComparedAndTheDifferingNumbersNamed() {
    LoadedPolicy loaded = policy("{name: x, target: api, request: {path: /x}, limit: 10,"
        + " window: 1m}");
    Finding perSecond = find(judge(loaded, List.of(
        answer(1, 200, 3, "RateLimit-Policy", "10;w=1", "RateLimit-Limit", "10",
            "RateLimit-Remaining", "9", "RateLimit-Reset", "1"),
        answer(2, 429, 3, "Retry-After", "1")), RateLimitObservation.Stop.LIMITED),
        "ratelimit.headers");
    assertThat(perSecond.status()).isEqualTo(Status.WARN);
    assertThat(perSecond.observed()).contains("RateLimit-Policy 10 per 1s (window 1s, not 60s)"
        + " lets up to 600 through in 60s").contains("the policy states 10 per 60s")
        .doesNotContain("?");

    Finding looser = find(judge(loaded, List.of(
        answer(1, 200, 3, "RateLimit-Policy", "20;w=60", "RateLimit",
            "limit=20, remaining=19, reset=60"),
        answer(2, 429, 3, "Retry-After", "60")), RateLimitObservation.Stop.LIMITED),
        "ratelimit.headers");
    assertThat(looser.status()).isEqualTo(Status.WARN);
    assertThat(looser.observed()).contains("RateLimit-Policy 20 per 60s (quota 20, not 10) lets up"
        + " to 20 through in 60s");

    // A draft-07 dictionary without a policy still states the count.
    Finding dictOnly = find(judge(loaded, List.of(
        answer(1, 200, 3, "RateLimit", "limit=12, remaining=11, reset=60"),
        answer(2, 429, 3, "Retry-After", "60")), RateLimitObservation.Stop.LIMITED),
        "ratelimit.headers");
    assertThat(dictOnly.status()).isEqualTo(Status.WARN);
    assertThat(dictOnly.observed()).contains("RateLimit limit=12 (quota 12, not 10");
  }

  /**
   * A blind review: a correct draft-7 RateLimit dictionary was called "not a structured-field
   * list", once per request, and the WARN sank a claim whose behaviour was fully verified.
   */
  @Test
  void draft07HeadersAgreeingWithTheClaimPass() {
    LoadedPolicy loaded = policy("{name: x, target: api, request: {path: /x}, limit: 2,"
        + " window: 1m}");
    Finding f = find(judge(loaded, List.of(
        answer(1, 401, 3, "RateLimit-Policy", "2;w=60", "RateLimit",
            "limit=2, remaining=1, reset=60"),
        answer(2, 401, 3, "RateLimit-Policy", "2;w=60", "RateLimit",
            "limit=2, remaining=0, reset=59"),
        answer(3, 429, 3, "Retry-After", "59", "RateLimit-Policy", "2;w=60", "RateLimit",
            "limit=2, remaining=0, reset=59")), RateLimitObservation.Stop.LIMITED),
        "ratelimit.headers");
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).isEqualTo("advertises RateLimit-Policy 2 per 60s; RateLimit limit 2,"
        + " 1 left, resets in 60s");
  }

  /** A garbled field is said once, with on how many answers, and is INFO: it claims nothing. */
  @Test
  void aMalformedFieldIsSaidOnceAndDoesNotWarn() {
    LoadedPolicy loaded = policy("{name: x, target: api, request: {path: /x}, limit: 2,"
        + " window: 1m}");
    Finding f = find(judge(loaded, List.of(
        answer(1, 200, 3, "RateLimit-Policy", "2;w=60", "RateLimit", "limit 2 left 1"),
        answer(2, 200, 3, "RateLimit-Policy", "2;w=60", "RateLimit", "limit 2 left 0"),
        answer(3, 429, 3, "Retry-After", "59")), RateLimitObservation.Stop.LIMITED),
        "ratelimit.headers");
    assertThat(f.status()).isEqualTo(Status.INFO);
    assertThat(f.observed()).containsOnlyOnce("RateLimit '").contains("'limit 2 left 1'")
        .contains("(on 2 of 3 answers)");
  }

  /** A blind review: "advertises no headers" PASSed for bursts the budget never let out. */
  @Test
  void noAnswerMeansNoHeaderWasSeen() {
    LoadedPolicy loaded = policy("{name: x, target: api, request: {method: POST, path: /x},"
        + " limit: 5, window: 1m}");
    List<Finding> fs = judge(loaded, List.of(noAnswer(1), noAnswer(2), noAnswer(3)),
        RateLimitObservation.Stop.UNREACHABLE);
    assertThat(find(fs, "ratelimit.headers").status()).isEqualTo(Status.SKIPPED);
    assertThat(find(fs, "ratelimit.headers").observed()).contains("no request was answered");
  }

  @Test
  void resetTimeWithoutRetryAfterIsAWarning() {
    LoadedPolicy loaded = policy("{name: x, target: api, request: {path: /x}, limit: 1,"
        + " window: 1m}");
    List<Finding> fs = judge(loaded, List.of(answer(1, 200, 3),
        answer(2, 429, 3, "RateLimit", "\"default\";r=0;t=42")),
        RateLimitObservation.Stop.LIMITED);
    assertThat(find(fs, "ratelimit.retry_after").status()).isEqualTo(Status.WARN);
    assertThat(find(fs, "ratelimit.retry_after").observed()).contains("(42s:");
  }

  @Test
  void slowAnswersAreMeasuredAgainstTheFirstOnes() {
    List<HttpExchange> rs = List.of(answer(1, 200, 40), answer(2, 200, 60), answer(3, 200, 50),
        answer(4, 200, 199), answer(5, 200, 260), answer(6, 502, 5));
    RateLimitCheck.Anomalies a = RateLimitCheck.anomalies(rs);
    assertThat(a.baselineMs()).isEqualTo(50);
    // 4 × 50 ms = 200 ms is below the 250 ms floor: only request 5 is slow.
    assertThat(a.slow()).containsExactly(5);
    assertThat(a.serverErrors()).containsExactly(6);
    assertThat(RateLimitCheck.statuses(rs)).isEqualTo("200×5, 502×1");
  }

  @Test
  void aSlowFirstAnswerIsTheConnectionNotTheServerSlowingDown() {
    // Request 1 took 300 ms (connection set-up); the rest of the probe's 13 answered at once
    // and none was refused.
    List<HttpExchange> rs = new java.util.ArrayList<>(List.of(answer(1, 200, 300)));
    for (int i = 2; i <= 13; i++) {
      rs.add(answer(i, 200, 10 + i % 3));
    }
    assertThat(RateLimitCheck.anomalies(rs).any()).isFalse();
    LoadedPolicy loaded = policy("{name: x, target: api, request: {path: /x}, limit: 3,"
        + " window: 1m}");
    Finding enforced = find(judge(loaded, rs, RateLimitObservation.Stop.REQUEST_CAP),
        "ratelimit.enforced");
    assertThat(enforced.observed()).doesNotContain("degrades");
    assertThat(enforced.status()).as(enforced.observed()).isEqualTo(Status.FAIL);
  }

  @Test
  void aDifferentExpectedStatusIsHonoured() {
    LoadedPolicy loaded = policy("{name: x, target: api, request: {path: /x}, limit: 2,"
        + " window: 1m, expect_status: 503}");
    List<Finding> fs = judge(loaded, List.of(answer(1, 200, 3), answer(2, 200, 3),
        answer(3, 503, 3, "Retry-After", "60")), RateLimitObservation.Stop.LIMITED);
    assertThat(find(fs, "ratelimit.enforced").status()).isEqualTo(Status.PASS);
    assertThat(find(fs, "ratelimit.enforced").expected())
        .isEqualTo("503 at or before request 3 of a burst (claimed: 2 per 1m)");
    assertThat(find(fs, "ratelimit.enforced").mappings()).extracting(Object::toString)
        .containsExactly("soc2:CC6.6", "gdpr:32(1)(b)", "iso27001:8.20");
  }
}
