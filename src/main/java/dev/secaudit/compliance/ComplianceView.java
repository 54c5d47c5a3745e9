package dev.secaudit.compliance;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Joins a framework's requirements with a scan's findings and claims.
 *
 * <p>Matching is exact on {@code Mapping(framework.id(), requirement.id())}. A finding mapped to a
 * whole GDPR article (say {@code gdpr:32}) is deliberately not counted for its points such as
 * {@code 32(1)(c)}: evidence that something in Art. 32 holds says nothing about restore
 * capability, and spreading it would show automated coverage an auditor cannot trace. The catalog
 * lists each requirement at the granularity mappings must use, and FrameworkCatalogTest keeps the
 * built-in check mappings to listed ids.
 */
public final class ComplianceView {
  private ComplianceView() {}

  /** Every requirement of {@code framework}, in catalog order, with its evidence from {@code scan}. */
  public static List<RequirementStatus> of(Framework framework, ScanResult scan) {
    List<RequirementStatus> rows = new ArrayList<>(framework.requirements().size());
    for (Framework.Requirement requirement : framework.requirements()) {
      Mapping wanted = new Mapping(framework.id(), requirement.id());
      // Scan order is kept: it is already deterministic, and reports list evidence in it.
      List<ClaimRecord> claims = scan.claims().stream()
          .filter(c -> c.mappings().contains(wanted))
          .toList();
      java.util.Set<String> claimIds = new java.util.HashSet<>();
      claims.forEach(c -> claimIds.add(c.id()));
      // A claim's attestation finding travels with the claim, so a stale attestation turns the
      // requirement it supports into a FAIL instead of a quiet "attested".
      List<Finding> findings = scan.findings().stream()
          .filter(f -> f.mappings().contains(wanted)
              || (isAttestation(f) && claimIds.contains(f.subject())))
          .toList();
      rows.add(new RequirementStatus(
          requirement, coverage(findings, claims), worst(findings), findings, claims));
    }
    return List.copyOf(rows);
  }

  /**
   * A skipped check observed nothing, so it does not make a requirement automated; it still shows
   * in the row so the reader sees that a check exists and why it did not run.
   */
  private static Coverage coverage(List<Finding> findings, List<ClaimRecord> claims) {
    if (findings.stream().anyMatch(f -> f.status() != Status.SKIPPED && !isAttestation(f))) {
      return Coverage.AUTOMATED;
    }
    return claims.isEmpty() ? Coverage.MANUAL : Coverage.ATTESTED;
  }

  /** Attestations are paperwork, not observation: they never make a requirement automated. */
  private static boolean isAttestation(Finding f) {
    return f.checkId().equals("claim.attestation");
  }

  /** Status declares the most urgent first, so the lowest ordinal is the worst. */
  private static Status worst(List<Finding> findings) {
    return findings.stream()
        .map(Finding::status)
        .min(Comparator.naturalOrder())
        .orElse(Status.MANUAL);
  }
}
