package dev.secaudit.check.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The part of a repeated or listed header value that browsers act on, where a standard says
 * which: Fetch's "determine nosniff" reads the first of the comma-split values of
 * X-Content-Type-Options, and Referrer Policy §8.1 keeps the last token it knows. A rule judged on
 * the joined value fails "nosniff, foo", which browsers treat as nosniff (a blind review against
 * Chromium).
 *
 * @param value the value in force
 * @param why where the standard says so, for the finding's text
 */
record ValueInForce(String value, String why) {

  private static final Set<String> REFERRER_POLICIES = Set.of("no-referrer",
      "no-referrer-when-downgrade", "same-origin", "origin", "strict-origin",
      "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url");

  /**
   * What browsers act on of {@code combined} (the header's values joined by ", "), or null when
   * the header has no such rule or its whole value is what is in force.
   */
  static ValueInForce of(String name, String combined) {
    if (combined == null) {
      return null;
    }
    List<String> items = java.util.Arrays.stream(combined.split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList();
    if (items.size() < 2 && combined.trim().equals(items.isEmpty() ? "" : items.get(0))) {
      return null;
    }
    if (name.equalsIgnoreCase("X-Content-Type-Options") && !items.isEmpty()) {
      return new ValueInForce(items.get(0), "browsers read the first value only (Fetch"
          + " 'determine nosniff')");
    }
    if (name.equalsIgnoreCase("Referrer-Policy")) {
      for (int i = items.size() - 1; i >= 0; i--) {
        if (REFERRER_POLICIES.contains(items.get(i).toLowerCase(Locale.ROOT))) {
          return new ValueInForce(items.get(i), "browsers apply the last policy they know"
              + " (Referrer Policy §8.1)");
        }
      }
    }
    return null;
  }
}
