package dev.secaudit.check;

import java.util.List;

/**
 * A pure judgement: policy section plus recorded observations in, findings out. No I/O, no clock
 * (the context carries the time), no state, so each check is tested from recorded observations.
 * A check describes itself ({@link #reports()}, {@link #needs()}): the catalogue, docs/checks.md
 * and the SARIF rules are derived from those declarations.
 */
public interface Check {
  /** Whether the policy asks for this check at all (its section is present). */
  boolean appliesTo(dev.secaudit.policy.Policy policy);

  /** What the probes must observe on a target for this check. */
  java.util.Set<Aspect> needs();

  /** Every check id this check may report, with its fixed facts. */
  List<CheckInfo> reports();

  List<dev.secaudit.model.Finding> evaluate(CheckContext ctx);
}
