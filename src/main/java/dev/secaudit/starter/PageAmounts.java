package dev.secaudit.starter;

import dev.secaudit.claim.Quantity;
import dev.secaudit.policy.RateLimit;
import java.util.Locale;

/**
 * A page's values as the policy writes them: durations, rate limits a probe can show, the
 * certificate authority a sentence names.
 */
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

  private static final java.util.regex.Pattern RATE = java.util.regex.Pattern.compile(
      "(?i)\\b(\\d[\\d,]*)\\s*(?:requests?\\s*)?(?:/|per\\s+)\\s*"
      + "(second|sec|minute|min|hour|hr|day)s?\\b");

  /**
   * Every rate a sentence writes as a count per window ("200/hour on the AI endpoint, 30/hour
   * on auth registration"), as {count, window seconds}, in the order written.
   */
  static java.util.List<long[]> rates(String sentence) {
    java.util.List<long[]> out = new java.util.ArrayList<>();
    java.util.regex.Matcher m = RATE.matcher(sentence);
    while (m.find()) {
      long count;
      try {
        count = Long.parseLong(m.group(1).replace(",", ""));
      } catch (NumberFormatException e) {
        continue;
      }
      String unit = m.group(2).toLowerCase(Locale.ROOT);
      long window = unit.startsWith("s") ? 1 : unit.startsWith("m") ? 60
          : unit.startsWith("h") ? 3600 : 86400;
      out.add(new long[] {count, window});
    }
    return out;
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

  /** Names a catalogue vendor with a certificate authority: "Let's Encrypt" in the sentence. */
  static String issuerNamed(String sentence) {
    String lower = sentence.toLowerCase(Locale.ROOT);
    for (String[] ca : new String[][] {{"let's encrypt", "Let's Encrypt"},
        {"letsencrypt", "Let's Encrypt"}, {"digicert", "DigiCert*"}, {"sectigo", "Sectigo*"},
        {"globalsign", "GlobalSign*"}, {"google trust services", "Google Trust Services*"},
        {"amazon", "Amazon*"}, {"zerossl", "ZeroSSL*"}}) {
      if (lower.contains(ca[0])) {
        return ca[1];
      }
    }
    return null;
  }
}
