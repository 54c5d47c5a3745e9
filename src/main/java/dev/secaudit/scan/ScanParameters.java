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
    Severity failOn, boolean active, Shard shard, boolean longProbes) {
  public ScanParameters {
    commandLine = List.copyOf(commandLine);
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
