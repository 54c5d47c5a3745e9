package dev.secaudit.check.ratelimit;

import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.ratelimit.RateLimitHeaders;
import dev.secaudit.probe.ratelimit.RateLimitHeaders.QuotaPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the limits a server advertises entail the policy's claim of at most L requests per W
 * seconds. Comparing rates is wrong: 600 per hour is 10 per minute on average, yet lets all 600
 * through in one minute. What a quota of q per w seconds promises about a span of W seconds,
 * whatever the limiter's algorithm: with w at least W, the span lies inside one window, so at
 * most q; with a shorter window, ⌈W/w⌉ windows begin inside the span, so at most q × ⌈W/w⌉ (a
 * sliding window reaches it, one full quota at each window's start). The header entails the
 * claim only when that bound is at most L. A fixed-window limiter lets more than that through
 * across a window edge (5 per 30 s: 5 at 29.9 s and 5 at 30.0 s), but so does a fixed-window
 * reading of the claim itself (10 per minute: 20 across the minute's edge), and when
 * q × ⌈W/w⌉ ≤ L the edge case of the header stays within the claim's: q × (⌈W/w⌉ + 1) ≤ 2L.
 * Several policies all hold at once, so the tightest bound counts. A count with no window
 * (X-RateLimit-Limit, RateLimit-Limit, draft 07's {@code limit=}) contradicts a smaller claim (the
 * whole count may come at once) but cannot entail any: a limiter of that many per second sends
 * the same header.
 */
final class AdvertisedQuota {
  private AdvertisedQuota() {}

  enum Reading { ENTAILS, CONTRADICTS, UNDECIDED }

  /**
   * The reading, and what the header says against the claim, with the numbers; empty when it
   * states the claim's own quota and window.
   */
  record Verdict(Reading reading, String said) {}

  /** The most requests q per w seconds lets through in any span of w seconds. */
  static long bound(long quota, long windowSeconds, long spanSeconds) {
    long windows = windowSeconds >= spanSeconds ? 1
        : (spanSeconds + windowSeconds - 1) / windowSeconds;
    return Math.multiplyExact(quota, windows);
  }

  /** What the advertised headers entail about the rule's claim, or null when they state nothing. */
  static Verdict judge(RateLimit rule, RateLimitHeaders seen) {
    long span = rule.window().seconds();
    long limit = rule.limit();
    String claim = limit + " per " + span + "s";
    QuotaPolicy tightest = null;
    long least = Long.MAX_VALUE;
    List<String> other = new ArrayList<>();
    for (QuotaPolicy p : seen.policies()) {
      if (p.unit() != null && !p.unit().toLowerCase(Locale.ROOT).equals("requests")) {
        // Bytes or concurrent requests bound something else than the count the claim is about.
        other.add(p.describe() + " counts " + p.unit() + ", not requests");
      } else if (p.quota() == null || p.windowSeconds() == null || p.windowSeconds() <= 0) {
        other.add(p.describe() + " states no quota and window to compare");
      } else {
        long b = bound(p.quota(), p.windowSeconds(), span);
        if (b < least) {
          least = b;
          tightest = p;
        }
      }
    }
    if (tightest != null) {
      String policy = "RateLimit-Policy " + tightest.describe();
      long w = tightest.windowSeconds();
      String how = w >= span
          ? (w == span ? "" : " (a " + w + "s window holds any " + span + "s span)")
          : " (" + tightest.quota() + " at the start of each of the " + (least / tightest.quota())
              + " windows of " + w + "s that begin within " + span + "s)";
      if (least == limit && w == span) {
        return new Verdict(Reading.ENTAILS, "");
      }
      if (least <= limit) {
        return new Verdict(Reading.ENTAILS, policy + " lets at most " + least + " through in any "
            + span + "s" + how + (least < limit ? ", stricter than the " + claim + " claimed"
            : ""));
      }
      List<String> which = new ArrayList<>();
      if (tightest.quota() != limit) {
        which.add("quota " + tightest.quota() + ", not " + limit);
      }
      if (w != span) {
        which.add("window " + w + "s, not " + span + "s");
      }
      return new Verdict(Reading.CONTRADICTS, policy + " (" + String.join("; ", which)
          + ") lets up to " + least + " through in " + span + "s" + how + ", more than the "
          + limit + " claimed");
    }
    String named = null;
    Long count = seen.states().stream().map(RateLimitHeaders.QuotaState::limit)
        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    if (count != null) {
      named = "RateLimit limit=" + count;
    } else if (seen.legacyLimit() != null) {
      count = seen.legacyLimit();
      named = seen.legacyPrefix() + "Limit " + count;
    }
    String others = other.isEmpty() ? "" : " (" + String.join("; ", other) + ")";
    if (count == null) {
      return other.isEmpty() ? null : new Verdict(Reading.UNDECIDED, String.join("; ", other)
          + ": nothing to compare with the " + claim + " claimed");
    }
    if (count > limit) {
      return new Verdict(Reading.CONTRADICTS, named + " (quota " + count + ", not " + limit
          + "; window not stated) lets up to " + count + " through at once, more than the "
          + limit + " claimed per " + span + "s" + others);
    }
    return new Verdict(Reading.UNDECIDED, named + " states a quota of " + count + " but no"
        + " window, so it does not show " + claim + " (" + count + " per second would send the"
        + " same header); advertise RateLimit-Policy with w to have it compared" + others);
  }
}
