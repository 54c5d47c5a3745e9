package dev.secaudit.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What produced a scan: the parameters an auditor needs to trust system-generated evidence.
 *
 * @param shard the part of the targets this run scanned ({@code scan --shard}); null for a whole
 *     run and in files written before shards carried it
 * @param parameters the run's options that change verdicts beyond the policy and the gate
 *     (such as {@code active}), sorted by name; shards merge only when these are equal
 * @param failOnNew whether the run was gated on new failures only ({@code --fail-on-new}): scan.json
 *     records it as {@code summary.gate.only_new}, and a re-render must gate the same way or it
 *     contradicts the exit code CI acted on
 */
public record RunInfo(
    String id,
    String tool,
    String toolVersion,
    Instant started,
    Instant finished,
    String policyFile,
    String policyName,
    String policySha256,
    List<String> commandLine,
    String failOn,
    List<String> frameworks,
    ShardPart shard,
    Map<String, String> parameters,
    // Written and read as summary.gate.only_new (ScanReader), not as a field of the run.
    @JsonIgnore boolean failOnNew) {

  public RunInfo {
    commandLine = commandLine == null ? List.of() : List.copyOf(commandLine);
    frameworks = frameworks == null ? List.of() : List.copyOf(frameworks);
    parameters = parameters == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
  }

  /** A run of every target, or one read from a file that does not say. */
  public RunInfo(String id, String tool, String toolVersion, Instant started, Instant finished,
      String policyFile, String policyName, String policySha256, List<String> commandLine,
      String failOn, List<String> frameworks) {
    this(id, tool, toolVersion, started, finished, policyFile, policyName, policySha256,
        commandLine, failOn, frameworks, null, Map.of());
  }

  /** A run gated on every failure at or above its fail-on. */
  public RunInfo(String id, String tool, String toolVersion, Instant started, Instant finished,
      String policyFile, String policyName, String policySha256, List<String> commandLine,
      String failOn, List<String> frameworks, ShardPart shard, Map<String, String> parameters) {
    this(id, tool, toolVersion, started, finished, policyFile, policyName, policySha256,
        commandLine, failOn, frameworks, shard, parameters, false);
  }

  /** This run, gated on new failures only or on all of them. */
  public RunInfo withFailOnNew(boolean onlyNew) {
    return new RunInfo(id, tool, toolVersion, started, finished, policyFile, policyName,
        policySha256, commandLine, failOn, frameworks, shard, parameters, onlyNew);
  }

  /** Shard {@code index} of {@code count} (1-based), as {@code scan --shard INDEX/COUNT}. */
  public record ShardPart(int index, int count) {
    public String label() {
      return index + "/" + count;
    }
  }
}
