package dev.secaudit.policy;

import java.util.List;

@Doc("Content-Security-Policy rules.")
public record Csp(
    @Doc("An enforced CSP header must be sent.") Boolean required,
    @Doc(value = "Directives the policy must contain.", example = "[default-src, object-src, base-uri]")
        List<String> requiredDirectives,
    @Doc(value = "Source expressions that must appear in no directive.", example = "[\"'unsafe-eval'\"]")
        List<String> mustAvoid,
    @Doc("Run the csp-evaluator style analysis (unsafe-inline, wildcards, missing object-src...).")
        Boolean evaluate,
    @Doc("Judge Content-Security-Policy-Report-Only as well (reported separately).")
        Boolean reportOnly) {
  public Csp {
    required = Unset.or(required, Boolean.TRUE);
    requiredDirectives = Unset.orEmpty(requiredDirectives);
    mustAvoid = Unset.orEmpty(mustAvoid);
    evaluate = Unset.or(evaluate, Boolean.TRUE);
    reportOnly = Unset.or(reportOnly, Boolean.TRUE);
  }
}
