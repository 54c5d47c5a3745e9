package dev.secaudit.policy;

import dev.secaudit.model.Severity;
import java.util.List;
import java.util.Map;

@Doc("A response-header rule (drHEADer style). All given conditions must hold.")
public record HeaderRule(
    @Doc(value = "true: must be sent; false: must not be sent; optional: judged only when sent.",
            defaultValue = "true")
        Presence required,
    @Doc("Exact value (case-insensitive).") String value,
    @Doc("The value must equal one of these (case-insensitive).") List<String> valueOneOf,
    @Doc("Each comma-separated item of the value must be one of these.") List<String> valueAnyOf,
    @Doc("The value must contain all of these.") List<String> mustContain,
    @Doc("The value must contain at least one of these.") List<String> mustContainOne,
    @Doc("The value must contain none of these.") List<String> mustAvoid,
    @Doc("Rules per directive for headers made of ';'-separated directives.")
        Map<String, HeaderRule> directives,
    @Doc(value = "Severity of a failure.", defaultValue = "the check's own (medium)")
        Severity severity) {
  public HeaderRule {
    required = Unset.or(required, Presence.REQUIRED);
    valueOneOf = Unset.orEmpty(valueOneOf);
    valueAnyOf = Unset.orEmpty(valueAnyOf);
    mustContain = Unset.orEmpty(mustContain);
    mustContainOne = Unset.orEmpty(mustContainOne);
    mustAvoid = Unset.orEmpty(mustAvoid);
    directives = Unset.orEmpty(directives);
  }

  /** A null rule is a header written with no rule under it ({@code X-Frame-Options:}). */
  static void validate(String pointer, String name, HeaderRule rule, PolicyProblems problems) {
    if (!name.matches(PolicyProblems.TOKEN)) {
      problems.add(pointer, "'" + name + "' is not a valid header name");
    }
    if (rule == null) {
      problems.add(pointer, "expected a rule such as {required: true}");
      return;
    }
    if (rule.required == Presence.FORBIDDEN && rule.hasCondition()) {
      problems.add(pointer + "/required", "a header that must not be sent cannot also have value"
          + " rules");
    }
    rule.directives.forEach((d, sub) -> {
      String p = pointer + "/directives/" + SourceTree.escape(d);
      if (sub == null) {
        problems.add(p, "expected a rule such as {required: true}");
      } else if (!sub.directives.isEmpty()) {
        problems.add(p + "/directives", "directives do not nest");
      }
    });
  }

  private boolean hasCondition() {
    return value != null || !valueOneOf.isEmpty() || !valueAnyOf.isEmpty()
        || !mustContain.isEmpty() || !mustContainOne.isEmpty() || !mustAvoid.isEmpty()
        || !directives.isEmpty();
  }
}
