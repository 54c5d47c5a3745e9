package dev.secaudit.check;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Location;
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
    return finding(checkId).subject(subject).status(status).severity(severity)
        .expected(expected).observed(observed).evidence(evidence).rule(policyPointer).build();
  }

  /**
   * A finding of {@code checkId} on this context's target, with the check's declared title,
   * mappings and remediation and the policy's severity for it (a null severity is the check's
   * default); {@code build()} finds the line of the rule the finding names and, for a finding
   * about a file, its location.
   */
  public Finding.Builder finding(String checkId) {
    CheckInfo info = catalog.get(checkId);
    String owner = target != null ? target.name()
        : sourceName != null ? sourceName : ClaimCheck.POLICY_TARGET;
    return Finding.builder(checkId).target(owner).severity(info.severity()).title(info.title())
        .time(now).mappings(info.mappings()).remediation(info.remediation())
        .masking(this::masked).finishedBy(this::finished);
  }

  /**
   * {@code text} with the secrets known here masked: the policy's and those seen on this target
   * (cookie values, credentials, captures). Asked only of a text too long to quote whole, which
   * is cut and digested after (BoundedText), so its digest says nothing of a secret past the cut.
   */
  private String masked(String text) {
    java.util.Set<String> secrets = new java.util.LinkedHashSet<>();
    if (loaded != null) {
      secrets.addAll(loaded.secrets());
    }
    if (observations != null) {
      secrets.addAll(observations.secrets());
    }
    return new dev.secaudit.model.Redactor(secrets).text(text);
  }

  /** The policy's severity override and the rule's line, whatever the check gave. */
  private Finding finished(Finding f) {
    Finding.Builder b = f.toBuilder();
    if (f.severity() == null) {
      b.severity(catalog.get(f.checkId()).severity());
    }
    for (Map.Entry<String, CheckOverride> o : policy().checks().entrySet()) {
      if (o.getValue().severity() != null && Globs.matches(o.getKey(), f.checkId())) {
        b.severity(o.getValue().severity());
      }
    }
    String pointer = f.policyPointer();
    b.rule(pointer, pointer.isEmpty() ? 0 : loaded.lineOf(pointer));
    return readsFiles() ? located(b.build()) : b.build();
  }

  /**
   * Checks of files name what they judged by file:line, which is where a person looks. The line
   * moves whenever a line is added above it, so it goes to the finding's location and the subject
   * keeps the file and what is there: "nginx.conf location /", at nginx.conf line 21.
   */
  static Finding located(Finding f) {
    Location at = f.location() != null ? null : Location.leading(f.subject());
    if (at == null) {
      return f;
    }
    return f.toBuilder().subject(Location.rest(f.subject())).location(at).build();
  }

  /** Findings of a local source (a config, a folder, a repository) are about files. */
  private boolean readsFiles() {
    return target == null && sourceName != null;
  }

  /** The JSON pointer of this context's target in the policy ("/targets/2"), or "" for none. */
  public String targetPointer() {
    int i = target == null ? -1 : policy().targets().indexOf(target);
    return i < 0 ? "" : dev.secaudit.policy.PolicyPointer.entry(
        dev.secaudit.policy.PolicyPointer.TARGETS, i);
  }

  public Finding error(String checkId, String subject, String expected, String why,
      List<String> evidence, String policyPointer) {
    return finding(checkId, subject, Status.ERROR, expected, why, evidence, policyPointer);
  }
}
