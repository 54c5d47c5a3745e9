package dev.secaudit.check.ratelimit;

import dev.secaudit.check.ratelimit.AdvertisedQuota.Reading;
import dev.secaudit.check.ratelimit.AdvertisedQuota.Verdict;
import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.ratelimit.RateLimitHeaders;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import java.util.ArrayList;
import java.util.List;

/**
 * What rate-limit headers that state no quota say about the claim: draft 08's {@code RateLimit:
 * "default";r=5} with no RateLimit-Policy, an {@code X-RateLimit-Remaining} alone, a reset time
 * alone. What is left is not the quota: 5 left may be 5 of 10 per minute or of 1000 per hour, so
 * such headers never agree with the claim. Two things the answers can still show, read from the
 * series itself and never assumed: a count left that already exceeds the claimed limit and its
 * tolerance after the first request (the server says more may come at once than the burst's
 * verdict would accept), and a count that
 * falls by one per accepted request to 0 at the refusal, which tracks the count the burst
 * measured but still states no window.
 */
final class AdvertisedRemaining {
  private AdvertisedRemaining() {}

  /** Values read beyond this many are elided in the middle. */
  private static final int SHOWN = 10;

  /** The reading of headers with no quota: never ENTAILS. */
  static Verdict judge(RateLimit rule, RateLimitObservation obs) {
    List<HttpExchange> burst = obs.requests();
    List<Long> left = new ArrayList<>();
    String field = null;
    for (HttpExchange e : burst) {
      Long r = null;
      if (!e.failed()) {
        RateLimitHeaders h = RateLimitHeaders.of(e);
        for (RateLimitHeaders.QuotaState s : h.states()) {
          if (s.remaining() != null) {
            r = s.remaining();
            field = field != null ? field : s.name() == null ? "RateLimit remaining"
                : "RateLimit \"" + s.name() + "\" r";
            break;
          }
        }
        if (r == null && h.legacyRemaining() != null) {
          r = h.legacyRemaining();
          field = field != null ? field : h.legacyPrefix() + "Remaining";
        }
      }
      left.add(r);
    }
    String none = "no quota is advertised (no RateLimit-Policy with q and w, no limit), so"
        + " nothing is compared with the claim; advertise RateLimit-Policy to have it compared";
    if (field == null) {
      return new Verdict(Reading.UNDECIDED, "a reset time alone states no count: " + none);
    }
    String read = field + " read " + series(left, burst.size(), obs.stop());
    boolean firstAccepted = RateLimitObservation.accepted(burst.get(0), rule.expectStatus(),
        obs.credentials());
    Long first = left.get(0);
    // The burst's verdict allows limit + tolerance accepted requests; a count left that says
    // no more than that is the same looseness, not a contradiction.
    int allowed = rule.limit() + rule.tolerance();
    String loose = "";
    if (firstAccepted && first != null && first + 1 > rule.limit()) {
      String said = first + " left after the first accepted request says at least " + (first + 1)
          + " may come at once, more than the " + rule.limit() + " claimed";
      if (first + 1 > allowed) {
        return new Verdict(Reading.CONTRADICTS, read + ": " + said + (rule.tolerance() > 0
            ? " with its tolerance of " + rule.tolerance() : "") + " (the quota and window are"
            + " not advertised)");
      }
      loose = "; " + said + ", within its tolerance of " + rule.tolerance();
    }
    int k = countdown(rule, obs, left);
    if (k > 0) {
      return new Verdict(Reading.UNDECIDED, read + loose + ": it fell by one per accepted"
          + " request to 0 at request " + k + ", and request " + (k + 1) + " was refused, so it"
          + " counts the " + k + " the burst measured; but what is left is not a quota per"
          + " window: " + none);
    }
    return new Verdict(Reading.UNDECIDED, read + loose + ": what is left, not the quota"
        + (obs.stop() == RateLimitObservation.Stop.LIMITED && burst.size() > 1
            ? " (it did not fall by one per accepted request to 0 at the refusal)" : "")
        + "; " + none);
  }

  /**
   * The count k of accepted requests before the refusal when every one of them was accepted and
   * what is left fell by one on each, reaching 0 on the k-th; else 0.
   */
  private static int countdown(RateLimit rule, RateLimitObservation obs, List<Long> left) {
    List<HttpExchange> burst = obs.requests();
    int k = burst.size() - 1;
    if (obs.stop() != RateLimitObservation.Stop.LIMITED || k < 1) {
      return 0;
    }
    for (int i = 0; i < k; i++) {
      if (!RateLimitObservation.accepted(burst.get(i), rule.expectStatus(), obs.credentials())
          || left.get(i) == null || i > 0 && left.get(i) != left.get(i - 1) - 1) {
        return 0;
      }
    }
    return left.get(k - 1) == 0 ? k : 0;
  }

  /** "4, 3, 2, 1, 0 on requests 1 to 5, none on the refusal": the values as read. */
  private static String series(List<Long> left, int requests, RateLimitObservation.Stop stop) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < left.size(); i++) {
      if (left.size() > SHOWN && i == SHOWN - 3) {
        shown.add("…");
        i = left.size() - 3;
      }
      shown.add(left.get(i) == null ? "none" : String.valueOf(left.get(i)));
    }
    return String.join(", ", shown) + (requests == 1 ? " on the one answer"
        : " on requests 1 to " + requests) + (stop == RateLimitObservation.Stop.LIMITED
            ? " (the last one refused)" : "");
  }
}
