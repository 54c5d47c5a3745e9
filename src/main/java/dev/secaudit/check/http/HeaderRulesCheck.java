package dev.secaudit.check.http;

import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.PageSubjects;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.HeaderRule;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Presence;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The policy's per-header rules, with drHEADer's semantics: presence (required, forbidden,
 * optional), exact value, one-of, any-of over comma-separated items, must-contain (all / one),
 * must-avoid, and the same rule shape per ';'-separated directive. One finding per (header, page)
 * on the final answer of each fetched page.
 */
public final class HeaderRulesCheck extends DeclaredCheck {
  public HeaderRulesCheck() {
    super(REPORTS, EnumSet.of(Aspect.PAGES));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("header.rule",
          "Response header meets the policy's rule",
          Severity.MEDIUM,
          "headers",
          ControlAreas.BROWSER,
          "Send the header with the value the policy states (or stop sending it).",
          "drHEADer rules; OWASP Secure Headers Project; Referrer-Policy judged as the document"
            + " applies it: a <meta name=\"referrer\"> overrides the header (HTML Living Standard"
            + " §4.2.5.3 'Standard metadata names: referrer'; W3C Referrer Policy §4); a required"
            + " Referrer-Policy that is missing fails, where MDN HTTP Observatory 1.4.8 passes it"
            + " as 'not implemented' (browsers default to strict-origin-when-cross-origin): the"
            + " policy asked for the header, so its absence is a deliberate FAIL"
            + " (bench/observatory.sh)"));

  private static final String REFERRER_POLICY = "Referrer-Policy";

  /** Long values (a CSP) are cut in findings; the recorded exchange keeps them whole. */
  private static final int MAX_SHOWN = 200;

  @Override
  public boolean appliesTo(Policy policy) {
    return !policy.headers().isEmpty();
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    Map<String, HeaderRule> rules = ctx.policy().headers();
    TargetObservations obs = ctx.observations();
    Map<String, HttpFetch> pages = obs == null ? Map.of() : obs.pages();
    List<Finding> out = new ArrayList<>();
    if (pages.isEmpty()) {
      for (Map.Entry<String, HeaderRule> r : rules.entrySet()) {
        out.add(ctx.error("header.rule", r.getKey(), describe(r.getValue()),
            "no page of the target was fetched", List.of(), pointer(r.getKey())));
      }
      return out;
    }
    for (Map.Entry<String, HttpFetch> page : pages.entrySet()) {
      String named = PageSubjects.named(pages, page.getKey());
      for (Map.Entry<String, HeaderRule> r : rules.entrySet()) {
        String subject = named.isEmpty() ? r.getKey() : r.getKey() + " on " + named;
        out.add(judge(ctx, subject, r.getKey(), r.getValue(), page.getValue()));
      }
    }
    return out;
  }

  private static Finding judge(CheckContext ctx, String subject, String name,
      HeaderRule rule, HttpFetch fetch) {
    String expected = describe(rule);
    String pointer = pointer(name);
    HttpExchange response = fetch.lastResponse();
    // A loop or a walk cut at the cap still ended on an answer: it is judged, named by
    // judgedAnswer(), as csp.* and hsts.* judge it; only a walk with no answer is an ERROR.
    String unanswered = fetch.fetchError();
    if (unanswered != null) {
      return ctx.finding("header.rule", subject, Status.ERROR, rule.severity(), expected,
          unanswered, List.of(fetch.last().id()), pointer);
    }
    if (name.equalsIgnoreCase(REFERRER_POLICY) && response.cutShort() != null) {
      // A <meta name="referrer"> anywhere in the document overrides the header, and the rest
      // of this one never arrived.
      return ctx.finding("header.rule", subject, Status.ERROR, rule.severity(), expected,
          "the page's body is not whole, where a <meta name=\"referrer\"> would override the"
              + " header: " + response.bodyShortfall(), List.of(response.id()), pointer);
    }
    List<String> values = response.headers(name);
    String value = values.isEmpty() ? null : String.join(", ", values);
    // The document's <meta name="referrer"> overrides the header (HTML: the meta element sets
    // the document's referrer policy after the response's), so the rule judges what applies.
    String fromMeta = null;
    if (name.equalsIgnoreCase(REFERRER_POLICY) && response.metaReferrer() != null) {
      fromMeta = value == null ? "from <meta name=\"referrer\">: "
          : "<meta name=\"referrer\"> overrides the header '" + shown(value) + "': ";
      value = response.metaReferrer();
      values = List.of(value);
    }
    ValueInForce inForce = fromMeta != null ? null : ValueInForce.of(name, value);
    if (inForce != null) {
      return judgeInForce(ctx, subject, name, rule, fetch, values, inForce);
    }
    List<Problem> problems = new ArrayList<>();
    check(rule, value, "", problems);
    Severity severity = rule.severity();
    for (Problem p : problems) {
      if (p.severity() != null && (severity == null || p.severity().atLeast(severity))) {
        severity = p.severity();
      }
    }
    StringBuilder observed = new StringBuilder(fetch.judgedAnswer());
    if (fromMeta != null) {
      observed.append(fromMeta);
    }
    if (values.size() > 1) {
      observed.append("sent ").append(values.size()).append(" times, judged the combined value '")
          .append(shown(value)).append("': ");
    }
    Status status;
    if (!problems.isEmpty()) {
      status = Status.FAIL;
      List<String> texts = new ArrayList<>();
      for (Problem p : problems) {
        texts.add(p.text());
      }
      observed.append(String.join("; ", texts));
    } else {
      status = Status.PASS;
      if (value == null && rule.required() == Presence.OPTIONAL) {
        // The rule asks only of a value that is sent: with none, it was not applied, and a PASS
        // would count a control tested that was not.
        status = Status.NOT_APPLICABLE;
        observed.append("not sent (optional)");
      } else if (value == null) {
        observed.append("not sent");
      } else if (values.size() == 1) {
        observed.append("'").append(shown(value)).append("'");
      } else {
        observed.append("meets the rule");
      }
    }
    // A value a <meta> element set is no header text.
    Value sent = fromMeta != null ? null
        : new Value.Header(name, value == null ? null : shown(value));
    return ctx.finding("header.rule").subject(subject).about(Subject.header(name))
        .status(status).severity(severity).expected(expected).observed(observed.toString(), sent)
        .evidence(List.of(response.id())).rule(pointer).build();
  }

