package dev.secaudit.check;

import dev.secaudit.model.Finding;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.TargetObservations;
import java.util.List;
import java.util.Map;

/**
 * A check whose verdict needs the whole population at once, targets and local sources together
 * (a declared vendor is "never observed" only if no page, manifest or DNS record shows it). Still
 * pure; runs after the per-target, per-source and across-target judgements.
 */
public interface OnPopulation {
  List<Finding> evaluatePopulation(CheckContext policyContext,
      Map<String, TargetObservations> targets, SourceObservations sources);
}
