package dev.secaudit.check.cookie;

import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.CheckInfo;
import dev.secaudit.policy.CookieRule;
import dev.secaudit.probe.http.SetCookie;
import dev.secaudit.probe.http.SetCookieParser;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Value;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges every cookie the target's pages set: first against the rules browsers themselves enforce
 * (RFC 6265bis, CHIPS), whatever the policy says, then against each policy rule whose name glob
 * matches. Cookies come from every answer the scan recorded ({@link CookieSources}): each page
 * hop, the other passive probes, the flows' and the rate-limit probes' answers.
 *
 * <p><b>One finding per (check id, cookie name)</b>, the finding's key. A cookie set on several
 * answers, or judged by several rules, is judged at every occurrence; the occurrences merge into
 * one finding whose evidence lists every response involved and whose observed text lists each
 * distinct observation with the answers that showed it, the worst first. Its status is the worst
 * verdict of any occurrence (a cookie Secure on / but not on /login fails); its expected text,
 * severity and policy line come from one representative of that verdict: a policy rule before a
 * browser rule, then the higher severity, then the earlier rule. Findings are sorted by subject
 * and check id, so header order on the wire does not change the report.
 */
public final class CookieCheck extends DeclaredCheck {
  public CookieCheck() {
    super(CookieCheckReports.ALL, Set.of(Aspect.PAGES));
  }

  /** The default severity this check declares for {@code checkId}. */
  static Severity declaredSeverity(String checkId) {
    for (CheckInfo info : CookieCheckReports.ALL) {
      if (info.id().equals(checkId)) {
        return info.severity();
      }
    }
    throw new IllegalArgumentException("not a cookie check id: " + checkId);
  }

  private static final String SYNTAX = "cookie.syntax";
  private static final String PREFIX = "cookie.prefix";
  private static final String OVER_HTTP = "cookie.over_http";
  static final String REQUIRED = "cookie.required";
  private static final String HOST_PREFIX = "__Host-";
  private static final String SECURE_PREFIX = "__Secure-";
  /** Pointer for the browser rules: the policy asked for them by having a cookies section. */
  private static final String SECTION = PolicyPointer.COOKIES;

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.cookies() != null;
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    List<CookieRule> rules = ctx.policy().cookies() == null ? List.of()
        : ctx.policy().cookies();
    TargetObservations obs = ctx.observations();
    List<HttpFetch> fetches = obs == null ? List.of() : List.copyOf(obs.pages().values());
    // Every hop that answered: a cookie set on a redirect is kept by browsers like any other.
    List<HttpExchange> pages = obs == null ? List.of() : obs.answeredExchanges();
    List<CookieSources.SetBy> answers = CookieSources.of(obs);
    CookieVerdicts verdicts = new CookieVerdicts();
    if (pages.isEmpty() && answers.isEmpty()) {
      unreachable(rules, fetches, verdicts);
      return verdicts.findings(ctx);
    }

