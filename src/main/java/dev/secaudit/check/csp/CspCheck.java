package dev.secaudit.check.csp;

import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.CheckInfo;
import static dev.secaudit.check.csp.ContentSecurityPolicy.is;
import static dev.secaudit.check.csp.ContentSecurityPolicy.isNonce;
import static dev.secaudit.check.csp.ContentSecurityPolicy.isScheme;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.PageSubjects;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Csp;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges the Content-Security-Policy of every fetched page: that an enforced policy is sent, the
 * csp-evaluator style analysis, the policy file's own directive and source rules, and the
 * report-only policy on the side.
 *
 * <p>Several enforced policies on one response (several headers, comma-joined values, {@code
 * <meta>} elements) all apply: the browser lets a resource through only when every policy allows
 * it. So a weakness found in one policy is a FAIL only when every other policy that governs the
 * same kind of resource (the same directive, or the default-src or script-src it falls back to)
 * also allows what the weak source allows; a policy that does not govern that resource restricts
 * nothing and cannot neutralise it. A missing directive is a FAIL only when no policy supplies
 * it. A weakness another policy neutralises is still reported, as INFO. Issues about one policy's
 * own text (syntax, deprecated directives, report destinations, strict-CSP advice) never reach
 * FAIL and are reported as found.
 */
public final class CspCheck extends DeclaredCheck {
  public CspCheck() {
    super(CspCheckReports.ALL, Set.of(Aspect.PAGES));
  }

  static final String HEADER = "Content-Security-Policy";
  static final String REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only";

  /** The ids the evaluator feeds, in report order. */
  static final List<String> EVALUATED_IDS = List.of("csp.unsafe_inline", "csp.unsafe_eval",
      "csp.unsafe_hashes", "csp.wildcard", "csp.missing_directive", "csp.nonce",
      "csp.insecure_source", "csp.deprecated", "csp.strict_dynamic");

  @Override
  public boolean appliesTo(Policy policy) {
    return policy.csp() != null;
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    Csp rules = ctx.policy().csp();
    List<Finding> out = new ArrayList<>();
    Map<String, HttpFetch> pages = ctx.observations() == null ? Map.of()
        : ctx.observations().pages();
    if (pages.isEmpty()) {
      new Page(ctx, rules, "", List.of(), "", out).errors("no page of this target was fetched");
      return out;
    }
    for (Map.Entry<String, HttpFetch> e : pages.entrySet()) {
      HttpFetch fetch = e.getValue();
      HttpExchange last = fetch.lastResponse();
      String prefix = PageSubjects.named(pages, e.getKey());
      if (last == null) {
        List<String> evidence = fetch.hops().isEmpty() ? List.of() : List.of(fetch.last().id());
        String why = fetch.hops().isEmpty() ? "no request was made" : fetch.last().error();
        new Page(ctx, rules, prefix, evidence, "", out).errors("page fetch failed: " + why);
        continue;
      }
      if (last.cutShort() != null && !headEnded(last.body())) {
        // A <meta> CSP counts as much as the header, and it may sit in the part of the head
        // that never arrived: neither a pass nor a missing policy can be said.
        new Page(ctx, rules, prefix, List.of(last.id()), "", out).errors("the page's <head>"
            + " was not read to its end, where a <meta> CSP may be: " + last.bodyShortfall());
        continue;
      }
      new Page(ctx, rules, prefix, List.of(last.id()), fetch.judgedAnswer(), out).judge(last);
    }
    return out;
  }

  /** Whether an HTML text has got past its head: a {@code </head>} or {@code <body>} in it. */
  static boolean headEnded(String body) {
    String lower = body.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("</head") || lower.contains("<body");
  }

  /** One enforced policy as the browser applies it, and where it came from. */
  private record Applied(ContentSecurityPolicy policy, boolean fromMeta, String label) {
    ContentSecurityPolicy view() {
      return fromMeta ? policy.asMeta() : policy;
    }
  }

