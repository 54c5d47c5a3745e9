package dev.secaudit.starter;

import dev.secaudit.claim.Quantity;
import dev.secaudit.policy.RateLimit;

/** A page's amounts as the policy writes them: durations, and rate limits a probe can show. */
final class PageAmounts {
  private PageAmounts() {}

  /**
   * A rate as a whole count per window, over the window the page stated ("1,000 per hour" is
   * not 16 per minute: a limiter of 1,000 an hour lets a minute's burst of 1,000 through); a
   * rate read without one, per minute first, then per hour and day, per second last. Null when
   * no such window gives a count one probe may show (the count, and the requests past it).
   */
  static long[] window(Quantity q) {
    long[] windows = q.window() > 0 ? new long[] {Math.round(q.window())}
        : new long[] {60, 3600, 86400, 1};
    for (long w : windows) {
      double n = q.value() * w;
      if (n >= 1 && n + RateLimit.MARGIN <= RateLimit.MAX_REQUESTS
          && Math.abs(n - Math.rint(n)) < 1e-6) {
        return new long[] {Math.round(n), w};
      }
    }
    return null;
  }

  /** Seconds as the policy's duration: 30d, 24h, 15m, 45s. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s % 86400 == 0) {
      return s / 86400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
