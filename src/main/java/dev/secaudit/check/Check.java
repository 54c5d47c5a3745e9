package dev.secaudit.check;

import java.util.List;

/**
 * A pure judgement: policy section plus recorded observations in, findings out. No I/O, no clock
 * (the context carries the time), no state, so each check is tested from recorded observations.
 */
public interface Check {
  /** Whether the policy asks for this check at all (its section is present). */
  boolean appliesTo(dev.secaudit.policy.Policy policy);

  /** What the probes must observe on a target for this check. */
  java.util.Set<Aspect> needs();

  List<dev.secaudit.model.Finding> evaluate(CheckContext ctx);
}
