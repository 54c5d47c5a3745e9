package dev.secaudit.model;

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
    Map<String, String> parameters) {

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

  /** Shard {@code index} of {@code count} (1-based), as {@code scan --shard INDEX/COUNT}. */
  public record ShardPart(int index, int count) {
    public String label() {
      return index + "/" + count;
    }
  }
}