  /**
   * One verdict of a csp: rule; {@code what} is the directive or source judged, "" for all.
   *
   * @param about what was judged: the directive, or the header
   * @param expectedValue what {@code expected} says as data, or null when it is words only
   * @param observedValue what {@code observed} says as data, or null when it is words only
   */
  public record RuleVerdict(String checkId, String what, Status status, String expected,
      String observed, String pointer, Subject about, Value expectedValue, Value observedValue) {
    /** A verdict in words only about the directive {@code what}, or the header when "". */
    RuleVerdict(String checkId, String what, Status status, String expected, String observed,
        String pointer) {
      this(checkId, what, status, expected, observed, pointer, what.isEmpty()
          ? Subject.header(HEADER) : Subject.directive(what), null, null);
    }
  }

  /**
   * The csp: section's rules (evaluate, required_directives, must_avoid) over the policies that
   * {@code headerValues} enforce: the one judgement the live check gives a page, for headers
   * that came from somewhere else (a server's config).
   */
  public static List<RuleVerdict> judgeHeaders(Csp rules, List<String> headerValues) {
    List<Applied> enforced = enforced(headerValues, List.of());
    List<RuleVerdict> out = new ArrayList<>();
    if (rules.evaluate() && !enforced.isEmpty()) {
      out.addAll(evaluated(enforced));
    }
    if (!rules.requiredDirectives().isEmpty() || !rules.mustAvoid().isEmpty()) {
      out.addAll(policyRules(rules, enforced));
    }
    return out;
  }

  private static List<Applied> enforced(List<String> headerValues, List<String> metaContents) {
    List<Applied> enforced = new ArrayList<>();
    List<ContentSecurityPolicy> fromHeaders = CspParser.parseHeaders(headerValues);
    for (int i = 0; i < fromHeaders.size(); i++) {
      enforced.add(new Applied(fromHeaders.get(i), false, "header policy " + (i + 1)));
    }
    int metaCount = 0;
    for (String content : metaContents) {
      ContentSecurityPolicy p = CspParser.parse(content);
      if (!p.directives().isEmpty()) {
        metaCount++;
        enforced.add(new Applied(p, true, "<meta> policy " + metaCount));
      }
    }
    return enforced;
  }

  /** One issue with the verdict it gets on this page. */
  private record Judged(CspIssue issue, Status status, String note) {}

