package dev.secaudit.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run produced. Its JSON form is a public, versioned contract ({@link #SCHEMA}):
 * every renderer works from this alone, so {@code secaudit report --from scan.json} reproduces any
 * report without probing again.
 */
public record ScanResult(
    String schema,
    RunInfo run,
    List<TargetState> targets,
    List<Finding> findings,
    List<Artifact> artifacts,
    List<ClaimRecord> claims) {

  /** Bump the major number on any incompatible change; additions keep it. */
  public static final String SCHEMA = "secaudit.scan/1";

  public ScanResult {
    targets = targets == null ? List.of() : List.copyOf(targets);
    findings = findings == null ? List.of() : List.copyOf(findings);
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    claims = claims == null ? List.of() : List.copyOf(claims);
  }

  public Map<Status, Integer> countByStatus() {
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      counts.put(s, 0);
    }
    for (Finding f : findings) {
      counts.merge(f.status(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * A policy claim as the run saw it, kept so that reports and the security page can cite who
   * attested what without reading the policy again.
   */
  public record ClaimRecord(
      String id,
      String statement,
      String category,
      List<String> checks,
      List<Mapping> mappings,
      String owner,
      String date,
      List<String> evidence) {
    public ClaimRecord {
      checks = checks == null ? List.of() : List.copyOf(checks);
      mappings = mappings == null ? List.of() : List.copyOf(mappings);
      evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
  }
}
