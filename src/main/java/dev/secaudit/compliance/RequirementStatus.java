package dev.secaudit.compliance;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.model.Status;
import java.util.List;

/**
 * One row of a framework view: a requirement, how it is covered, the worst status among the
 * findings that give evidence for it, and those findings and claims.
 */
public record RequirementStatus(
    Framework.Requirement requirement,
    Coverage coverage,
    Status status,
    List<Finding> findings,
    List<ClaimRecord> claims) {
  public RequirementStatus {
    findings = List.copyOf(findings);
    claims = List.copyOf(claims);
  }
}
