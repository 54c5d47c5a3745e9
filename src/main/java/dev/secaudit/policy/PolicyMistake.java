package dev.secaudit.policy;

import java.util.Comparator;

/**
 * One thing wrong in a policy file, as the user reads it: where ({@code file:line:column}), which
 * field (as a path such as {@code targets[1].url}) and what is wrong, with the fix when there is
 * one.
 */
record PolicyMistake(SourceTree.Position at, String field, String message)
    implements Comparable<PolicyMistake> {

  private static final Comparator<PolicyMistake> FILE_ORDER =
      Comparator.comparingInt((PolicyMistake m) -> m.at.line())
          .thenComparingInt(m -> m.at.column());

  @Override
  public int compareTo(PolicyMistake o) {
    return FILE_ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return at + ": " + field + ": " + message;
  }
}
