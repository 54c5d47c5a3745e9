package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.RateLimit;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a rate_limits entry claims, as two claims, because the probe shows two different things.
 * A burst refused after N attempts shows that requests are limited, and after how many in a row
 * (ratelimit.enforced): that answers "Do you rate limit logins?". "At most N per hour" needs the
 * window observed as well (ratelimit.window, opt-in): a limiter of N per second refuses the same
 * burst. Without a watched window the amount stands unknown with the reason, so no answer, page
 * or claim.verified reads it from the burst.
 */
final class RateLimitClaims {
  private RateLimitClaims() {}

  static final String ENFORCED = "ratelimit.enforced";
  static final String WINDOW = "ratelimit.window";

  static void add(List<Claim> out, RateLimit r, int index, ClaimEvidence evidence,
      Vocabulary vocabulary, Scope everyTarget) {
    String at = "/rate_limits/" + index;
    // The login's limit by its name or its path: a question naming the login asks of it alone.
    String path = r.request() == null || r.request().path() == null ? "" : r.request().path();
    if (PartRules.namesLogin(java.util.Arrays.asList((r.name() + " " + path)
        .toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+")))) {
      everyTarget = PartRules.loginScope(everyTarget);
    }
    Predicate<Finding> ruled = ClaimBook.about(r.name(), at);
    List<Finding> burst = evidence.findings(List.of(ENFORCED)).stream().filter(ruled)
        .filter(f -> ChecksOutcome.judges(f.status())).toList();
    if (r.limit() != null && !burst.isEmpty()
        && burst.stream().allMatch(f -> f.status() == Status.PASS)) {
      // A refused burst verifies that the endpoint limits attempts, whatever the window: a claim
      // without an amount, which answers no threshold.
      ClaimBook.section(out, evidence, vocabulary, "rate_limit", at + "/limit", "rate limit "
          + r.name() + ": refused after at most " + (r.limit() + r.tolerance())
          + " attempts in a burst", null, everyTarget, "", List.of(ENFORCED), ruled);
    }
    // Whether a 429 says when to retry is its own question, answered from that check alone.
    ClaimBook.section(out, evidence, vocabulary, "rate_limit.retry_after", at + "/retry_after",
        "rate limit " + r.name() + ": a 429 carries Retry-After", null, everyTarget, "",
        List.of("ratelimit.retry_after"), ruled);
    if (r.limit() == null || r.window() == null) {
      return;
    }
    double seconds = r.window().value().toSeconds();
    Quantity q = new Quantity(r.limit() / seconds, Quantity.Unit.PER_SECOND,
        Quantity.Comparison.AT_MOST, seconds);
    int before = out.size();
    ClaimBook.section(out, evidence, vocabulary, "rate_limit", at, "rate limit " + r.name()
        + ": " + q.amount(), q, everyTarget, "", List.of(ENFORCED, WINDOW), ruled);
    if (out.size() == before) {
      return;
    }
    Claim c = out.get(before);
    List<Finding> window = evidence.findings(List.of(WINDOW)).stream().filter(ruled).toList();
    boolean watched = window.stream().anyMatch(f -> f.status() == Status.PASS);
    if ((c.standing() == Standing.VERIFIED || c.standing() == Standing.STALE) && !watched) {
      // The burst passed, and nothing watched the window: the amount is not shown.
      String why = window.stream().filter(f -> !f.observed().isEmpty()).map(Finding::observed)
          .findFirst().orElse("no ratelimit.window finding: a burst refused after "
              + r.limit() + " attempts does not show the " + r.window().text()
              + " window (scan written before the window was judged)");
      out.set(before, c.unknown(why));
    }
  }
}
