package dev.secaudit.check;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.CheckOverride;
import dev.secaudit.policy.Globs;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Target;
import dev.secaudit.probe.TargetObservations;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a check sees for one target: the policy, the target's observations and the time of the
 * run. It also builds findings, so every finding gets its check's declared title, mappings and
 * remediation, the policy's severity override and the policy line the same way.
 */
public record CheckContext(
    CheckCatalog catalog, LoadedPolicy loaded, Target target,
    TargetObservations observations, Instant now, String sourceName) {

  /** @param catalog the declarations of the checks of this run, which findings are built from */
  public CheckContext(CheckCatalog catalog, LoadedPolicy loaded, Target target,
      TargetObservations observations, Instant now) {
    this(catalog, loaded, target, observations, now, null);
  }

  /** A context whose findings belong to the local source {@code name} (see OnSources). */
  public CheckContext forSource(String name) {
    return new CheckContext(catalog, loaded, null, null, now, name);
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
    CheckInfo info = catalog.get(checkId);
    Severity sev = severity != null ? severity : info.severity();
    for (Map.Entry<String, CheckOverride> o : policy().checks().entrySet()) {
      if (o.getValue().severity() != null && Globs.matches(o.getKey(), checkId)) {
        sev = o.getValue().severity();
      }
    }
    String pointer = policyPointer == null ? "" : policyPointer;
    int line = pointer.isEmpty() ? 0 : loaded.lineOf(pointer);
    String owner = target != null ? target.name()
        : sourceName != null ? sourceName : ClaimCheck.POLICY_TARGET;
    Finding f = new Finding(checkId, owner, subject, status, sev,
        info.title(), expected, observed, evidence, now, info.mappings(), info.remediation(),
        pointer, line, null);
    return readsFiles() ? located(f) : f;
  }

  /**
   * Checks of files name what they judged by file:line, which is where a person looks. The line
   * moves whenever a line is added above it, so it goes to the finding's location and the subject
   * keeps the file and what is there: "nginx.conf location /", at nginx.conf line 21.
   */
  static Finding located(Finding f) {
    dev.secaudit.model.Location at = dev.secaudit.model.Location.leading(f.subject());
    if (at == null) {
      return f;
    }
    return new Finding(f.checkId(), f.target(), dev.secaudit.model.Location.rest(f.subject()),
        f.status(), f.severity(), f.title(), f.expected(), f.observed(), f.evidence(), f.time(),
        f.mappings(), f.remediation(), f.policyPointer(), f.policyLine(), f.waiver(),
        f.baseline(), at);
  }

  /** Findings of a local source (a config, a folder, a repository) are about files. */
  private boolean readsFiles() {
    return target == null && sourceName != null;
  }

  public Finding error(String checkId, String subject, String expected, String why,
      List<String> evidence, String policyPointer) {
    return finding(checkId, subject, Status.ERROR, expected, why, evidence, policyPointer);
  }
}