  /**
   * A value browsers read in part: the rule judges the part in force, and a repeat or list that
   * would fail as a whole is a WARN naming it rather than a PASS that hides it.
   */
  private static Finding judgeInForce(CheckContext ctx, String subject, String name,
      HeaderRule rule, HttpFetch fetch, List<String> values, ValueInForce inForce) {
    String value = String.join(", ", values);
    List<Problem> applied = new ArrayList<>();
    check(rule, inForce.value(), "", applied);
    List<Problem> whole = new ArrayList<>();
    check(rule, value, "", whole);
    List<Problem> shownProblems = applied.isEmpty() ? whole : applied;
    Status status = !applied.isEmpty() ? Status.FAIL : whole.isEmpty() ? Status.PASS
        : Status.WARN;
    StringBuilder observed = new StringBuilder(fetch.judgedAnswer());
    observed.append(values.size() > 1 ? "sent " + values.size() + " times ('"
        + shown(String.join("' | '", values)) + "')" : "'" + shown(value) + "'");
    observed.append("; ").append(inForce.why()).append(": '").append(shown(inForce.value()))
        .append("'");
    Severity severity = rule.severity();
    List<String> texts = new ArrayList<>();
    for (Problem p : shownProblems) {
      texts.add(p.text());
      if (p.severity() != null && (severity == null || p.severity().atLeast(severity))) {
        severity = p.severity();
      }
    }
    if (!texts.isEmpty()) {
      observed.append(status == Status.FAIL ? ", which " : "; the whole value ")
          .append(String.join("; ", texts));
    }
    return ctx.finding("header.rule").subject(subject).about(Subject.header(name))
        .status(status).severity(severity).expected(describe(rule))
        .observed(observed.toString(), new Value.Header(name, shown(value)))
        .evidence(List.of(fetch.lastResponse().id())).rule(pointer(name)).build();
  }

  /** One unmet condition, with the severity of the (directive) rule that set it. */
  record Problem(String text, Severity severity) {}

