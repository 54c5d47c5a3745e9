package dev.secaudit.check.http;

import dev.secaudit.policy.PolicyPointer;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Hsts;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Strict-Transport-Security on the HTTPS pages of a target: sent once, parses as RFC 6797 §6.1
 * says, long enough, includeSubDomains as the policy says, and (when asked) everything the HSTS
 * preload list demands. Several pages are judged together: one finding per check id, the worst
 * page decides, and each page's verdict is listed when they differ.
 */
public final class HstsCheck extends DeclaredCheck {
  public HstsCheck() {
    // needs() cannot see the policy, so the http walk is asked for even when preload is off; the
    // redirect check asks for it anyway.
    super(REPORTS, EnumSet.of(Aspect.PAGES, Aspect.HTTP_REDIRECT));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("hsts.header",
          "Strict-Transport-Security is sent, once, and parses",
          Severity.HIGH,
          "hsts",
          ControlAreas.TRANSPORT,
          "Send exactly one 'Strict-Transport-Security: max-age=63072000; includeSubDomains' on"
            + " every HTTPS response.",
          "RFC 6797 §6.1"),
      CheckInfo.of("hsts.max_age",
          "HSTS max-age is at least the policy's minimum",
          Severity.MEDIUM,
          "hsts",
          ControlAreas.TRANSPORT,
          "Raise max-age to the policy's minimum (one year is 31536000 seconds).",
          "RFC 6797 §6.1.1; Mozilla guidelines 6.0"),
      CheckInfo.of("hsts.include_subdomains",
          "HSTS includeSubDomains is as the policy says",
          Severity.MEDIUM,
          "hsts",
          ControlAreas.TRANSPORT,
          "Add (or remove) the includeSubDomains directive.",
          "RFC 6797 §6.1.2"),
      CheckInfo.of("hsts.preload",
          "The site meets the HSTS preload list's requirements",
          Severity.LOW,
          "hsts",
          ControlAreas.TRANSPORT,
          "max-age ≥ 31536000, includeSubDomains, preload, one header, and an http://"
            + " to https:// redirect on the same host first.",
          "hstspreload.org"));

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
  public List<Finding> evaluate(CheckContext ctx) {
    Hsts hsts = ctx.policy().hsts();
    TargetObservations obs = ctx.observations();
    Map<String, HttpFetch> pages = obs == null ? Map.of() : obs.pages();
    List<Finding> out = new ArrayList<>();
    if (pages.isEmpty()) {
      String why = "no page of the target was fetched, so no HTTPS response could be judged";
      out.add(ctx.error("hsts.header", HEADER, "an HTTPS response to judge", why, List.of(),
          PolicyPointer.HSTS));
      return out;
    }
    List<PageHsts> judged = new ArrayList<>();
    Map<String, Verdicts> byRule = new LinkedHashMap<>();
    for (Map.Entry<String, HttpFetch> e : pages.entrySet()) {
      PageHsts page = PageHsts.of(e.getKey(), e.getValue());
      judged.add(page);
      for (HstsJudgement.Verdict v : page.verdicts(hsts)) {
        byRule.computeIfAbsent(v.checkId(), k -> new Verdicts(pages.size(), v)).add(page, v);
      }
    }
    for (Verdicts v : byRule.values()) {
      String observed = v.observed();
      if (v.first.checkId().equals("hsts.header")) {
        List<String> plain = plainHttpHeaders(judged, obs);
        if (!plain.isEmpty()) {
          observed += "; also sent over plain HTTP on " + String.join(", ", plain)
              + ", where browsers ignore it (RFC 6797 §8.1)";
        }
        List<String> without = httpsWithout(judged, obs);
        if (!without.isEmpty()) {
          // Not a failure: a browser keeps the policy it got from a judged page for the whole
          // host (RFC 6797 §8.1), as MDN Observatory judges the front page only. But it is no
          // answer to "sent on every HTTPS response", so the responses are named.
          observed += "; not sent on " + (without.size() == 1 ? "another HTTPS response"
              : without.size() + " other HTTPS responses") + " the scan recorded: "
              + String.join(", ", without.size() <= 3 ? without : without.subList(0, 3))
              + (without.size() > 3 ? " and " + (without.size() - 3) + " more" : "");
        }
      }
      out.add(ctx.finding(v.first.checkId()).about(Subject.header(HEADER)).status(v.status())
          .expected(v.first.expected(), v.first.expectedValue())
          .observed(observed, v.observedValue()).evidence(v.evidence()).rule(v.first.pointer())
          .build());
    }
    if (Boolean.TRUE.equals(hsts.preload())) {
      out.add(preload(ctx, judged, obs));
    }
    return out;
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

  /**
   * HTTPS answers the scan recorded on the target that carry no header and are not a judged
   * page's final answer: redirects on the way, security.txt, the plain-HTTP walk's HTTPS hops.
   */
  private static List<String> httpsWithout(List<PageHsts> pages, TargetObservations obs) {
    Set<String> judged = new LinkedHashSet<>();
    List<HttpFetch> walks = new ArrayList<>();
    for (PageHsts p : pages) {
      walks.add(p.fetch);
      if (p.response != null) {
        judged.add(p.response.id());
      }
    }
    for (HttpFetch f : new HttpFetch[] {obs.httpRedirect(), obs.securityTxt()}) {
      if (f != null) {
        walks.add(f);
      }
    }
    Set<String> out = new LinkedHashSet<>();
    for (HttpFetch f : walks) {
      for (HttpExchange ex : f.hops()) {
        if (!ex.failed() && ex.isHttps() && !judged.contains(ex.id())
            && ex.headers(HEADER).isEmpty()) {
          out.add(ex.url() + " (" + ex.status() + ")");
        }
      }
    }
    return List.copyOf(out);
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
        observed, List.copyOf(evidence), PolicyPointer.member(PolicyPointer.HSTS, "preload"));
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
    StrictTransportSecurity sts = StrictTransportSecurity.parse(values.get(0));
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

  /** What one page showed: its final answer and the header values on it. */
  private record PageHsts(String label, HttpFetch fetch, HttpExchange response, String error,
      List<String> values) {

    static PageHsts of(String label, HttpFetch fetch) {
      HttpExchange last = fetch.lastResponse();
      // A redirect's HSTS header counts (browsers honour it on any HTTPS answer), so a walk
      // that ended on one is judged; only a walk with no answer is not.
      String error = fetch.fetchError();
      if (error != null) {
        return new PageHsts(label, fetch, last, error, List.of());
      }
      return new PageHsts(label, fetch, last, null, last.headers(HEADER));
    }

    /**
     * The shared judgement of the values, after what only a live connection shows: a failed
     * fetch, plain HTTP, a connection browsers would refuse.
     */
    List<HstsJudgement.Verdict> verdicts(Hsts hsts) {
      if (error != null) {
        return HstsJudgement.unknown(hsts, Status.ERROR, error);
      }
      if (!response.isHttps()) {
        return HstsJudgement.withoutHeader(hsts,
            hsts.required() ? Status.FAIL : Status.NOT_APPLICABLE, "final response " + response.url() + " is not HTTPS; browsers only honour HSTS"
                + " received over HTTPS");
      }
      List<HstsJudgement.Verdict> judged = HstsJudgement.judge(hsts, values);
      String rejected = connectionRejected();
      if (rejected != null && judged.get(0).status() == Status.PASS && !values.isEmpty()) {
        return HstsJudgement.withoutHeader(hsts, Status.FAIL, "'" + values.get(0) + "' arrived"
            + " over a connection browsers would refuse (" + rejected + "); HSTS is ignored"
            + " there (RFC 6797 §8.1). For a private CA give tls.certificate.ca_file or"
            + " --ca-file");
      }
      return judged;
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

  /** Folds per-page verdicts of one rule: worst status, each page's text when they differ. */
  private static final class Verdicts {
    private final boolean multi;
    private final HstsJudgement.Verdict first;
    private final List<String> texts = new ArrayList<>();
    private final Set<String> distinct = new LinkedHashSet<>();
    /** The value of each distinct observation, null where it was words only. */
    private final List<Value> values = new ArrayList<>();
    private final List<String> evidence = new ArrayList<>();
    private Status worst = Status.PASS;
    /** FAIL when some response had no valid header for this rule to read. */
    private Status following = Status.PASS;
    /** Whether some response's own header was judged by this rule. */
    private boolean own;
    private final int pages;
    private int passed;
    /** Whether a rule applied on some response: not-applicable pages alone say nothing held. */
    private boolean applied;

    Verdicts(int pages, HstsJudgement.Verdict first) {
      this.multi = pages > 1;
      this.pages = pages;
      this.first = first;
    }

    void add(PageHsts page, HstsJudgement.Verdict v) {
      // A page reached through redirects is judged on its final answer, which judgedAnswer()
      // names with the chain, or "not sent" reads as the URL asked for (whose redirect may have
      // sent the header).
      String seen = page.fetch.judgedAnswer() + v.observed();
      texts.add(page.label + ": " + seen);
      if (distinct.add(seen)) {
        values.add(v.observedValue());
      }
      if (v.status() == Status.NOT_APPLICABLE) {
        // A page where the rule did not apply neither lowers nor raises the pages it did.
        HttpExchange ex = page.response != null ? page.response : page.fetch.last();
        evidence.add(ex.id());
        return;
      }
      applied = true;
      if (v.followsHeader() && v.status() == Status.FAIL) {
        // A response without a valid header has no max-age to judge: its lapse is hsts.header's,
        // and "is max-age at least a year?" is read on the responses that send it (a blind
        // review got No for 730 days on every page beside one JSON path without the header).
        following = Status.FAIL;
      } else {
        if (v.status().ordinal() < worst.ordinal()) {
          worst = v.status();
        }
        own |= !v.followsHeader();
      }
      if (v.status() == Status.PASS) {
        passed++;
      }
      HttpExchange ex = page.response != null ? page.response : page.fetch.last();
      evidence.add(ex.id());
    }

    /** The worst verdict of the responses judged; a missing header decides only alone. */
    Status status() {
      if (!applied) {
        return Status.NOT_APPLICABLE;
      }
      return own || following.ordinal() > worst.ordinal() ? worst : following;
    }

    String observed() {
      return multi && distinct.size() > 1 ? String.join("; ", texts)
          : distinct.iterator().next();
    }

    Value observedValue() {
      if (first.checkId().equals("hsts.header") && status() != Status.PASS && passed > 0) {
        // Valid on some pages and not on others: browsers keep HSTS for the whole host once any
        // HTTPS answer sets it, so "is HSTS enabled?" reads how many pages had it in force.
        return new Value.Count(passed, (long) pages);
      }
      return Value.ofAll(values);
    }

    List<String> evidence() {
      return List.copyOf(evidence);
    }
  }
}
