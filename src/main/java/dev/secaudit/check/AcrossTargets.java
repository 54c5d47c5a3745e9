package dev.secaudit.check;

import dev.secaudit.model.Finding;
import dev.secaudit.probe.TargetObservations;
import java.util.List;
import java.util.Map;

/**
 * A check that also judges what all targets observed together (a declared vendor seen on no
 * target, a published page that lives on one target). Still pure: observations in, findings out.
 */
public interface AcrossTargets {
  /**
   * @param policyContext a context without a target: its findings belong to the policy
   * @param observed each target's observations, by target name, in policy order
   */
  List<Finding> evaluateAcross(CheckContext policyContext,
      Map<String, TargetObservations> observed);
}
