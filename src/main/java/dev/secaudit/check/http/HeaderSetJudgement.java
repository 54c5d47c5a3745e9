package dev.secaudit.check.http;

import dev.secaudit.check.csp.CspCheck;
import dev.secaudit.check.csp.CspParser;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
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

  /** One unmet rule: the policy line that states it, what is wrong, how much it matters. */
  public record Problem(String pointer, String text, Status status, Severity severity) {}

  /**
   * Everything {@code headers} (name → values, names in any case) fails of the policy's header
   * sections. Empty when every rule is met.
   */
  public static List<Problem> judge(Policy policy, Map<String, List<String>> headers) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.computeIfAbsent(k.toLowerCase(Locale.ROOT),
        x -> new ArrayList<>()).addAll(v));
    List<Problem> out = new ArrayList<>();
    for (Map.Entry<String, Policy.HeaderRule> r : policy.headers().entrySet()) {
      List<String> values = h.getOrDefault(r.getKey().toLowerCase(Locale.ROOT), List.of());
      List<HeaderRulesCheck.Problem> ps = new ArrayList<>();
      HeaderRulesCheck.check(r.getValue(), values.isEmpty() ? null : String.join(", ", values),
          "", ps);
      for (HeaderRulesCheck.Problem p : ps) {
        out.add(new Problem(HeaderRulesCheck.pointer(r.getKey()), r.getKey() + " " + p.text(),
            Status.FAIL, p.severity()));
      }
    }
    if (policy.hsts() != null) {
      hsts(policy.hsts(), h.getOrDefault("strict-transport-security", List.of()), out);
    }
    if (policy.csp() != null) {
      csp(policy.csp(), h.getOrDefault("content-security-policy", List.of()), out);
    }
    if (policy.framing() != null && policy.framing().required()) {
      List<String> xfo = h.getOrDefault("x-frame-options", List.of());
      FramingCheck.Verdict v = FramingCheck.verdict(h.getOrDefault("content-security-policy",
          List.of()), xfo.isEmpty() ? null : String.join(", ", xfo));
      if (v.status() != Status.PASS) {
        out.add(new Problem("/framing/required", "framing: " + v.observed(), v.status(), null));
      }
    }
    return out;
  }

  private static void hsts(Policy.Hsts hsts, List<String> values, List<Problem> out) {
    String header = HstsCheck.HEADER;
    if (values.isEmpty()) {
      if (hsts.required()) {
        out.add(new Problem("/hsts/required", header + " not sent", Status.FAIL, null));
      }
      return;
    }
    if (values.size() > 1) {
      out.add(new Problem("/hsts/required", header + " sent " + values.size() + " times ("
          + String.join(" | ", values) + "); browsers see one comma-joined value, which does"
          + " not parse", Status.FAIL, null));
      return;
    }
    HstsCheck.Sts sts = HstsCheck.Sts.parse(values.get(0));
    if (!sts.valid()) {
      out.add(new Problem("/hsts/required", header + " '" + values.get(0) + "' does not parse: "
          + sts.problem(), Status.FAIL, null));
      return;
    }
    long min = hsts.minMaxAge().seconds();
    if (sts.maxAge() < min) {
      out.add(new Problem("/hsts/min_max_age", "HSTS max-age=" + sts.maxAge() + " ("
          + HstsCheck.days(sts.maxAge()) + ") below " + min + " s (" + HstsCheck.days(min) + ")",
          Status.FAIL, null));
    }
    if (hsts.includeSubdomains() != null && sts.includeSubDomains() != hsts.includeSubdomains()) {
      out.add(new Problem("/hsts/include_subdomains", "HSTS includeSubDomains "
          + (sts.includeSubDomains() ? "present" : "absent") + ", the policy wants it "
          + (hsts.includeSubdomains() ? "present" : "absent"), Status.FAIL, null));
    }
  }

  /** The live check's own verdicts; what is not met there (FAIL, WARN) is a problem here. */
  private static void csp(Policy.Csp rules, List<String> values, List<Problem> out) {
    if (values.isEmpty() || CspParser.parseHeaders(values).isEmpty()) {
      if (rules.required()) {
        out.add(new Problem("/csp/required", "Content-Security-Policy not sent", Status.FAIL,
            null));
      }
      return;
    }
    for (CspCheck.RuleVerdict v : CspCheck.judgeHeaders(rules, values)) {
      if (v.status() == Status.FAIL || v.status() == Status.WARN) {
        String what = v.what().isEmpty() ? "" : v.what() + ": ";
        out.add(new Problem(v.pointer(), "CSP " + v.checkId().substring("csp.".length()) + " "
            + what + v.observed(), v.status(), null));
      }
    }
  }
}
