package dev.secaudit.check;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Globs;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.TargetObservations;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a check sees for one target: the policy, the target's observations and the time of the
 * run. It also builds findings, so every finding gets the catalog's title, mappings and
 * remediation, the policy's severity override and the policy line the same way.
 */
public record CheckContext(
    LoadedPolicy loaded, Policy.Target target, TargetObservations observations, Instant now,
    String sourceName) {

  public CheckContext(LoadedPolicy loaded, Policy.Target target, TargetObservations observations,
      Instant now) {
    this(loaded, target, observations, now, null);
  }

  /** A context whose findings belong to the local source {@code name} (see OnSources). */
  public CheckContext forSource(String name) {
    return new CheckContext(loaded, null, null, now, name);
  }

  public Policy policy() {
    return loaded.policy();
  }

  /** A finding for {@code checkId}; {@code policyPointer} is the rule that asked for it. */
  public Finding finding(String checkId, String subject, Status status, String expected,
      String observed, List<String> evidence, String policyPointer) {
    return finding(checkId, subject, status, null, expected, observed, evidence, policyPointer);
  }

  /** As above, with a severity for this finding instead of the check's default. */
  public Finding finding(String checkId, String subject, Status status, Severity severity,
      String expected, String observed, List<String> evidence, String policyPointer) {
    CheckInfo info = CheckCatalog.get(checkId);
    Severity sev = severity != null ? severity : info.severity();
    for (Map.Entry<String, Policy.CheckOverride> o : policy().checks().entrySet()) {
      if (o.getValue().severity() != null && Globs.matches(o.getKey(), checkId)) {
        sev = o.getValue().severity();
      }
    }
    String pointer = policyPointer == null ? "" : policyPointer;
    int line = pointer.isEmpty() ? 0 : loaded.lineOf(pointer);
    String owner = target != null ? target.name()
        : sourceName != null ? sourceName : ClaimCheck.POLICY_TARGET;
    return new Finding(checkId, owner, subject, status, sev,
        info.title(), expected, observed, evidence, now, info.mappings(), info.remediation(),
        pointer, line, null);
  }

  public Finding error(String checkId, String subject, String expected, String why,
      List<String> evidence, String policyPointer) {
    return finding(checkId, subject, Status.ERROR, expected, why, evidence, policyPointer);
  }
}
