package dev.secaudit.check.http;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.Check;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Strict-Transport-Security on the HTTPS pages of a target: sent once, parses as RFC 6797 §6.1
 * says, long enough, includeSubDomains as the policy says, and (when asked) everything the HSTS
 * preload list demands. Several pages are judged together: one finding per check id, the worst
 * page decides, and each page's verdict is listed when they differ.
 */
public final class HstsCheck implements Check {
  static final String HEADER = "Strict-Transport-Security";

  /** hstspreload.org's floor, one year. */
  static final long PRELOAD_MIN_MAX_AGE = 31_536_000L;

  /** hstspreload.org's limit for the http:// and https:// redirect chains. */
  static final int PRELOAD_MAX_REDIRECTS = 3;

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.hsts() != null;
  }

  @Override
  public Set<Aspect> needs() {
    // needs() cannot see the policy, so the http walk is asked for even when preload is off; the
    // redirect check asks for it anyway.
    return EnumSet.of(Aspect.PAGES, Aspect.HTTP_REDIRECT);
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    Policy.Hsts hsts = ctx.policy().hsts();
    TargetObservations obs = ctx.observations();
    Map<String, HttpFetch> pages = obs == null ? Map.of() : obs.pages();
    List<Finding> out = new ArrayList<>();
    if (pages.isEmpty()) {
      String why = "no page of the target was fetched, so no HTTPS response could be judged";
      out.add(ctx.error("hsts.header", HEADER, "an HTTPS response to judge", why, List.of(),
          "/hsts"));
      return out;
    }
    List<PageHsts> judged = new ArrayList<>();
    for (Map.Entry<String, HttpFetch> e : pages.entrySet()) {
      judged.add(PageHsts.of(e.getKey(), e.getValue()));
    }
    out.add(header(ctx, hsts, judged, obs));
    out.add(maxAge(ctx, hsts, judged));
    if (hsts.includeSubdomains() != null) {
      out.add(includeSubdomains(ctx, hsts, judged));
    }
    if (Boolean.TRUE.equals(hsts.preload())) {
      out.add(preload(ctx, judged, obs));
    }
    return out;
  }

  // ---------------------------------------------------------------- hsts.header

  private static Finding header(CheckContext ctx, Policy.Hsts hsts, List<PageHsts> pages,
      TargetObservations obs) {
    boolean required = hsts.required();
    Verdicts v = new Verdicts(pages.size());
    for (PageHsts p : pages) {
      if (p.error != null) {
        v.add(p, Status.ERROR, p.error);
      } else if (!p.response.isHttps()) {
        v.add(p, required ? Status.FAIL : Status.PASS,
            "final response " + p.response.url() + " is not HTTPS; browsers only honour HSTS"
                + " received over HTTPS");
      } else if (p.values.isEmpty()) {
        v.add(p, required ? Status.FAIL : Status.PASS,
            required ? "not sent" : "not sent (the policy does not require it)");
      } else if (p.values.size() > 1) {
        v.add(p, Status.FAIL, "sent " + p.values.size() + " times (" + String.join(" | ", p.values)
            + "); browsers see one comma-joined value, which does not parse");
      } else if (!p.sts.valid()) {
        v.add(p, Status.FAIL, "'" + p.values.get(0) + "' does not parse: " + p.sts.problem()
            + "; browsers ignore it");
      } else if (p.connectionRejected() != null) {
        v.add(p, Status.FAIL, "'" + p.values.get(0) + "' arrived over a connection browsers would"
            + " refuse (" + p.connectionRejected() + "); HSTS is ignored there (RFC 6797 §8.1)."
            + " For a private CA give tls.certificate.ca_file or --ca-file");
      } else {
        String text = "'" + p.values.get(0) + "'";
        if (!p.sts.notes().isEmpty()) {
          text += " (" + String.join("; ", p.sts.notes()) + ")";
        }
        v.add(p, Status.PASS, text);
      }
    }
    List<String> plain = plainHttpHeaders(pages, obs);
    String observed = v.observed();
    List<String> evidence = v.evidence();
    if (!plain.isEmpty()) {
      observed += "; also sent over plain HTTP on " + String.join(", ", plain)
          + ", where browsers ignore it (RFC 6797 §8.1)";
    }
    String expected = required
        ? "exactly one valid Strict-Transport-Security header on every HTTPS response"
        : "when sent: exactly one valid Strict-Transport-Security header";
    return ctx.finding("hsts.header", HEADER, v.status(), expected, observed, evidence,
        "/hsts/required");
  }

  /** Plain-HTTP responses carrying the header: harmless but a sign of a misunderstanding. */
  private static List<String> plainHttpHeaders(List<PageHsts> pages, TargetObservations obs) {
    Set<String> urls = new LinkedHashSet<>();
    List<HttpFetch> walks = new ArrayList<>();
    if (obs.httpRedirect() != null) {
      walks.add(obs.httpRedirect());
    }
    for (PageHsts p : pages) {
      walks.add(p.fetch);
    }
    for (HttpFetch f : walks) {
      for (HttpExchange ex : f.hops()) {
        if (!ex.failed() && !ex.isHttps() && !ex.headers(HEADER).isEmpty()) {
          urls.add(ex.url());
        }
      }
    }
    return List.copyOf(urls);
  }

  // ---------------------------------------------------------------- hsts.max_age

  private static Finding maxAge(CheckContext ctx, Policy.Hsts hsts, List<PageHsts> pages) {
    long min = hsts.minMaxAge().seconds();
    Verdicts v = new Verdicts(pages.size());
    for (PageHsts p : pages) {
      if (p.error != null) {
        v.add(p, Status.ERROR, p.error);
      } else if (!p.usable()) {
        v.add(p, hsts.required() ? Status.FAIL : Status.SKIPPED,
            "no valid Strict-Transport-Security header (see hsts.header)");
      } else {
        long age = p.sts.maxAge();
        String text = "max-age=" + age + " (" + days(age) + ")";
        if (age == 0) {
          text += "; 0 tells browsers to forget HSTS for this host";
        }
        v.add(p, age >= min ? Status.PASS : Status.FAIL, text);
      }
    }
    return ctx.finding("hsts.max_age", HEADER, v.status(),
        "max-age ≥ " + min + " s (" + days(min) + ")", v.observed(), v.evidence(),
        "/hsts/min_max_age");
  }

  // ---------------------------------------------------------------- hsts.include_subdomains

  private static Finding includeSubdomains(CheckContext ctx, Policy.Hsts hsts,
      List<PageHsts> pages) {
    boolean wanted = hsts.includeSubdomains();
    Verdicts v = new Verdicts(pages.size());
    for (PageHsts p : pages) {
      if (p.error != null) {
        v.add(p, Status.ERROR, p.error);
      } else if (!p.usable()) {
        v.add(p, hsts.required() ? Status.FAIL : Status.SKIPPED,
            "no valid Strict-Transport-Security header (see hsts.header)");
      } else {
        boolean has = p.sts.includeSubDomains();
        v.add(p, has == wanted ? Status.PASS : Status.FAIL,
            has ? "includeSubDomains present" : "includeSubDomains absent");
      }
    }
    return ctx.finding("hsts.include_subdomains", HEADER, v.status(),
        wanted ? "includeSubDomains present" : "includeSubDomains absent", v.observed(),
        v.evidence(), "/hsts/include_subdomains");
  }

  // ---------------------------------------------------------------- hsts.preload

  private static Finding preload(CheckContext ctx, List<PageHsts> pages, TargetObservations obs) {
    Set<String> errors = new LinkedHashSet<>();
    Set<String> warnings = new LinkedHashSet<>();
    Set<String> incomplete = new LinkedHashSet<>();
    Set<String> evidence = new LinkedHashSet<>();
    boolean multi = pages.size() > 1;
    for (PageHsts p : pages) {
      String at = multi ? p.label + ": " : "";
      for (HttpExchange ex : p.fetch.hops()) {
        evidence.add(ex.id());
      }
      if (p.error != null) {
        incomplete.add(at + p.error);
        continue;
      }
      if (p.fetch.redirects() > PRELOAD_MAX_REDIRECTS) {
        errors.add(at + p.fetch.redirects() + " redirects (at most " + PRELOAD_MAX_REDIRECTS
            + ")");
      }
      // hstspreload.org reads the first HTTPS answer without following redirects, so a redirect
      // must carry the header as well as the final page.
      Map<String, HttpExchange> judged = new LinkedHashMap<>();
      HttpExchange first = p.fetch.first();
      if (!first.failed() && first.isHttps()) {
        judged.put(first.id(), first);
      }
      if (p.response.isHttps()) {
        judged.put(p.response.id(), p.response);
      }
      if (judged.isEmpty()) {
        errors.add(at + "no HTTPS response (" + p.response.url() + ")");
      }
      for (HttpExchange ex : judged.values()) {
        String where = judged.size() > 1 || multi ? at + ex.url() + ": " : "";
        preloadHeader(ex, where, errors, warnings);
        if (ex.tls() != null && !ex.tls().trusted()) {
          errors.add(where + "certificate not trusted (" + ex.tls().trustError() + ")");
        }
      }
    }
    preloadRedirect(obs, errors, warnings, incomplete, evidence);
    Status status;
    String observed;
    if (!errors.isEmpty()) {
      status = Status.FAIL;
      observed = String.join("; ", errors);
    } else if (!incomplete.isEmpty()) {
      status = Status.ERROR;
      observed = "could not verify: " + String.join("; ", incomplete);
    } else if (!warnings.isEmpty()) {
      status = Status.WARN;
      observed = "eligible, with warnings: " + String.join("; ", warnings);
    } else {
      status = Status.PASS;
      observed = "eligible: one valid header with max-age ≥ " + PRELOAD_MIN_MAX_AGE
          + ", includeSubDomains and preload; http:// redirects to https:// on the same host"
          + " first";
    }
    if (status != Status.WARN && !warnings.isEmpty()) {
      observed += "; warnings: " + String.join("; ", warnings);
    }
    return ctx.finding("hsts.preload", HEADER, status,
        "one valid header with max-age ≥ " + PRELOAD_MIN_MAX_AGE + ", includeSubDomains and"
            + " preload; http:// first redirects to https:// on the same host; ≤ "
            + PRELOAD_MAX_REDIRECTS + " redirects",
        observed, List.copyOf(evidence), "/hsts/preload");
  }

  private static void preloadHeader(HttpExchange ex, String where, Set<String> errors,
      Set<String> warnings) {
    List<String> values = ex.headers(HEADER);
    if (values.isEmpty()) {
      errors.add(where + "no Strict-Transport-Security header");
      return;
    }
    if (values.size() > 1) {
      errors.add(where + "header sent " + values.size() + " times");
      return;
    }
    Sts sts = Sts.parse(values.get(0));
    if (!sts.valid()) {
      errors.add(where + "header does not parse (" + sts.problem() + ")");
      return;
    }
    if (sts.maxAge() < PRELOAD_MIN_MAX_AGE) {
      errors.add(where + "max-age=" + sts.maxAge() + " is below " + PRELOAD_MIN_MAX_AGE);
    }
    if (!sts.includeSubDomains()) {
      errors.add(where + "no includeSubDomains");
    }
    if (!sts.preload()) {
      errors.add(where + "no preload directive");
    }
    for (String note : sts.notes()) {
      warnings.add(where + note);
    }
  }

  /** hstspreload.org's redirect rules, judged on the recorded plain-HTTP walk. */
  private static void preloadRedirect(TargetObservations obs, Set<String> errors,
      Set<String> warnings, Set<String> incomplete, Set<String> evidence) {
    HttpFetch walk = obs.httpRedirect();
    if (walk == null) {
      String why = obs.httpRedirectSkipped() == null ? "no plain-HTTP URL was probed"
          : obs.httpRedirectSkipped();
      warnings.add("http:// redirect not verified (" + why + ")");
      return;
    }
    for (HttpExchange ex : walk.hops()) {
      evidence.add(ex.id());
    }
    HttpExchange first = walk.first();
    if (first.failed()) {
      // hstspreload.org accepts a site that does not answer plain HTTP at all, with a warning.
      warnings.add("plain HTTP unavailable (" + first.error() + ")");
      return;
    }
    if (!first.isRedirect()) {
      errors.add(first.url() + " answers " + first.status() + " instead of redirecting to"
          + " https://");
      return;
    }
    HttpUrl from = HttpUrl.parse(first.url());
    HttpUrl to = from == null ? null : from.resolve(first.headers("Location").get(0).trim());
    if (to == null) {
      errors.add(first.url() + " redirects to an unparsable Location");
      return;
    }
    if (!to.isHttps() || !to.host().equals(from.host())) {
      errors.add(first.url() + " first redirects to " + to + ", not to https://" + from.host());
    }
    if (walk.redirects() > PRELOAD_MAX_REDIRECTS) {
      errors.add(walk.redirects() + " redirects from " + first.url() + " (at most "
          + PRELOAD_MAX_REDIRECTS + ")");
    }
    HttpUrl current = from;
    for (HttpExchange ex : walk.hops()) {
      HttpUrl here = HttpUrl.parse(ex.url());
      current = here == null ? current : here;
      if (ex.failed() || !ex.isRedirect() || ex == first) {
        continue;
      }
      HttpUrl next = current.resolve(ex.headers("Location").get(0).trim());
      if (next != null && !next.isHttps()) {
        errors.add(ex.url() + " redirects to insecure " + next);
      }
    }
    if (walk.stop().equals("error")) {
      incomplete.add("the http:// walk stopped: " + walk.last().error());
    }
  }

  // ---------------------------------------------------------------- per page

  /** What one page showed: its final answer, the header values on it, and the parse. */
  private static final class PageHsts {
    final String label;
    final HttpFetch fetch;
    final HttpExchange response;
    final String error;
    final List<String> values;
    final Sts sts;

    private PageHsts(String label, HttpFetch fetch, HttpExchange response, String error,
        List<String> values, Sts sts) {
      this.label = label;
      this.fetch = fetch;
      this.response = response;
      this.error = error;
      this.values = values;
      this.sts = sts;
    }

    static PageHsts of(String label, HttpFetch fetch) {
      HttpExchange last = fetch.lastResponse();
      if (last == null || fetch.stop().equals("error")) {
        String why = fetch.last().error() == null ? "fetch stopped: " + fetch.stop()
            : fetch.last().error();
        return new PageHsts(label, fetch, last, "could not fetch " + fetch.url() + ": " + why,
            List.of(), null);
      }
      List<String> values = last.headers(HEADER);
      Sts sts = values.size() == 1 ? Sts.parse(values.get(0)) : null;
      return new PageHsts(label, fetch, last, null, values, sts);
    }

    boolean usable() {
      return response.isHttps() && sts != null && sts.valid() && connectionRejected() == null;
    }

    /** Why a browser would not have accepted the connection, or null when it would. */
    String connectionRejected() {
      if (response.tls() == null) {
        return null;
      }
      if (!response.tls().trusted()) {
        return "certificate not trusted: " + response.tls().trustError();
      }
      return response.tls().hostnameMatches() ? null
          : "certificate does not name the host";
    }
  }

  /** Folds per-page verdicts into one finding: worst status, each page's text when they differ. */
  private static final class Verdicts {
    private final boolean multi;
    private final List<String> texts = new ArrayList<>();
    private final Set<String> distinct = new LinkedHashSet<>();
    private final List<String> evidence = new ArrayList<>();
    private Status worst = Status.PASS;

    Verdicts(int pages) {
      this.multi = pages > 1;
    }

    void add(PageHsts page, Status status, String text) {
      texts.add(page.label + ": " + text);
      distinct.add(text);
      if (status.ordinal() < worst.ordinal()) {
        worst = status;
      }
      HttpExchange ex = page.response != null ? page.response : page.fetch.last();
      evidence.add(ex.id());
    }

    Status status() {
      return worst;
    }

    String observed() {
      return multi && distinct.size() > 1 ? String.join("; ", texts)
          : distinct.iterator().next();
    }

    List<String> evidence() {
      return List.copyOf(evidence);
    }
  }

  /** Seconds as days for people: "365 days", "0.5 days". */
  static String days(long seconds) {
    if (seconds % 86_400 == 0) {
      long d = seconds / 86_400;
      return d + (d == 1 ? " day" : " days");
    }
    return String.format(Locale.ROOT, "%.1f days", seconds / 86_400.0);
  }

  // ---------------------------------------------------------------- RFC 6797 §6.1 parser

  /**
   * A Strict-Transport-Security value as a browser reads it (RFC 6797 §6.1, §8.1).
   *
   * @param valid false when browsers ignore the whole header; {@code problem} says why
   * @param maxAge seconds, or -1 when invalid
   * @param notes things browsers tolerate but worth fixing (unknown directives, for instance)
   */
  record Sts(boolean valid, String problem, long maxAge, boolean includeSubDomains,
      boolean preload, List<String> notes) {

    Sts {
      notes = List.copyOf(notes);
    }

    static Sts invalid(String problem) {
      return new Sts(false, problem, -1, false, false, List.of());
    }

    /**
     * Grammar: {@code [directive] *(";" [directive])}, directive = token [ "=" (token |
     * quoted-string) ], optional whitespace around every part, names case-insensitive.
     */
    static Sts parse(String value) {
      Map<String, String> seen = new LinkedHashMap<>();
      List<String> notes = new ArrayList<>();
      String maxAgeText = null;
      boolean includeSubDomains = false;
      boolean preload = false;
      int i = 0;
      int n = value.length();
      while (true) {
        i = skipSpace(value, i);
        if (i >= n) {
          break;
        }
        if (value.charAt(i) == ';') {
          i++;
          continue;
        }
        int nameEnd = token(value, i);
        if (nameEnd == i) {
          return invalid("unexpected '" + value.charAt(i) + "' at position " + (i + 1));
        }
        String name = value.substring(i, nameEnd);
        i = skipSpace(value, nameEnd);
        String directiveValue = null;
        if (i < n && value.charAt(i) == '=') {
          i = skipSpace(value, i + 1);
          if (i < n && value.charAt(i) == '"') {
            StringBuilder sb = new StringBuilder();
            i = quoted(value, i, sb);
            if (i < 0) {
              return invalid("unterminated quoted value of " + name);
            }
            directiveValue = sb.toString();
          } else {
            int end = token(value, i);
            if (end == i) {
              return invalid(name + "= has no value");
            }
            directiveValue = value.substring(i, end);
            i = end;
          }
          i = skipSpace(value, i);
        }
        if (i < n && value.charAt(i) != ';') {
          return invalid("unexpected '" + value.charAt(i) + "' after " + name
              + " (directives are separated by ';')");
        }
        String key = name.toLowerCase(Locale.ROOT);
        boolean repeated = seen.containsKey(key);
        seen.put(key, directiveValue);
        switch (key) {
          case "max-age" -> {
            if (repeated) {
              return invalid("max-age appears twice");
            }
            if (directiveValue == null) {
              return invalid("max-age has no value");
            }
            maxAgeText = directiveValue;
          }
          case "includesubdomains" -> {
            if (repeated) {
              return invalid("includeSubDomains appears twice");
            }
            if (directiveValue != null) {
              return invalid("includeSubDomains takes no value (RFC 6797 §6.1.2)");
            }
            includeSubDomains = true;
          }
          case "preload" -> {
            // Not in RFC 6797, so browsers treat it as an unknown directive; only the preload
            // list reads it, and it warns about these forms.
            if (repeated) {
              notes.add("preload repeated");
            } else if (directiveValue != null) {
              notes.add("preload given a value");
            } else {
              preload = true;
            }
          }
          default -> {
            // RFC 6797 §6.1 says every directive appears once; Chromium and Firefox only reject
            // repeats of the ones they know, so a repeat of an unknown one is noted, not fatal.
            notes.add((repeated ? "repeated" : "unknown") + " directive '" + name + "'"
                + " (ignored by browsers)");
          }
        }
        if (i < n) {
          i++; // the ';'
        }
      }
      if (maxAgeText == null) {
        return invalid("max-age is missing (it is required)");
      }
      if (maxAgeText.isEmpty() || !maxAgeText.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return invalid("max-age '" + maxAgeText + "' is not a number of seconds");
      }
      long seconds;
      try {
        seconds = Long.parseLong(maxAgeText);
      } catch (NumberFormatException e) {
        // RFC 9111 delta-seconds: a value too large to hold means "as long as possible".
        seconds = Long.MAX_VALUE;
      }
      return new Sts(true, null, seconds, includeSubDomains, preload, notes);
    }

    private static int skipSpace(String s, int i) {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      return i;
    }

    private static int token(String s, int i) {
      while (i < s.length() && isTchar(s.charAt(i))) {
        i++;
      }
      return i;
    }

    private static boolean isTchar(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** Reads a quoted-string starting at the quote; returns the index after it, or -1. */
    private static int quoted(String s, int i, StringBuilder out) {
      i++;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '"') {
          return i + 1;
        }
        if (c == '\\') {
          if (i + 1 >= s.length()) {
            return -1;
          }
          out.append(s.charAt(i + 1));
          i += 2;
          continue;
        }
        if (c < 0x20 && c != '\t' || c == 0x7f) {
          return -1;
        }
        out.append(c);
        i++;
      }
      return -1;
    }
  }
}