  /**
   * Adds what {@code value} (null when absent) fails of {@code rule}; {@code what} names a
   * directive ("directive max-age: ") or is empty for the header itself.
   */
  static void check(HeaderRule rule, String value, String what,
      List<Problem> problems) {
    Severity sev = rule.severity();
    if (value == null) {
      if (rule.required() == Presence.REQUIRED) {
        problems.add(new Problem(what + "missing", sev));
      }
      return;
    }
    if (rule.required() == Presence.FORBIDDEN) {
      problems.add(new Problem(what + "sent ('" + shown(value) + "') but must not be", sev));
      return;
    }
    String v = value.trim();
    String lower = v.toLowerCase(Locale.ROOT);
    if (rule.value() != null && !v.equalsIgnoreCase(rule.value().trim())) {
      problems.add(new Problem(what + "is '" + shown(v) + "', expected '" + rule.value() + "'",
          sev));
    }
    if (!rule.valueOneOf().isEmpty() && !containsIgnoreCase(rule.valueOneOf(), v)) {
      problems.add(new Problem(what + "is '" + shown(v) + "', expected one of "
          + rule.valueOneOf(), sev));
    }
    if (!rule.valueAnyOf().isEmpty()) {
      List<String> items = new ArrayList<>();
      List<String> outside = new ArrayList<>();
      for (String item : v.split(",")) {
        String t = item.trim();
        if (!t.isEmpty()) {
          items.add(t);
          if (!containsIgnoreCase(rule.valueAnyOf(), t)) {
            outside.add(t);
          }
        }
      }
      if (items.isEmpty()) {
        problems.add(new Problem(what + "is empty, expected items from " + rule.valueAnyOf(),
            sev));
      } else if (!outside.isEmpty()) {
        problems.add(new Problem(what + "has " + quoteAll(outside) + ", not in "
            + rule.valueAnyOf(), sev));
      }
    }
    List<String> lacking = new ArrayList<>();
    for (String s : rule.mustContain()) {
      if (!lower.contains(s.toLowerCase(Locale.ROOT))) {
        lacking.add(s);
      }
    }
    if (!lacking.isEmpty()) {
      problems.add(new Problem(what + "lacks " + quoteAll(lacking), sev));
    }
    if (!rule.mustContainOne().isEmpty()) {
      boolean any = false;
      for (String s : rule.mustContainOne()) {
        any |= lower.contains(s.toLowerCase(Locale.ROOT));
      }
      if (!any) {
        problems.add(new Problem(what + "contains none of " + rule.mustContainOne(), sev));
      }
    }
    List<String> present = new ArrayList<>();
    for (String s : rule.mustAvoid()) {
      if (lower.contains(s.toLowerCase(Locale.ROOT))) {
        present.add(s);
      }
    }
    if (!present.isEmpty()) {
      problems.add(new Problem(what + "contains " + quoteAll(present) + ", which it must avoid",
          sev));
    }
    if (!rule.directives().isEmpty()) {
      Map<String, String> directives = directives(v);
      for (Map.Entry<String, HeaderRule> d : rule.directives().entrySet()) {
        String dv = directives.get(d.getKey().toLowerCase(Locale.ROOT));
        check(d.getValue(), dv, what + "directive " + d.getKey() + ": ", problems);
      }
    }
  }

  /**
   * Splits "a=1; b 'x' 'y'; c" into directives: the name runs to the first '=' or whitespace, the
   * rest (one pair of quotes removed) is the value, "" for a bare name. Names are lower-cased;
   * the first occurrence of a name wins, as in CSP.
   */
  static Map<String, String> directives(String value) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : value.split(";")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int i = 0;
      while (i < p.length() && p.charAt(i) != '=' && !Character.isWhitespace(p.charAt(i))) {
        i++;
      }
      String name = p.substring(0, i).toLowerCase(Locale.ROOT);
      String rest = p.substring(i).trim();
      if (rest.startsWith("=")) {
        rest = rest.substring(1).trim();
      }
      if (rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"")) {
        rest = rest.substring(1, rest.length() - 1);
      }
      out.putIfAbsent(name, rest);
    }
    return out;
  }

  /** The rule in a few words, for the finding's "expected". */
  static String describe(HeaderRule rule) {
    List<String> parts = new ArrayList<>();
    switch (rule.required()) {
      case REQUIRED -> parts.add("sent");
      case FORBIDDEN -> {
        return "not sent";
      }
      case OPTIONAL -> parts.add("optional");
      default -> throw new IllegalStateException(String.valueOf(rule.required()));
    }
    if (rule.value() != null) {
      parts.add("value '" + rule.value() + "'");
    }
    if (!rule.valueOneOf().isEmpty()) {
      parts.add("value one of " + rule.valueOneOf());
    }
    if (!rule.valueAnyOf().isEmpty()) {
      parts.add("items from " + rule.valueAnyOf());
    }
    if (!rule.mustContain().isEmpty()) {
      parts.add("contains all of " + rule.mustContain());
    }
    if (!rule.mustContainOne().isEmpty()) {
      parts.add("contains one of " + rule.mustContainOne());
    }
    if (!rule.mustAvoid().isEmpty()) {
      parts.add("avoids " + rule.mustAvoid());
    }
    for (Map.Entry<String, HeaderRule> d : rule.directives().entrySet()) {
      parts.add("directive " + d.getKey() + " (" + describe(d.getValue()) + ")");
    }
    return String.join("; ", parts);
  }

  private static boolean containsIgnoreCase(List<String> list, String value) {
    for (String s : list) {
      if (s.trim().equalsIgnoreCase(value)) {
        return true;
      }
    }
    return false;
  }

  /** Lists as the policy's own lists are shown ("[a, b]"); quoting would double CSP's quotes. */
  private static String quoteAll(List<String> items) {
    return items.toString();
  }

  /** A header value as findings show it: cut at {@value #MAX_SHOWN} characters. */
  static String shown(String value) {
    return value.length() <= MAX_SHOWN ? value : value.substring(0, MAX_SHOWN) + "…";
  }

  /** JSON pointer of the rule, escaped as RFC 6901 says. */
  static String pointer(String header) {
    return PolicyPointer.header(header);
  }
}
