package dev.secaudit.compliance;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    return of(framework, Evidence.of(scan));
  }

  /**
   * The same, from evidence indexed once: a report of several frameworks, each of hundreds of
   * requirements, looks up each requirement instead of scanning every finding for it.
   */
  public static List<RequirementStatus> of(Framework framework, Evidence evidence) {
    List<RequirementStatus> rows = new ArrayList<>(framework.requirements().size());
    for (Framework.Requirement requirement : framework.requirements()) {
      Mapping wanted = new Mapping(framework.id(), requirement.id());
      List<ClaimRecord> claims = evidence.claims.getOrDefault(wanted, List.of());
      // A claim's attestation finding travels with the claim, so a stale attestation turns the
      // requirement it supports into a FAIL instead of a quiet "attested".
      List<Finding> findings = evidence.findings(wanted, claims);
      rows.add(new RequirementStatus(
          requirement, coverage(findings, claims), worst(findings), findings, claims));
    }
    return List.copyOf(rows);
  }

  /**
   * A scan's findings and claims by the requirement they map to, each list in scan order (it is
   * already deterministic, and reports list evidence in it).
   */
  public static final class Evidence {
    private final Map<Mapping, List<Integer>> findingsByMapping = new HashMap<>();
    private final Map<String, List<Integer>> attestationsByClaim = new HashMap<>();
    private final Map<Mapping, List<ClaimRecord>> claims = new HashMap<>();
    private final List<Finding> all;

    private Evidence(ScanResult scan) {
      all = scan.findings();
      for (int i = 0; i < all.size(); i++) {
        Finding f = all.get(i);
        for (Mapping m : new java.util.LinkedHashSet<>(f.mappings())) {
          findingsByMapping.computeIfAbsent(m, k -> new ArrayList<>()).add(i);
        }
        if (isAttestation(f)) {
          attestationsByClaim.computeIfAbsent(f.subject(), k -> new ArrayList<>()).add(i);
        }
      }
      for (ClaimRecord c : scan.claims()) {
        for (Mapping m : new java.util.LinkedHashSet<>(c.mappings())) {
          claims.computeIfAbsent(m, k -> new ArrayList<>()).add(c);
        }
      }
    }

    public static Evidence of(ScanResult scan) {
      return new Evidence(scan);
    }

    /** Findings mapped to {@code wanted} or attesting one of {@code claims}, in scan order. */
    private List<Finding> findings(Mapping wanted, List<ClaimRecord> claims) {
      java.util.Collection<Integer> positions = findingsByMapping.getOrDefault(wanted, List.of());
      if (!claims.isEmpty()) {
        java.util.SortedSet<Integer> merged = new java.util.TreeSet<>(positions);
        for (ClaimRecord c : claims) {
          merged.addAll(attestationsByClaim.getOrDefault(c.id(), List.of()));
        }
        positions = merged;
      }
      List<Finding> out = new ArrayList<>(positions.size());
      positions.forEach(i -> out.add(all.get(i)));
      return List.copyOf(out);
    }
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