    List<Occurrence> occurrences = new ArrayList<>();
    for (CookieSources.SetBy by : answers) {
      HttpExchange page = by.answer();
      Instant received = receivedAt(page, ctx.now());
      List<SetCookie> set = page.headers("Set-Cookie").stream()
          .map(h -> SetCookieParser.parse(h, page.url())).toList();
      // One answer setting a cookie twice (same name, domain and path) leaves the last in the
      // browser: the earlier is replaced before any request could carry it, so the last is the
      // cookie judged (a blind cross-check: a later Secure cookie still failed cookie.secure).
      Map<String, Integer> times = new HashMap<>();
      set.forEach(c -> times.merge(sameCookie(c), 1, Integer::sum));
      Map<String, Integer> seen = new HashMap<>();
      for (SetCookie c : set) {
        int nth = seen.merge(sameCookie(c), 1, Integer::sum);
        int of = times.get(sameCookie(c));
        if (nth == of) {
          occurrences.add(new Occurrence(c, page, received, of, by));
        }
      }
    }
    for (Occurrence o : occurrences) {
      browserRules(o, verdicts);
      for (int i = 0; i < rules.size(); i++) {
        CookieRule rule = rules.get(i);
        if (rule.covers(o.cookie.name())) {
          policyRule(o, rule, i, verdicts);
        }
      }
    }
    for (int i = 0; i < rules.size(); i++) {
      CookieRule rule = rules.get(i);
      if (Boolean.TRUE.equals(rule.required()) && rule.name() != null) {
        required(rule, i, occurrences, pages, fetches, obs, verdicts);
      }
    }
    return verdicts.findings(ctx);
  }

  private static String sameCookie(SetCookie c) {
    return c.name() + "\u0000" + (c.domain() == null ? "" : c.domain().toLowerCase(
        java.util.Locale.ROOT)) + "\u0000" + (c.path() == null ? "" : c.path());
  }

  /**
   * One Set-Cookie header on one response, with the time its lifetime counts from; {@code times}
   * is how often that answer set the cookie (this is the last, the one browsers keep).
   */
  private record Occurrence(SetCookie cookie, HttpExchange page, Instant received, int times,
      CookieSources.SetBy by) {
    String evidence() {
      return by.evidence();
    }

    /** The observed text, and the answer that showed it. */
    CookieVerdicts.Seen at(String observed) {
      return new CookieVerdicts.Seen(observed, by.where(), page.method() + " " + page.url());
    }

    /**
     * Max-Age of zero or less, or an Expires already past: the header removes the cookie and
     * browsers store nothing, so its flags protect nothing and are not judged.
     */
    boolean deletion() {
      return cookie.effectiveLifetime(received).kind() == SetCookie.LifetimeKind.EXPIRED;
    }
  }

  /** Something wrong with a cookie, under the check id that reports it. */
  private record Issue(String checkId, String expected, String observed) {}

  // ---------------------------------------------------------------- rules browsers enforce

  private static void browserRules(Occurrence o, CookieVerdicts verdicts) {
    SetCookie c = o.cookie;
    List<Issue> fails = new ArrayList<>();
    List<Issue> warns = new ArrayList<>();
    for (Issue r : rejections(o)) {
      // A prefix rejection is detailed under cookie.prefix; here it only keeps the syntax
      // finding from saying browsers keep a cookie they drop.
      fails.add(r.checkId().equals(SYNTAX) ? r : new Issue(SYNTAX,
          "a Set-Cookie header browsers keep", "browsers reject the cookie: its "
              + prefixOf(c) + " prefix rules are unmet (" + r.observed() + ")"));
    }
    if (fails.isEmpty() && o.deletion()) {
      // Judged as what it is: the flags of a cookie nobody stores say nothing of its security.
      verdicts.add(SYNTAX, c.displayName(), Status.INFO, null, new CookieVerdicts.Worded(
          "a well-formed Set-Cookie header browsers keep", null), o.at("a deletion: "
              + CookieWording.describe(c, c.effectiveLifetime(o.received)) + ", so browsers"
              + " store nothing"), null, o.evidence(), SECTION, -1);
      prefix(o, c.displayName(), verdicts);
      return;
    }
    if (c.sameSite() == SetCookie.SameSite.INVALID) {
      warns.add(new Issue(SYNTAX, "SameSite=Strict, Lax or None", "SameSite="
          + c.sameSiteRaw() + " is not a valid value; browsers apply their default"));
    }
    SetCookie.Lifetime life = c.effectiveLifetime(o.received);
    if (life.capped()) {
      warns.add(new Issue(SYNTAX, "lifetime at most 400 d", CookieWording.describe(c, life)));
    }
    for (String p : c.problems()) {
      warns.add(new Issue(SYNTAX, "a clean Set-Cookie header", p));
    }
    if (o.times > 1) {
      warns.add(new Issue(SYNTAX, "each cookie set once in an answer", "set " + o.times
          + " times in one answer; browsers keep the last (" + c.attributeSummary()
          + "), which is the one judged"));
    }
    String subject = c.displayName();
    // Every recorded cookie, named or not by a rule, as data: the claims weigh "all cookies".
    Value seen = CookieWording.observed(c, o.page.url());
    if (!fails.isEmpty() || !warns.isEmpty()) {
      // One header, one verdict: what browsers reject and what they only frown on are told
      // together, under the worse of the two.
      List<Issue> all = new ArrayList<>(fails);
      all.addAll(warns);
      verdicts.add(SYNTAX, subject, fails.isEmpty() ? Status.WARN : Status.FAIL, null,
          new CookieVerdicts.Worded(joinExpected(all), null), o.at(joinObserved(all)), seen,
          o.evidence(), SECTION, -1);
    } else {
      verdicts.add(SYNTAX, subject, Status.PASS, null, new CookieVerdicts.Worded("a well-formed Set-Cookie"
          + " header browsers keep", null), o.at(c.attributeSummary()), seen, o.evidence(),
          SECTION, -1);
    }
    if (!o.page.isHttps()) {
      verdicts.add(OVER_HTTP, subject, Status.FAIL, null, "cookies set over HTTPS only",
          o.at("set over plain HTTP: its value crossed the network unencrypted"
              + (c.secure() ? ", and browsers drop a Secure cookie an http answer sets"
                  : ", and browsers send it back on every http request to the host")),
          o.evidence(), SECTION, -1);
    }
    prefix(o, subject, verdicts);
  }

  /** The browser rules of a __Host- or __Secure- name, under cookie.prefix. */
  private static void prefix(Occurrence o, String subject, CookieVerdicts verdicts) {
    SetCookie c = o.cookie;
    String prefix = prefixOf(c);
    if (prefix != null) {
      List<String> unmet = prefixUnmet(c, prefix);
      String expected = prefixExpectation(prefix);
      if (!unmet.isEmpty()) {
        verdicts.add(PREFIX, subject, Status.FAIL, null, expected, o.at(String.join("; ", unmet)
            + "; browsers reject the cookie"), o.evidence(), SECTION, -1);
      } else if (!c.name().startsWith(prefix)) {
        verdicts.add(PREFIX, subject, Status.WARN, null, "the prefix spelt " + prefix,
            o.at("prefix spelt '" + c.name().substring(0, prefix.length()) + "'; browsers that"
                + " match prefixes case-sensitively do not enforce it"), o.evidence(), SECTION,
            -1);
      } else {
        verdicts.add(PREFIX, subject, Status.PASS, null, expected, o.at(prefix + " prefix"
            + " honoured (" + c.attributeSummary() + ")"), o.evidence(), SECTION, -1);
      }
    }
  }

  /**
   * Why a browser would not store this cookie at all (RFC 6265bis §5.6-5.7, CHIPS). Expired
   * cookies are not listed: deleting a cookie is a legitimate use of Set-Cookie.
   */
  private static List<Issue> rejections(Occurrence o) {
    SetCookie c = o.cookie;
    List<Issue> out = new ArrayList<>();
    if (c.ignored()) {
      out.add(new Issue(SYNTAX, "a Set-Cookie header browsers can parse",
          "browsers ignore the header: " + c.ignoredBecause()));
    }
    String domainProblem = c.domainRejection(hostOf(o.page.url()));
    if (domainProblem != null) {
      out.add(new Issue(SYNTAX, "a Domain that covers the host that set it", domainProblem
          + "; browsers reject the cookie"));
    }
    if (c.secure() && !o.page.isHttps()) {
      out.add(new Issue(SYNTAX, "Secure cookies set over HTTPS",
          "Secure cookie set over plain HTTP; browsers ignore it"));
    }
    if (c.sameSite() == SetCookie.SameSite.NONE && !c.secure()) {
      out.add(new Issue(SYNTAX, "Secure with SameSite=None",
          "SameSite=None without Secure; browsers reject the cookie"));
    }
    if (c.partitioned() && !c.secure()) {
      out.add(new Issue(SYNTAX, "Secure with Partitioned",
          "Partitioned without Secure; browsers reject the cookie"));
    }
    String prefix = prefixOf(c);
    if (prefix != null) {
      List<String> unmet = prefixUnmet(c, prefix);
      if (!unmet.isEmpty()) {
        out.add(new Issue(PREFIX, prefixExpectation(prefix), String.join("; ", unmet)));
      }
    }
    return out;
  }

  /** The host of the URL a cookie came from, lower-case, IPv6 in brackets; null if unreadable. */
  private static String hostOf(String url) {
    try {
      String h = java.net.URI.create(url).getHost();
      return h == null ? null : h.toLowerCase(java.util.Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String prefixOf(SetCookie c) {
    if (c.hasPrefix(HOST_PREFIX)) {
      return HOST_PREFIX;
    }
    return c.hasPrefix(SECURE_PREFIX) ? SECURE_PREFIX : null;
  }

  private static String prefixExpectation(String prefix) {
    return prefix.equals(HOST_PREFIX) ? "__Host- cookie with Secure, Path=/ and no Domain"
        : "__Secure- cookie with Secure";
  }

  /** The requirements of a name prefix the cookie does not meet (RFC 6265bis §5.7 steps 20-21). */
  private static List<String> prefixUnmet(SetCookie c, String prefix) {
    List<String> unmet = new ArrayList<>();
    if (!c.secure()) {
      unmet.add("Secure missing");
    }
    if (prefix.equals(HOST_PREFIX)) {
      if (!c.hostOnly()) {
        unmet.add("Domain=" + c.domain() + " set");
      }
      if (c.path() == null) {
        unmet.add("Path=/ missing");
      } else if (!c.path().equals("/")) {
        unmet.add("Path=" + c.path() + " instead of Path=/");
      }
    }
    return unmet;
  }

  // ---------------------------------------------------------------- policy rules

  private static void policyRule(Occurrence o, CookieRule rule, int index,
      CookieVerdicts verdicts) {
    SetCookie c = o.cookie;
    String subject = c.displayName();
    Severity sev = rule.severity();
    String pointer = PolicyPointer.entry(PolicyPointer.COOKIES, index);
    if (o.deletion()) {
      // No flag of a cookie nobody stores is met or broken (cookie.syntax says it is a
      // deletion); a lifetime or name rule still reads the header as it is.
      lifetimeAndName(o, rule, index, pointer, verdicts);
      return;
    }
    if (Boolean.TRUE.equals(rule.secure())) {
      flag(o, "cookie.secure", "Secure", c.secure(), sev, pointer, index, verdicts);
    }
    if (Boolean.TRUE.equals(rule.httpOnly())) {
      flag(o, "cookie.http_only", "HttpOnly", c.httpOnly(), sev, pointer, index, verdicts);
    }
    if (rule.sameSite() != null) {
      boolean ok = c.sameSite().name().equals(rule.sameSite().name());
      Value wanted = new Value.Setting("SameSite", rule.sameSite().label());
      verdicts.add("cookie.same_site", subject, ok ? Status.PASS : Status.FAIL, sev,
          new CookieVerdicts.Worded(wanted.prose(), wanted), o.at(CookieWording.describeSameSite(c)),
          // The Set-Cookie as a value, with the URL that set it: of several variants, the one
          // that failed is found by its route, not only by the evidence list (newuser25).
          CookieWording.observed(c, o.page.url()), o.evidence(), pointer, index);
    }
    if (Boolean.TRUE.equals(rule.partitioned())) {
      flag(o, "cookie.partitioned", "Partitioned", c.partitioned(), sev, pointer, index,
          verdicts);
    }
    lifetimeAndName(o, rule, index, pointer, verdicts);
  }

  private static void lifetimeAndName(Occurrence o, CookieRule rule, int index, String pointer,
      CookieVerdicts verdicts) {
    SetCookie c = o.cookie;
    String subject = c.displayName();
    Severity sev = rule.severity();
    if (rule.maxAge() != null) {
      SetCookie.Lifetime life = c.effectiveLifetime(o.received);
      boolean ok = life.kind() != SetCookie.LifetimeKind.PERSISTENT
          || life.effective().compareTo(rule.maxAge().value()) <= 0;
      Value most = new Value.Duration(rule.maxAge().seconds());
      verdicts.add("cookie.lifetime", subject, ok ? Status.PASS : Status.FAIL, sev,
          new CookieVerdicts.Worded("lifetime at most " + rule.maxAge().text() + " (" + most.prose() + ")",
              most), o.at(CookieWording.describe(c, life)), null, o.evidence(), pointer, index);
    }
    if (rule.prefix() != null) {
      String want = rule.prefix();
      String observed;
      boolean ok = false;
      if (!c.hasPrefix(want)) {
        observed = "name '" + c.displayName() + "' does not start with " + want;
      } else {
        List<String> unmet = prefixUnmet(c, want.equalsIgnoreCase(HOST_PREFIX) ? HOST_PREFIX
            : SECURE_PREFIX);
        ok = unmet.isEmpty();
        observed = ok ? want + " prefix honoured (" + c.attributeSummary() + ")"
            : String.join("; ", unmet) + "; browsers reject the cookie";
      }
      verdicts.add(PREFIX, subject, ok ? Status.PASS : Status.FAIL, sev,
          "name starts with " + want + " and meets its rules", o.at(observed), o.evidence(), pointer,
          index);
    }
  }

  private static void required(CookieRule rule, int index, List<Occurrence> occurrences,
      List<HttpExchange> pages, List<HttpFetch> fetches, TargetObservations obs,
      CookieVerdicts verdicts) {
    String glob = rule.name();
    String pointer = PolicyPointer.entry(PolicyPointer.COOKIES, index);
    String expected = "a cookie matching '" + glob + "' is set by an answer the scan received";
    List<Occurrence> matching = new ArrayList<>();
    List<Occurrence> kept = new ArrayList<>();
    for (Occurrence o : occurrences) {
      if (rule.covers(o.cookie.name())) {
        matching.add(o);
        if (rejections(o).isEmpty() && o.cookie.effectiveLifetime(o.received).kind()
            != SetCookie.LifetimeKind.EXPIRED) {
          kept.add(o);
        }
      }
    }
    if (!kept.isEmpty()) {
      Set<String> names = new LinkedHashSet<>();
      kept.forEach(o -> names.add(o.cookie.displayName()));
      for (Occurrence o : kept) {
        verdicts.add(REQUIRED, glob, Status.PASS, rule.severity(), expected,
            "set: " + String.join(", ", names), o.evidence(), pointer, index);
      }
      return;
    }
    if (!matching.isEmpty()) {
      for (Occurrence o : matching) {
        List<String> why = new ArrayList<>();
        rejections(o).forEach(r -> why.add(r.observed()));
        if (why.isEmpty()) {
          why.add("it is expired, so the header deletes the cookie");
        }
        verdicts.add(REQUIRED, glob, Status.FAIL, rule.severity(), expected,
            o.cookie.displayName() + " is set but browsers do not keep it: "
                + String.join("; ", why), o.evidence(), pointer, index);
      }
      return;
    }
    List<String> failed = new ArrayList<>();
    for (HttpFetch f : fetches) {
      if (!f.hops().isEmpty() && f.last().failed()) {
        failed.add(f.url() + ": " + f.last().error());
      }
    }
    Set<String> fetchedPaths = new LinkedHashSet<>();
    pages.forEach(p -> fetchedPaths.add(p.url()));
    if (!failed.isEmpty()) {
      for (HttpFetch f : fetches) {
        if (!f.hops().isEmpty()) {
          verdicts.add(REQUIRED, glob, Status.ERROR, rule.severity(), expected,
              "no answer sets it, and " + failed.size() + " page(s) could not be fetched: "
                  + String.join("; ", failed), f.last().id(), pointer, index);
        }
      }
      return;
    }
    String flows = CookieSources.flowsNotRun(obs);
    // A cookie set only at sign-in is not missing when the sign-in was never made: the scan
    // cannot tell, and says so instead of failing the site.
    Status status = flows.isEmpty() ? Status.FAIL : Status.WARN;
    // A 502 from a gateway says nothing of what the application sets: when every page answered
    // with a server error, the cookie's absence was not observed.
    List<String> serverErrors = new ArrayList<>();
    pages.forEach(p -> {
      if (p.status() >= 500) {
        serverErrors.add(p.status() + " from " + p.url());
      }
    });
    boolean noAnswer = !pages.isEmpty() && serverErrors.size() == pages.size()
        && !CookieSources.anyFlowRan(obs);
    if (noAnswer) {
      status = Status.ERROR;
    }
    String observed = "no answer sets it (fetched: " + String.join(", ", fetchedPaths)
        + CookieSources.flowsRun(obs) + ")" + flows + (noAnswer ? "; every page answered with a"
            + " server error (" + String.join(", ", serverErrors) + "), so the application may"
            + " not have been reached" : "");
    List<String> cited = new ArrayList<>();
    pages.forEach(p -> cited.add(p.id()));
    if (cited.isEmpty()) {
      occurrences.forEach(o -> cited.add(o.evidence()));
    }
    for (String id : cited.isEmpty() ? List.of("") : cited) {
      verdicts.add(REQUIRED, glob, status, rule.severity(), expected, observed, id, pointer,
          index);
    }
  }

  /** Every page fetch failed: nothing can be judged, and the report must say why. */
  private static void unreachable(List<CookieRule> rules, List<HttpFetch> fetches,
      CookieVerdicts verdicts) {
    List<String> errors = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    for (HttpFetch f : fetches) {
      if (!f.hops().isEmpty()) {
        errors.add(f.url() + ": " + f.last().error());
        evidence.add(f.last().id());
      }
    }
    String why = errors.isEmpty() ? "no page was fetched for this target"
        : "no page could be fetched: " + String.join("; ", errors);
    for (int i = 0; i < rules.size(); i++) {
      CookieRule rule = rules.get(i);
      String subject = rule.name() == null ? "" : rule.name();
      for (String e : evidence.isEmpty() ? List.of("") : evidence) {
        verdicts.add(firstCheck(rule), subject, Status.ERROR, rule.severity(), summary(rule), why,
            e, PolicyPointer.entry(PolicyPointer.COOKIES, i), i);
      }
    }
  }

  /** The check a rule is reported under when nothing could be observed. */
  private static String firstCheck(CookieRule rule) {
    if (Boolean.TRUE.equals(rule.required())) {
      return REQUIRED;
    }
    if (Boolean.TRUE.equals(rule.secure())) {
      return "cookie.secure";
    }
    if (Boolean.TRUE.equals(rule.httpOnly())) {
      return "cookie.http_only";
    }
    if (rule.sameSite() != null) {
      return "cookie.same_site";
    }
    if (Boolean.TRUE.equals(rule.partitioned())) {
      return "cookie.partitioned";
    }
    if (rule.maxAge() != null) {
      return "cookie.lifetime";
    }
    return rule.prefix() != null ? PREFIX : REQUIRED;
  }

  /** What a rule asks for, in the words findings use. */
  private static String summary(CookieRule rule) {
    List<String> parts = new ArrayList<>();
    if (Boolean.TRUE.equals(rule.required())) {
      parts.add("set by an answer the scan received");
    }
    if (Boolean.TRUE.equals(rule.secure())) {
      parts.add("Secure");
    }
    if (Boolean.TRUE.equals(rule.httpOnly())) {
      parts.add("HttpOnly");
    }
    if (rule.sameSite() != null) {
      parts.add("SameSite=" + rule.sameSite().label());
    }
    if (Boolean.TRUE.equals(rule.partitioned())) {
      parts.add("Partitioned");
    }
    if (rule.maxAge() != null) {
      parts.add("lifetime at most " + rule.maxAge().text());
    }
    if (rule.prefix() != null) {
      parts.add("name prefix " + rule.prefix());
    }
    String what = parts.isEmpty() ? "judged" : String.join(", ", parts);
    return "cookies matching '" + rule.name() + "': " + what;
  }

  // ---------------------------------------------------------------- wording

  /** A policy rule that asks for an attribute without a value (Secure, HttpOnly). */
  private static void flag(Occurrence o, String checkId, String attribute, boolean present,
      Severity sev, String pointer, int index, CookieVerdicts verdicts) {
    Value sent = new Value.Presence(attribute, present);
    verdicts.add(checkId, o.cookie.displayName(), present ? Status.PASS : Status.FAIL, sev,
        new CookieVerdicts.Worded(attribute, new Value.Presence(attribute, true)),
        o.at(sent.prose()), sent, o.evidence(), pointer, index);
  }

  private static String joinExpected(List<Issue> rs) {
    Set<String> s = new LinkedHashSet<>();
    rs.forEach(r -> s.add(r.expected()));
    return String.join("; ", s);
  }

  private static String joinObserved(List<Issue> rs) {
    Set<String> s = new LinkedHashSet<>();
    rs.forEach(r -> s.add(r.observed()));
    return String.join("; ", s);
  }

  /**
   * When the response says it was sent: Expires is written against the server's clock, so its
   * Date header is the fair reference; without one, when the probe saw it, then the run's time.
   */
  private static Instant receivedAt(HttpExchange page, Instant now) {
    String date = page.header("Date");
    Instant parsed = date == null ? null : SetCookieParser.parseCookieDate(date);
    if (parsed != null) {
      return parsed;
    }
    return page.started() != null ? page.started() : now;
  }
}