  /** The findings of one page: its subject prefix and evidence are shared by all of them. */
  private record Page(CheckContext ctx, Csp rules, String path, List<String> evidence,
      String judged, List<Finding> out) {

    String subject(String what) {
      if (path.isEmpty()) {
        return what;
      }
      return what.isEmpty() ? path : path + " " + what;
    }

    void add(RuleVerdict v) {
      // The subject is set after what it is about, so that a page's own subject stays empty.
      out.add(ctx.finding(v.checkId()).about(v.about()).subject(subject(v.what()))
          .status(v.status()).expected(v.expected(), v.expectedValue())
          .observed(judged + v.observed(), v.observedValue()).evidence(evidence).rule(v.pointer()).build());
    }

    List<String> applicableIds() {
      List<String> ids = new ArrayList<>();
      if (rules.required()) {
        ids.add("csp.header");
      }
      if (rules.evaluate()) {
        ids.addAll(EVALUATED_IDS);
      }
      if (!rules.requiredDirectives().isEmpty() || !rules.mustAvoid().isEmpty()) {
        ids.add("csp.policy");
      }
      if (rules.reportOnly()) {
        ids.add("csp.report_only");
      }
      return ids;
    }

    void errors(String why) {
      for (String id : applicableIds()) {
        add(new RuleVerdict(id, "", Status.ERROR, expected(id), why, pointer(id),
            Subject.header(id.equals("csp.report_only") ? REPORT_ONLY_HEADER : HEADER), null,
            null));
      }
    }

    void judge(HttpExchange page) {
      List<String> headerValues = page.headers(HEADER);
      List<Applied> enforced = enforced(headerValues, page.metaCsp());
      List<ContentSecurityPolicy> fromHeaders = CspParser.parseHeaders(headerValues);
      int metaCount = enforced.size() - fromHeaders.size();
      List<ContentSecurityPolicy> reportOnly =
          CspParser.parseHeaders(page.headers(REPORT_ONLY_HEADER));

      if (rules.required()) {
        header(headerValues, fromHeaders, metaCount, reportOnly);
      }
      if (rules.evaluate() && !enforced.isEmpty()) {
        addAll(evaluated(enforced));
      }
      if (!rules.requiredDirectives().isEmpty() || !rules.mustAvoid().isEmpty()) {
        addAll(policyRules(rules, enforced));
      }
      if (rules.reportOnly() && !reportOnly.isEmpty()) {
        reportOnly(reportOnly);
      }
    }

    private void header(List<String> values, List<ContentSecurityPolicy> policies, int metaCount,
        List<ContentSecurityPolicy> reportOnly) {
      String id = "csp.header";
      String sent = values.isEmpty() ? null : shorten(String.join(", ", values));
      Status status;
      String observed;
      if (!policies.isEmpty()) {
        status = Status.PASS;
        observed = HEADER + ": " + sent;
      } else if (metaCount > 0) {
        // required says a header must be sent: a <meta> policy cannot set frame-ancestors,
        // report-uri or sandbox and governs only what the parser meets after it, so it is no
        // substitute the gate may pass (a blind review: WARN beside "must be sent").
        status = Status.FAIL;
        observed = "no header; only a <meta> policy, which cannot set frame-ancestors,"
            + " report-uri or sandbox and applies only to what follows it in the page";
      } else if (!values.isEmpty()) {
        status = Status.FAIL;
        observed = HEADER + " is sent but holds no directive: '" + sent + "'";
      } else if (!reportOnly.isEmpty()) {
        status = Status.FAIL;
        observed = "only " + REPORT_ONLY_HEADER + ", which enforces nothing";
      } else {
        status = Status.FAIL;
        observed = "no " + HEADER + " header";
      }
      add(new RuleVerdict(id, "", status, expected(id), observed, pointer(id),
          Subject.header(HEADER), null, new Value.Header(HEADER, sent)));
    }

    private void addAll(List<RuleVerdict> verdicts) {
      verdicts.forEach(this::add);
    }

    private void reportOnly(List<ContentSecurityPolicy> policies) {
      String id = "csp.report_only";
      // Each report-only policy is judged alone: it blocks nothing, so policies cannot
      // neutralise each other.
      Map<CspIssue.Type, List<String>> byType = new LinkedHashMap<>();
      for (int i = 0; i < policies.size(); i++) {
        String label = policies.size() > 1 ? " [report-only policy " + (i + 1) + "]" : "";
        for (CspIssue issue : CspEvaluator.evaluate(policies.get(i), false)) {
          List<String> texts = byType.computeIfAbsent(issue.type(), k -> new ArrayList<>());
          String text = issue.description() + label;
          if (!texts.contains(text)) {
            texts.add(text);
          }
        }
      }
      Subject header = Subject.header(REPORT_ONLY_HEADER);
      if (byType.isEmpty()) {
        add(new RuleVerdict(id, "", Status.PASS, expected(id), "no issue found in "
            + REPORT_ONLY_HEADER, pointer(id), header, null, null));
      }
      byType.forEach((type, texts) -> add(new RuleVerdict(id, type.label(),
          type.informational() ? Status.INFO : Status.WARN, expected(id),
          String.join("; ", texts), pointer(id), header, null, null)));
    }
  }

  private static List<RuleVerdict> evaluated(List<Applied> enforced) {
    List<RuleVerdict> out = new ArrayList<>();
    List<ContentSecurityPolicy> views = new ArrayList<>();
    for (Applied a : enforced) {
      views.add(a.view());
    }
    // (check id, directive) -> judged issues, in the order found
    Map<String, Map<String, List<Judged>>> groups = new LinkedHashMap<>();
    for (int i = 0; i < enforced.size(); i++) {
      Applied a = enforced.get(i);
      for (CspIssue issue : CspEvaluator.evaluate(a.policy(), a.fromMeta())) {
        Status status = baseStatus(issue.type());
        String note = enforced.size() > 1 ? " [" + a.label() + "]" : "";
        if (status == Status.FAIL && !inEffect(issue, i, views)) {
          status = Status.INFO;
          note += " (not in effect: another enforced policy does not allow it)";
        }
        groups.computeIfAbsent(checkIdOf(issue.type()), k -> new LinkedHashMap<>())
            .computeIfAbsent(issue.directive(), k -> new ArrayList<>())
            .add(new Judged(issue, status, note));
      }
    }
    for (String id : EVALUATED_IDS) {
      Map<String, List<Judged>> byDirective = groups.get(id);
      if (byDirective == null) {
        out.add(new RuleVerdict(id, "", Status.PASS, expected(id), enforced.size() == 1
            ? "no issue found"
            : "no issue found in " + enforced.size() + " enforced policies", pointer(id)));
        continue;
      }
      byDirective.forEach((directive, judged) -> {
        Status worst = Status.PASS;
        List<String> texts = new ArrayList<>();
        for (Judged j : judged) {
          worst = j.status().compareTo(worst) < 0 ? j.status() : worst;
          String text = j.issue().description() + j.note();
          if (!texts.contains(text)) {
            texts.add(text);
          }
        }
        out.add(new RuleVerdict(id, directive, worst, expected(id), String.join("; ", texts),
            pointer(id)));
      });
    }
    return out;
  }

