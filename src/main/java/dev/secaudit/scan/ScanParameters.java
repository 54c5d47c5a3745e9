package dev.secaudit.scan;

import dev.secaudit.model.Severity;
import java.util.List;

/**
 * How a scan was asked for, recorded in the evidence.
 *
 * @param active whether active probes (rate limits) may run on every target ({@code --active})
 * @param shard the part of the targets this run probes ({@code --shard}), or null for all of them;
 *     the policy itself stays whole, so lines that name another shard's target mean the same
 * @param longProbes whether flows may wait for a token to expire ({@code --long-probes})
 */
public record ScanParameters(String runId, String toolVersion, List<String> commandLine,
    Severity failOn, boolean active, Shard shard, boolean longProbes,
    java.util.function.Consumer<dev.secaudit.model.ResponseBodyCopy> bodies) {
  public ScanParameters {
    commandLine = List.copyOf(commandLine);
  }

  /** Response bodies not kept beyond their transcripts' excerpts (no evidence bundle). */
  public ScanParameters(String runId, String toolVersion, List<String> commandLine,
      Severity failOn, boolean active, Shard shard, boolean longProbes) {
    this(runId, toolVersion, commandLine, failOn, active, shard, longProbes, null);
  }

  /**
   * The same scan, handing {@code sink} each exchange's response body as an evidence bundle
   * keeps it (masked by the run's redactor), in target order, after probing.
   */
  public ScanParameters keepingBodies(
      java.util.function.Consumer<dev.secaudit.model.ResponseBodyCopy> sink) {
    return new ScanParameters(runId, toolVersion, commandLine, failOn, active, shard, longProbes,
        sink);
  }

  /** No long probes. */
  public ScanParameters(String runId, String toolVersion, List<String> commandLine,
      Severity failOn, boolean active, Shard shard) {
    this(runId, toolVersion, commandLine, failOn, active, shard, false);
  }

  /** Every target. */
  public ScanParameters(String runId, String toolVersion, List<String> commandLine,
      Severity failOn, boolean active) {
    this(runId, toolVersion, commandLine, failOn, active, null);
  }

  /** A passive scan: active probes run only on targets that opt in themselves. */
  public ScanParameters(String runId, String toolVersion, List<String> commandLine,
      Severity failOn) {
    this(runId, toolVersion, commandLine, failOn, false);
  }

  /** Whether this run probes and judges the target of this name. */
  public boolean probes(String targetName) {
    return shard == null || shard.contains(targetName);
  }
}
