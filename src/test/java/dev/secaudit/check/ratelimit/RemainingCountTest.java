package dev.secaudit.check.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * ratelimit.headers when the answers say only what is left (draft 08's RateLimit r with no
 * RateLimit-Policy, X-RateLimit-Remaining alone), against a limiter on loopback that counts:
 * never a PASS, since what is left is not the quota; a WARN when what is left already exceeds
 * the claim; the countdown named only when the series read shows it. Every expected value is
 * derived from the limiter's configured limit.
 */
class RemainingCountTest {
  private static final int LIMIT = 4;
  private static final String RULE = "{name: login, target: api, request: {method: POST,"
      + " path: /login, body: 'user=probe&password=wrong'}, limit: " + LIMIT + ", window: 1m}";
  private static final String TOLERANT = RULE.substring(0, RULE.length() - 1) + ", tolerance: 1}";

  /** "3, 2, 1, 0, 0 on requests 1 to 5 (the last one refused)": the series as the check says it. */
  private static String series(IntUnaryOperator left) {
    List<String> values = new ArrayList<>();
    for (int n = 1; n <= LIMIT + 1; n++) {
      values.add(String.valueOf(left.applyAsInt(Math.min(n, LIMIT))));
    }
    return String.join(", ", values) + " on requests 1 to " + (LIMIT + 1)
        + " (the last one refused)";
  }

  @Test
  void aDraft08RemainingAloneIsNotAQuotaEvenWhenItCountsDown() throws Exception {
    try (CountingLimiter server = new CountingLimiter(LIMIT, false, (limit, counted) -> Map.of(
        "RateLimit", "\"default\";r=" + (limit - counted)))) {
      ProbedRateLimit r = server.probe(RULE);

      assertThat(r.finding("ratelimit.enforced").status()).isEqualTo(Status.PASS);
      Finding headers = r.finding("ratelimit.headers");
      assertThat(headers.status()).as(headers.observed()).isEqualTo(Status.INFO);
      assertThat(headers.observed()).contains("RateLimit \"default\" r read "
          + series(counted -> LIMIT - counted) + ": it fell by one per accepted request to 0 at"
          + " request " + LIMIT + ", and request " + (LIMIT + 1) + " was refused, so it counts"
          + " the " + LIMIT + " the burst measured")
          .contains("no quota is advertised").contains("the policy states " + LIMIT
              + " per 60s");
    }
  }

  @Test
  void anXRateLimitRemainingAloneIsReadAndNotAgreedWith() throws Exception {
    try (CountingLimiter server = new CountingLimiter(LIMIT, false, (limit, counted) -> Map.of(
        "X-RateLimit-Remaining", String.valueOf(limit - counted)))) {
      ProbedRateLimit r = server.probe(RULE);

      Finding headers = r.finding("ratelimit.headers");
      assertThat(headers.status()).as(headers.observed()).isEqualTo(Status.INFO);
      assertThat(headers.observed()).contains("X-RateLimit-Remaining read "
          + series(counted -> LIMIT - counted) + ": it fell by one per accepted request to 0");
    }
  }

  @Test
  void moreLeftThanTheClaimAllowsWarns() throws Exception {
    int quota = 10 * LIMIT;
    try (CountingLimiter server = new CountingLimiter(LIMIT, false, (limit, counted) -> Map.of(
        "RateLimit", "\"default\";r=" + (quota - counted)))) {
      ProbedRateLimit r = server.probe(RULE);

      // The burst is refused on time; the header says far more may come.
      assertThat(r.finding("ratelimit.enforced").status()).isEqualTo(Status.PASS);
      Finding headers = r.finding("ratelimit.headers");
      assertThat(headers.status()).as(headers.observed()).isEqualTo(Status.WARN);
      assertThat(headers.observed()).contains(series(counted -> quota - counted) + ": "
          + (quota - 1) + " left after the first accepted request says at least " + quota
          + " may come at once, more than the " + LIMIT + " claimed");
    }
  }

  @Test
  void moreLeftWithinTheToleranceIsTheBurstsLoosenessNotAContradiction() throws Exception {
    // One more left than the limit allows: a limiter that counts one request late, which the
    // burst's verdict accepts with a tolerance of 1 and refutes without one.
    CountingLimiter.Advertised late = (limit, counted) -> Map.of("RateLimit",
        "\"default\";r=" + (limit + 1 - counted));
    String said = LIMIT + " left after the first accepted request says at least " + (LIMIT + 1)
        + " may come at once, more than the " + LIMIT + " claimed";
    try (CountingLimiter server = new CountingLimiter(LIMIT, false, late)) {
      Finding headers = server.probe(TOLERANT)
          .finding("ratelimit.headers");

      assertThat(headers.status()).as(headers.observed()).isEqualTo(Status.INFO);
      assertThat(headers.observed()).contains(said + ", within its tolerance of 1")
          .contains("no quota is advertised");
    }
    try (CountingLimiter server = new CountingLimiter(LIMIT, false, late)) {
      Finding headers = server.probe(RULE).finding("ratelimit.headers");

      assertThat(headers.status()).as(headers.observed()).isEqualTo(Status.WARN);
      assertThat(headers.observed()).contains(said + " (the quota and window are not"
          + " advertised)");
    }
  }

  @Test
  void moreLeftThanTheLimitAndItsToleranceWarnsNamingTheTolerance() throws Exception {
    try (CountingLimiter server = new CountingLimiter(LIMIT, false, (limit, counted) -> Map.of(
        "RateLimit", "\"default\";r=" + (limit + 2 - counted)))) {
      Finding headers = server.probe(TOLERANT)
          .finding("ratelimit.headers");

      assertThat(headers.status()).as(headers.observed()).isEqualTo(Status.WARN);
      assertThat(headers.observed()).contains((LIMIT + 1) + " left after the first accepted"
          + " request says at least " + (LIMIT + 2) + " may come at once, more than the " + LIMIT
          + " claimed with its tolerance of 1");
    }
  }

  @Test
  void aCountThatDoesNotFallIsReadButNamesNoCountdown() throws Exception {
    try (CountingLimiter server = new CountingLimiter(LIMIT, false, (limit, counted) -> Map.of(
        "RateLimit", "\"default\";r=" + (limit - 1)))) {
      ProbedRateLimit r = server.probe(RULE);

      Finding headers = r.finding("ratelimit.headers");
      assertThat(headers.status()).as(headers.observed()).isEqualTo(Status.INFO);
      assertThat(headers.observed()).contains(series(counted -> LIMIT - 1)
          + ": what is left, not the quota (it did not fall by one per accepted request to 0 at"
          + " the refusal)").doesNotContain("fell by one");
    }
  }
}
