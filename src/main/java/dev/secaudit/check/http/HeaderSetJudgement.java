package dev.secaudit.check.http;

import dev.secaudit.policy.PolicyPointer;
import dev.secaudit.check.csp.CspCheck;
import dev.secaudit.check.csp.CspParser;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Csp;
import dev.secaudit.policy.HeaderRule;
import dev.secaudit.policy.Hsts;
import dev.secaudit.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live header rules (headers:, hsts:, csp:, framing:) applied to a set of response headers
 * that did not come from a fetched page: the headers a server config says it sends. Each rule is
 * the live check's own function, so a policy line means the same in both places.
 */
public final class HeaderSetJudgement {
  private HeaderSetJudgement() {}

  private static final String CSP = "Content-Security-Policy";

  /**
   * One unmet rule: the policy line that states it, what is wrong, how much it matters.
   *
   * @param headers the headers the rule is about, the one it names first (framing: either
   *     X-Frame-Options or a CSP frame-ancestors)
   * @param liveCheck the check that judges the same rule on fetched answers
   */
  public record Problem(String pointer, List<String> headers, String liveCheck, String text,
      Status status, Severity severity) {
    public Problem {
      headers = List.copyOf(headers);
    }
  }

  /**
   * Everything {@code headers} (name → values, names in any case) fails of the policy's header
   * sections. Empty when every rule is met.
   */
  public static List<Problem> judge(Policy policy, Map<String, List<String>> headers) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.computeIfAbsent(k.toLowerCase(Locale.ROOT),
        x -> new ArrayList<>()).addAll(v));
    List<Problem> out = new ArrayList<>();
    for (Map.Entry<String, HeaderRule> r : policy.headers().entrySet()) {
      List<String> values = h.getOrDefault(r.getKey().toLowerCase(Locale.ROOT), List.of());
      String joined = values.isEmpty() ? null : String.join(", ", values);
      // As the live rule: the part browsers act on decides, a repeat failing as a whole warns.
      ValueInForce inForce = ValueInForce.of(r.getKey(), joined);
      List<HeaderRulesCheck.Problem> ps = new ArrayList<>();
      HeaderRulesCheck.check(r.getValue(), inForce == null ? joined : inForce.value(), "", ps);
      Status status = Status.FAIL;
      if (ps.isEmpty() && inForce != null) {
        HeaderRulesCheck.check(r.getValue(), joined, "", ps);
        status = Status.WARN;
      }
      for (HeaderRulesCheck.Problem p : ps) {
        out.add(new Problem(HeaderRulesCheck.pointer(r.getKey()), List.of(r.getKey()),
            "header.rule", r.getKey() + " "
            + (inForce == null ? "" : "'" + joined + "' (" + inForce.why() + ": '"
                + inForce.value() + "') ") + p.text(), status, p.severity()));
      }
    }
    if (policy.hsts() != null) {
      hsts(policy.hsts(), h.getOrDefault("strict-transport-security", List.of()), out);
    }
    if (policy.csp() != null) {
      csp(policy.csp(), h.getOrDefault("content-security-policy", List.of()), out);
    }
    if (framingRequired(policy)) {
      List<String> xfo = h.getOrDefault("x-frame-options", List.of());
      FramingCheck.Verdict v = FramingCheck.verdict(h.getOrDefault("content-security-policy",
          List.of()), xfo.isEmpty() ? null : String.join(", ", xfo));
      if (v.status() != Status.PASS) {
        out.add(new Problem(PolicyPointer.member(PolicyPointer.FRAMING, "required"),
            List.of("X-Frame-Options", "Content-Security-Policy"), "header.framing",
            "framing: " + v.observed(), v.status(), null));
      }
    }
    return out;
  }

  /**
   * The headers the policy's header sections rule on, as {@link #judge} reads them (framing by
   * its X-Frame-Options); empty when the policy asks nothing of a header set.
   */
  public static List<String> ruled(Policy policy) {
    List<String> out = new ArrayList<>(policy.headers().keySet());
    if (policy.hsts() != null) {
      out.add(HstsCheck.HEADER);
    }
    if (policy.csp() != null) {
      out.add(CSP);
    }
    if (framingRequired(policy)) {
      out.add("X-Frame-Options");
    }
    return out;
  }

  private static boolean framingRequired(Policy policy) {
    return policy.framing() != null && policy.framing().required();
  }

  /** The live check's own judgement; a rule it does not see met is a problem here. */
  private static void hsts(Hsts hsts, List<String> values, List<Problem> out) {
    for (HstsJudgement.Verdict v : HstsJudgement.judge(hsts, values)) {
      if ((v.status() == Status.FAIL || v.status() == Status.WARN) && !v.followsHeader()) {
        String text = HstsCheck.HEADER + " " + v.observed();
        if (!v.checkId().equals("hsts.header")) {
          text += ", expected " + v.expected();
        }
        out.add(new Problem(v.pointer(), List.of(HstsCheck.HEADER), "hsts.header", text,
            v.status(), null));
      }
    }
  }

  /** The live check's own verdicts; what is not met there (FAIL, WARN) is a problem here. */
  private static void csp(Csp rules, List<String> values, List<Problem> out) {
    if (values.isEmpty() || CspParser.parseHeaders(values).isEmpty()) {
      if (rules.required()) {
        out.add(new Problem(PolicyPointer.member(PolicyPointer.CSP, "required"),
            List.of(CSP), "csp.header", CSP + " not sent", Status.FAIL, null));
      }
      return;
    }
    for (CspCheck.RuleVerdict v : CspCheck.judgeHeaders(rules, values)) {
      if (v.status() == Status.FAIL || v.status() == Status.WARN) {
        String what = v.what().isEmpty() ? "" : v.what() + ": ";
        out.add(new Problem(v.pointer(), List.of(CSP), "csp.header", "CSP "
            + v.checkId().substring("csp.".length()) + " " + what + v.observed(), v.status(),
            null));
      }
    }
  }
}
