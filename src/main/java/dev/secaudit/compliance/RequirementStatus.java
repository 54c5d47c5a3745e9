package dev.secaudit.compliance;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.model.Status;
import java.util.List;

/**
 * One row of a framework view: a requirement, how it is covered, the worst status among the
 * findings that give evidence for it, and those findings and claims.
 *
 * @param mapped the checks the catalogue maps to the requirement (empty without a catalogue)
 * @param notRun those of them with no finding here but SKIPPED ones: the status says nothing of
 *     them
 * @param partlyRun those of them that ran on some targets but were only SKIPPED on others,
 *     naming those ("https.redirect (not on api)"): the status says nothing of those targets
 * @param basis what a PASS rests on ("on 1 check: hsts.max_age"), "" for another status
 * @param asides the findings not in the status (not applicable, informational, skipped) by
 *     status and check, or ""
 */
public record RequirementStatus(
    Framework.Requirement requirement,
    Coverage coverage,
    Status status,
    List<Finding> findings,
    List<ClaimRecord> claims,
    List<String> mapped,
    List<String> notRun,
    List<String> partlyRun,
    String basis,
    String asides) {
  public RequirementStatus {
    basis = basis == null ? "" : basis;
    asides = asides == null ? "" : asides;
    partlyRun = List.copyOf(partlyRun);
    findings = List.copyOf(findings);
    claims = List.copyOf(claims);
    mapped = List.copyOf(mapped);
    notRun = List.copyOf(notRun);
  }

  /** A row made without the catalogue: no mapped check is named as not run. */
  public RequirementStatus(Framework.Requirement requirement, Coverage coverage, Status status,
      List<Finding> findings, List<ClaimRecord> claims) {
    this(requirement, coverage, status, findings, claims, List.of(), List.of(), List.of(), "",
        "");
  }
}