  private static List<RuleVerdict> policyRules(Csp rules, List<Applied> enforced) {
    List<RuleVerdict> out = new ArrayList<>();
    List<ContentSecurityPolicy> views = new ArrayList<>();
    for (Applied a : enforced) {
      views.add(a.view());
    }
    String id = "csp.policy";
    for (String wanted : rules.requiredDirectives()) {
      String d = wanted.trim().toLowerCase(Locale.ROOT);
      String where = null;
      // Every enforced policy applies, so one that sets the directive itself is named before
      // one whose default-src merely covers it (a blind review: "covered by default-src *").
      for (int pass = 0; pass < 2 && where == null; pass++) {
        for (int i = 0; i < views.size() && where == null; i++) {
          String g = views.get(i).effectiveDirective(d);
          if (g != null && (pass == 1 || g.equals(d))) {
            where = (g.equals(d) ? "set" : "covered by " + g) + " in " + enforced.get(i).label();
          }
        }
      }
      String observed = where != null ? where
          : enforced.isEmpty() ? "no enforced policy"
          : enforced.stream().anyMatch(a -> a.policy().has(d)) ? "only in a <meta> policy,"
              + " where " + d + " has no effect" : "absent";
      out.add(new RuleVerdict(id, d, where != null ? Status.PASS : Status.FAIL, d + " present"
          + " (default-src counts for fetch directives)", observed,
          PolicyPointer.member(PolicyPointer.CSP, "required_directives"), Subject.directive(d),
          new Value.Presence(d, true), new Value.Presence(d, where != null)));
    }
    for (String avoid : rules.mustAvoid()) {
      String source = avoid.trim();
      if (enforced.isEmpty()) {
        out.add(new RuleVerdict(id, source, Status.SKIPPED, source + " in no directive",
            "no enforced policy to judge", PolicyPointer.member(PolicyPointer.CSP, "must_avoid"),
            Subject.header(HEADER), null, null));
        continue;
      }
      List<String> found = new ArrayList<>();
      List<String> foundIn = new ArrayList<>();
      Status status = Status.PASS;
      for (int i = 0; i < views.size(); i++) {
        for (Map.Entry<String, List<String>> e : views.get(i).directives().entrySet()) {
          if (e.getValue().stream().noneMatch(v -> v.equalsIgnoreCase(source))) {
            continue;
          }
          boolean live = views.size() < 2 || sourceInEffect(views, i, e.getKey(), source,
              candidates(e.getKey()));
          status = live ? Status.FAIL : (status == Status.FAIL ? status : Status.INFO);
          foundIn.add(e.getKey());
          found.add(e.getKey() + (views.size() > 1 ? " [" + enforced.get(i).label() + "]" : "")
              + (live ? "" : " (not in effect: another enforced policy does not allow it)"));
        }
      }
      // The directives that hold the source (in effect or not): none is what was asked for.
      out.add(new RuleVerdict(id, source, status, source + " in no directive",
          found.isEmpty() ? "absent" : "found in " + String.join(", ", found),
          PolicyPointer.member(PolicyPointer.CSP, "must_avoid"), Subject.header(HEADER),
          Value.Items.of(List.of()), Value.Items.of(foundIn)));
    }
    return out;
  }

  // ---- the rule for several enforced policies ----

