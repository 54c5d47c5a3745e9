package dev.secaudit.check.cookie;

import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every answer of the target that may have set a cookie, and where it came from. A browser keeps
 * a cookie from any response, not only from the pages a policy names: a blind cross-check found
 * {@code session=clear123} on the plain-HTTP 301 to https and a tracker on the security.txt
 * answer judged by nothing, so a questionnaire said Yes to "Are all cookies HttpOnly?". The
 * checks judge what the scan recorded; they ask for no request of their own.
 */
final class CookieSources {
  private CookieSources() {}

  /**
   * One answer that set cookies.
   *
   * @param where how findings name an answer outside the pages' own walks ("the plain-HTTP
   *     walk's 301 of http://…"); null for a page or one of its redirect hops, which findings
   *     have always cited by evidence alone
   */
  record SetBy(HttpExchange answer, String where) {}

  /** The pages' hops first (their findings read as before), then the other answers recorded. */
  static List<SetBy> of(TargetObservations obs) {
    List<SetBy> out = new ArrayList<>();
    if (obs == null) {
      return out;
    }
    // By URL: the plain-HTTP walk ends on a page's URL, and that answer is the page's own,
    // recorded once more under the walk's id; it is judged once, as the page.
    Set<String> seen = new LinkedHashSet<>();
    for (HttpExchange e : obs.answeredExchanges()) {
      seen.add(e.method() + " " + e.url());
      out.add(new SetBy(e, null));
    }
    add(out, seen, obs.httpRedirect(), "the plain-HTTP walk");
    add(out, seen, obs.securityTxt(), "the security.txt request");
    for (HttpExchange e : obs.cors()) {
      add(out, seen, e, "a CORS probe");
    }
    add(out, seen, obs.subprocessorsPage(), "the published subprocessor list");
    return out;
  }

  private static void add(List<SetBy> out, Set<String> seen, HttpFetch fetch, String role) {
    if (fetch != null) {
      fetch.hops().forEach(e -> add(out, seen, e, role));
    }
  }

  private static void add(List<SetBy> out, Set<String> seen, HttpExchange e, String role) {
    // Only answers that set a cookie are listed: the others would change nothing but the order.
    if (e.failed() || e.headers("Set-Cookie").isEmpty() || !seen.add(e.method() + " " + e.url())) {
      return;
    }
    out.add(new SetBy(e, role + "'s HTTP " + e.status() + " answer to " + e.method() + " "
        + e.url()));
  }
}
