package dev.secaudit.model;

import java.util.List;

/**
 * The population an auditor asks about: which targets were in scope, which were evaluated, and why
 * any were not.
 */
public record TargetState(String name, String url, State state, String reason) {
  /**
   * The reason a merge gives a target whose shard was not among the merged results: in scope,
   * and scanned by no one.
   */
  public static final String NOT_MERGED = "not scanned: its shard ";

  public enum State {
    EVALUATED,
    UNREACHABLE,
    EXCLUDED
  }

  /**
   * Members of the population the run owed evidence for and has none: those a merge left
   * uncovered (their shard missing), and, when no member was evaluated or even tried, all of them
   * (a shard with none of its own, a merge of such shards): a run that looked at nothing has
   * judged nothing, whatever its findings about the policy say. Excluded by the policy itself
   * (a placeholder source) or by another shard of a run that looked at something is scope.
   */
  public static int notScanned(List<TargetState> population) {
    return notScannedTargets(population).size();
  }

  /** The members {@link #notScanned} counts, in the population's order. */
  public static List<TargetState> notScannedTargets(List<TargetState> population) {
    boolean looked = population.stream().anyMatch(t -> t.state() != State.EXCLUDED);
    if (!looked) {
      return List.copyOf(population);
    }
    return population.stream().filter(t -> t.state() == State.EXCLUDED
        && t.reason() != null && t.reason().startsWith(NOT_MERGED)).toList();
  }

  /** Why a member {@link #notScannedTargets} lists has no evidence, in a reader's words. */
  public String whyNotScanned() {
    return reason != null && reason.startsWith(NOT_MERGED) ? reason
        : "not scanned: no part of this run looked at it";
  }
}
