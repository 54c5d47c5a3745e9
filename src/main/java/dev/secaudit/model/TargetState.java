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

  /**
   * Starts the reason a shard's own result gives a target that another shard scans ({@code
   * scan --shard}); {@code merge} recognises it.
   */
  public static final String OTHER_SHARD = "scanned by shard ";

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
    return population.stream().filter(TargetState::notMerged).toList();
  }

  /**
   * Members this result holds no evidence for, as a claim over the whole population weighs
   * them: {@link #notScannedTargets}, and in one shard's own result the members other shards
   * scan. For the gate those are scope (each shard's gate is its own part's); for a claim they
   * are not: a shard that saw only pages keeping it has not seen the fleet keep it.
   */
  public static List<TargetState> withoutEvidence(List<TargetState> population) {
    List<TargetState> missing = notScannedTargets(population);
    if (missing.size() == population.size()) {
      return missing;
    }
    return population.stream().filter(t -> t.otherShards() || missing.contains(t)).toList();
  }

  /** Excluded from a merge because its shard was not among the merged results. */
  public boolean notMerged() {
    return state == State.EXCLUDED && reason != null && reason.startsWith(NOT_MERGED);
  }

  /** Excluded from this shard's result because another shard scans it. */
  public boolean otherShards() {
    return state == State.EXCLUDED && reason != null && reason.startsWith(OTHER_SHARD);
  }

  /** Why a member {@link #notScannedTargets} lists has no evidence, in a reader's words. */
  public String whyNotScanned() {
    return notMerged() ? reason : "not scanned: no part of this run looked at it";
  }
}
