package dev.secaudit.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict of a run at a glance, as scan.json's {@code summary} (docs/scan-json.md): what a CI
 * job or a dashboard reads without walking the findings. Derived when the file is written from
 * the findings and the gate the command exits on, so it can never disagree with them; readers
 * recompute it from the findings rather than trust a stored one.
 *
 * @param findings how many findings the scan holds
 * @param byStatus every status with its count, zeros included, in {@link Status} order
 * @param bySeverity every severity with its count, zeros included, least severe first
 * @param byStatusAndSeverity each status split by severity (what the report's counts table
 *     shows), zeros included
 */
public record ScanSummary(
    int findings,
    Map<Status, Integer> byStatus,
    Map<Severity, Integer> bySeverity,
    Map<Status, Map<Severity, Integer>> byStatusAndSeverity,
    GateSummary gate,
    GradeSummary grade) {

  /**
   * The gate as {@code dev.secaudit.scan.Gate} decided it: the outcome the exit code comes from
   * and why.
   *
   * @param failing how many findings failed the gate
   * @param reason the gate's own sentence ("FAILED: 3 findings at or above low"), with "; also
   *     incomplete: …" when a failed gate also could not judge something ({@link
   *     GateVerdict#reason})
   */
  public record GateSummary(GateVerdict.Outcome outcome, Severity failOn, boolean onlyNew,
      int failing, int errors, int unreachable, String reason) {}

  /** The run's {@link Grade}: its letter, the label with "?" when incomplete, and why. */
  public record GradeSummary(String letter, String label, boolean incomplete,
      List<String> reasons) {}

  public static ScanSummary of(ScanResult scan, GateVerdict gate) {
    Map<Status, Integer> byStatus = new EnumMap<>(Status.class);
    Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
    Map<Status, Map<Severity, Integer>> both = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      byStatus.put(s, 0);
      Map<Severity, Integer> row = new EnumMap<>(Severity.class);
      for (Severity v : Severity.values()) {
        row.put(v, 0);
      }
      both.put(s, row);
    }
    for (Severity v : Severity.values()) {
      bySeverity.put(v, 0);
    }
    for (Finding f : scan.findings()) {
      byStatus.merge(f.status(), 1, Integer::sum);
      if (f.severity() != null) {
        bySeverity.merge(f.severity(), 1, Integer::sum);
        both.get(f.status()).merge(f.severity(), 1, Integer::sum);
      }
    }
    Grade g = Grade.of(scan);
    both.replaceAll((s, row) -> Collections.unmodifiableMap(row));
    return new ScanSummary(scan.findings().size(), Collections.unmodifiableMap(byStatus),
        Collections.unmodifiableMap(bySeverity), Collections.unmodifiableMap(both),
        new GateSummary(gate.outcome(), gate.failOn(), gate.onlyNew(), gate.failing().size(),
            gate.errors(), gate.unreachable(), gate.reason()),
        new GradeSummary(g.letter(), g.label(), g.incomplete(), g.reasons()));
  }
}
