package dev.secaudit.check.cookie;

import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.flow.FlowObservation;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

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
   * @param evidence the artifact that holds the answer: its own id, or the flow's or rate-limit
   *     probe's transcript, which is where a step's answer is stored
   */
  record SetBy(HttpExchange answer, String where, String evidence) {}

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
      out.add(new SetBy(e, null, e.id()));
    }
    add(out, seen, obs.httpRedirect(), "the plain-HTTP walk");
    add(out, seen, obs.securityTxt(), "the security.txt request");
    for (HttpExchange e : obs.cors()) {
      add(out, seen, e, "a CORS probe");
    }
    add(out, seen, obs.subprocessorsPage(), "the published subprocessor list");
    // A flow's answers are answers of their own, even to a page's URL: a session cookie is set
    // only when a sign-in succeeds (a blind review: Django's sessionid failed cookie.required
    // "no fetched page sets it", and Express's remember_me without HttpOnly let "All cookies we
    // set are HttpOnly" pass, both seen in the scan's own login flow).
    for (FlowObservation f : obs.flows()) {
      for (FlowObservation.StepRun s : f.steps()) {
        flowAnswer(out, f, s.exchange(), "step '" + s.name() + "'");
      }
      for (FlowObservation.ExpectationRun x : f.expectations()) {
        int n = 0;
        for (HttpExchange e : x.requests()) {
          flowAnswer(out, f, e, "expectation '" + x.name() + "' request " + ++n);
        }
        for (HttpExchange e : x.effect()) {
          flowAnswer(out, f, e, "expectation '" + x.name() + "' count request");
        }
      }
    }
    for (RateLimitObservation r : obs.rateLimits()) {
      rateLimitAnswers(out, r);
    }
    return out;
  }

  /** "; flows run: login" for the required check's list of what was asked, or "". */
  static String flowsRun(TargetObservations obs) {
    List<String> ran = ranFlows(obs).map(f -> "'" + f.name() + "'").toList();
    return ran.isEmpty() ? "" : "; flows run: " + String.join(", ", ran);
  }

  /** Whether some flow sent its requests (its answers are then pages the app gave too). */
  static boolean anyFlowRan(TargetObservations obs) {
    return ranFlows(obs).findAny().isPresent();
  }

  private static Stream<FlowObservation> ranFlows(TargetObservations obs) {
    return obs == null ? Stream.empty()
        : obs.flows().stream().filter(f -> f.skipped() == null);
  }

  /** "; the flow 'login' was not run: why" for each flow that sent nothing, or "". */
  static String flowsNotRun(TargetObservations obs) {
    StringBuilder sb = new StringBuilder();
    if (obs != null) {
      obs.flows().stream().filter(f -> f.skipped() != null).forEach(f -> sb.append(
          "; the flow '").append(f.name()).append("' was not run (").append(f.skipped())
          .append("), and a cookie set at sign-in could not be seen"));
    }
    return sb.toString();
  }

  private static void flowAnswer(List<SetBy> out, FlowObservation f, HttpExchange e,
      String which) {
    if (!e.failed() && !e.headers("Set-Cookie").isEmpty()) {
      out.add(new SetBy(e, "the flow '" + f.name() + "' " + which + ": HTTP " + e.status()
          + " answer to " + e.method() + " " + e.url(), f.id()));
    }
  }

  /**
   * A burst repeats one request: its answers set the same cookies over and over, with a fresh
   * value and Expires each time. Each distinct shape (names and attributes, the value and
   * Expires aside) is judged once, at its first answer, so fifty 401s do not list fifty times.
   */
  private static void rateLimitAnswers(List<SetBy> out, RateLimitObservation r) {
    List<HttpExchange> all = new ArrayList<>(r.requests());
    all.addAll(r.windowRequests());
    if (r.recovery() != null) {
      all.add(r.recovery());
    }
    Set<String> shapes = new LinkedHashSet<>();
    int n = 0;
    for (HttpExchange e : all) {
      n++;
      if (e.failed() || e.headers("Set-Cookie").isEmpty() || !shapes.add(shape(e))) {
        continue;
      }
      out.add(new SetBy(e, "the rate-limit probe '" + r.name() + "' request " + n + ": HTTP "
          + e.status() + " answer to " + e.method() + " " + e.url(), r.id()));
    }
  }

  private static String shape(HttpExchange e) {
    StringBuilder sb = new StringBuilder();
    for (String h : e.headers("Set-Cookie")) {
      int eq = h.indexOf('=');
      int semi = h.indexOf(';');
      String name = eq < 0 || semi >= 0 && semi < eq ? "" : h.substring(0, eq).trim();
      String attrs = semi < 0 ? "" : h.substring(semi);
      sb.append(name).append(attrs.toLowerCase(Locale.ROOT)
          .replaceAll(";\\s*expires=[^;]*", "")).append('\n');
    }
    return sb.toString();
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
        + e.url(), e.id()));
  }
}