  /** Whether {@code issue} of policy {@code self} survives the other enforced policies. */
  static boolean inEffect(CspIssue issue, int self, List<ContentSecurityPolicy> views) {
    if (views.size() < 2) {
      return true;
    }
    return switch (issue.type()) {
      case MISSING_DIRECTIVE -> {
        for (int q = 0; q < views.size(); q++) {
          if (q != self && restricts(views.get(q), issue.directive())) {
            yield false;
          }
        }
        yield true;
      }
      case UNSAFE_INLINE, UNSAFE_EVAL, UNSAFE_HASHES -> sourceInEffect(views, self,
          issue.directive(), issue.value(), CspEvaluator.SCRIPT_DIRECTIVES);
      case PLAIN_WILDCARD, PLAIN_URL_SCHEME, ALLOWLIST_BYPASS -> sourceInEffect(views, self,
          issue.directive(), issue.value(), CspEvaluator.XSS_DIRECTIVES);
      case NONCE_LENGTH, SRC_HTTP -> sourceInEffect(views, self, issue.directive(),
          issue.value(), candidates(issue.directive()));
      default -> true;
    };
  }

  /** Whether policy {@code q} supplies the restriction whose absence {@code missing} names. */
  private static boolean restricts(ContentSecurityPolicy q, String missing) {
    return switch (missing) {
      case "object-src" -> !CspEvaluator.objectSrcMissing(q);
      case "base-uri" -> q.has("base-uri");
      default -> q.effectiveDirective(missing) != null;
    };
  }

  /** The directives a source in {@code directive} may govern: itself and what falls back to it. */
  private static List<String> candidates(String directive) {
    Set<String> c = new TreeSet<>(ContentSecurityPolicy.FETCH_DIRECTIVES);
    c.add(directive);
    return List.copyOf(c);
  }

