package dev.secaudit.check.ratelimit;

import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.SetCookieParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which client a burst's verdict speaks for, when its answers set cookies. A limiter may key its
 * count on a cookie it sets (a session rotated on each attempt, a lockout cookie): a burst that
 * drops them is refused later than one that keeps them, or never. Neither verdict holds for
 * the other client, so the finding names the cookies (never their values) and which client
 * the burst was.
 */
final class BurstCookies {
  private BurstCookies() {}

  /** Names listed before the rest are counted. */
  private static final int NAMED = 5;

  /** "; the answers set cookie sid (...)...", or "" when no answer of the burst set one. */
  static String note(RateLimit rule, List<HttpExchange> burst) {
    Set<String> names = new LinkedHashSet<>();
    int setting = 0;
    int answered = 0;
    for (HttpExchange e : burst) {
      if (e.failed()) {
        continue;
      }
      answered++;
      boolean any = false;
      for (Header h : e.responseHeaders()) {
        if (h.name().equalsIgnoreCase("Set-Cookie")) {
          any = true;
          String name = SetCookieParser.parse(h.value(), e.url()).name();
          names.add(name == null || name.isEmpty() ? "(no name)" : name);
        }
      }
      setting += any ? 1 : 0;
    }
    if (names.isEmpty()) {
      return "";
    }
    List<String> shown = new ArrayList<>(names).subList(0, Math.min(NAMED, names.size()));
    String which = "cookie" + (names.size() == 1 ? " " : "s ") + String.join(", ", shown)
        + (names.size() > NAMED ? " and " + (names.size() - NAMED) + " more" : "");
    String set = "; the answers set " + which + " (on " + setting + " of " + answered
        + " answers)";
    return rule.keepCookies()
        ? set + ", and each request sent back those set before it (keep_cookies): this is the"
            + " verdict for a client that keeps its cookies; one that drops them, as an attacker"
            + " can, was not probed"
        : set + ", which the burst did not send back: this is the verdict for a client that"
            + " drops cookies, as an attacker can (keep_cookies: true probes one that keeps"
            + " them)";
  }
}
