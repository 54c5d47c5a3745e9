package dev.secaudit.policy;

import java.util.List;

@Doc("Content-Security-Policy rules.")
public record Csp(
    @Doc(value = "An enforced CSP header must be sent.", defaultValue = "true") Boolean required,
    @Doc(value = "Directives the policy must contain.", example = "[default-src, object-src, base-uri]")
        List<String> requiredDirectives,
    @Doc(value = "Source expressions that must appear in no directive.", example = "[\"'unsafe-eval'\"]")
        List<String> mustAvoid,
    @Doc(value = "Run the csp-evaluator style analysis (unsafe-inline, wildcards, missing object-src...).",
            defaultValue = "true")
        Boolean evaluate,
    @Doc(value = "Judge Content-Security-Policy-Report-Only as well (reported separately).",
            defaultValue = "true")
        Boolean reportOnly) {
  public Csp {
    required = Unset.or(required, Boolean.TRUE);
    requiredDirectives = Unset.orEmpty(requiredDirectives);
    mustAvoid = Unset.orEmpty(mustAvoid);
    evaluate = Unset.or(evaluate, Boolean.TRUE);
    reportOnly = Unset.or(reportOnly, Boolean.TRUE);
  }
}