  /**
   * A source that policy {@code self} has in {@code directive} is in effect when, for some kind
   * of resource it governs there, every other policy governing that kind allows it too.
   * Directives that are not source lists (report-uri, sandbox...) are per policy and always
   * count.
   */
  static boolean sourceInEffect(List<ContentSecurityPolicy> views, int self, String directive,
      String value, List<String> candidates) {
    ContentSecurityPolicy p = views.get(self);
    List<String> governed = new ArrayList<>();
    for (String l : candidates) {
      if (directive.equals(p.effectiveDirective(l))) {
        governed.add(l);
      }
    }
    if (governed.isEmpty()) {
      return true;
    }
    for (String l : governed) {
      boolean everyOtherAllows = true;
      for (int q = 0; q < views.size() && everyOtherAllows; q++) {
        if (q == self) {
          continue;
        }
        List<String> sources = views.get(q).effectiveSources(l);
        everyOtherAllows = sources == null || allows(sources, value);
      }
      if (everyOtherAllows) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a source list lets through some of what {@code value} lets through. Deliberately
   * generous (ports and paths are not compared): when unsure, the weakness stays reported.
   */
  static boolean allows(List<String> sources, String value) {
    for (String s : sources) {
      if (s.equals(value) || (!isNonce(value) && s.equalsIgnoreCase(value))) {
        return true;
      }
    }
    if (value.startsWith("'")) {
      // A nonce also gets through a list that allows every inline script.
      return isNonce(value) && sources.stream().anyMatch(s -> is(s, "'unsafe-inline'"));
    }
    if (anyWebHost(value)) {
      return sources.stream().anyMatch(CspCheck::anyWebHost);
    }
    if (isScheme(value)) {
      return false;
    }
    String scheme = schemeOf(value);
    String host = CspEvaluator.hostOf(value);
    for (String s : sources) {
      String lower = s.toLowerCase(Locale.ROOT);
      if (s.equals("*") || (lower.equals("http:") && (scheme == null || scheme.startsWith("http")))
          || (lower.equals("https:") && (scheme == null || scheme.equals("https")))) {
        return true;
      }
      String sh = CspEvaluator.hostOf(s);
      if (sh != null && host != null && hostMatches(sh, host)
          && schemeFits(schemeOf(s), scheme)) {
        return true;
      }
    }
    return false;
  }

  /** {@code *}, {@code http:} and {@code https:} each admit code from any web host. */
  private static boolean anyWebHost(String v) {
    return CspEvaluator.isWildcard(v) || is(v, "http:") || is(v, "https:");
  }

  private static String schemeOf(String v) {
    int i = v.indexOf("://");
    return i > 0 ? v.substring(0, i).toLowerCase(Locale.ROOT) : null;
  }

  private static boolean hostMatches(String pattern, String host) {
    String p = pattern.toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    return p.equals(h) || (p.startsWith("*.") && h.endsWith(p.substring(1)));
  }

  /** CSP3 lets http: sources match https: (and ws: match wss:), never the other way round. */
  private static boolean schemeFits(String listed, String wanted) {
    return listed == null || wanted == null || listed.equals(wanted)
        || (listed.equals("http") && wanted.equals("https"))
        || (listed.equals("ws") && wanted.equals("wss"));
  }

  // ---- verdicts and wording ----

  static String checkIdOf(CspIssue.Type type) {
    return switch (type) {
      case UNSAFE_INLINE, STYLE_UNSAFE_INLINE -> "csp.unsafe_inline";
      case UNSAFE_EVAL -> "csp.unsafe_eval";
      case UNSAFE_HASHES -> "csp.unsafe_hashes";
      case PLAIN_WILDCARD, PLAIN_URL_SCHEME, ALLOWLIST_BYPASS -> "csp.wildcard";
      case MISSING_DIRECTIVE -> "csp.missing_directive";
      case NONCE_LENGTH, NONCE_CHARSET -> "csp.nonce";
      case SRC_HTTP, IP_SOURCE -> "csp.insecure_source";
      case DEPRECATED_DIRECTIVE, REPORT_URI_DEPRECATED, UNKNOWN_DIRECTIVE, DUPLICATE_DIRECTIVE,
          MISSING_SEMICOLON, INVALID_KEYWORD, IGNORED_IN_META -> "csp.deprecated";
      case STRICT_DYNAMIC, STRICT_DYNAMIC_NOT_STANDALONE, UNSAFE_INLINE_FALLBACK,
          ALLOWLIST_FALLBACK, REQUIRE_TRUSTED_TYPES -> "csp.strict_dynamic";
    };
  }

  /**
   * FAIL for what weakens the policy, WARN for what the browser ignores or for sources that are
   * doubtful rather than open, INFO for advice.
   */
  static Status baseStatus(CspIssue.Type type) {
    if (type.informational()) {
      return Status.INFO;
    }
    return switch (type) {
      case UNSAFE_INLINE, UNSAFE_EVAL, UNSAFE_HASHES, PLAIN_WILDCARD, PLAIN_URL_SCHEME,
          ALLOWLIST_BYPASS, MISSING_DIRECTIVE, NONCE_LENGTH, SRC_HTTP -> Status.FAIL;
      default -> Status.WARN;
    };
  }

  static String expected(String checkId) {
    return switch (checkId) {
      case "csp.header" -> "an enforced " + HEADER + " header";
      case "csp.unsafe_inline" -> "no 'unsafe-inline' unless a nonce or hash overrides it";
      case "csp.unsafe_eval" -> "no 'unsafe-eval' for scripts";
      case "csp.unsafe_hashes" -> "no 'unsafe-hashes' for scripts";
      case "csp.wildcard" -> "no *, http:, https: or data: in script-src, object-src, base-uri";
      case "csp.missing_directive" -> "script-src or default-src; object-src 'none'; base-uri"
          + " with nonces";
      case "csp.nonce" -> "nonces of at least 8 base64 characters";
      case "csp.insecure_source" -> "no http:// or IP-address sources";
      case "csp.deprecated" -> "only known, current, well-formed directives";
      case "csp.strict_dynamic" -> "nonce or hash with 'strict-dynamic' and fallbacks";
      case "csp.policy" -> "the policy file's csp rules";
      case "csp.report_only" -> "a report-only policy without issues";
      default -> "";
    };
  }

  static String pointer(String checkId) {
    return switch (checkId) {
      case "csp.header" -> PolicyPointer.member(PolicyPointer.CSP, "required");
      case "csp.policy" -> PolicyPointer.CSP;
      case "csp.report_only" -> PolicyPointer.member(PolicyPointer.CSP, "report_only");
      default -> PolicyPointer.member(PolicyPointer.CSP, "evaluate");
    };
  }

  private static String shorten(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
