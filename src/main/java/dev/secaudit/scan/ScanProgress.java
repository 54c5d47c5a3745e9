package dev.secaudit.scan;

import java.util.function.Consumer;

/**
 * What a running scan tells the person waiting for it: notes to show as they are (the caps of an
 * active probe before it starts) and how many targets are probed so far. How often and where the
 * count is shown is the caller's business (the CLI: not at all with -q, a few lines in a log, one
 * line updated in place on a terminal).
 */
public interface ScanProgress extends Consumer<String> {
  /** A scan of this many targets or fewer is over before a count would help anyone. */
  int FEW_TARGETS = 5;

  /** A note, shown as it is. */
  @Override
  void accept(String note);

  /**
   * {@code done} of {@code total} targets are probed; called once for each, in policy order. A
   * plain consumer of notes is told each count of a scan of more than {@link #FEW_TARGETS}.
   */
  default void probed(int done, int total) {
    if (total > FEW_TARGETS) {
      accept("probed " + done + "/" + total + " targets");
    }
  }

  /** The consumer itself when it is a ScanProgress, else one that tells it every note and count. */
  static ScanProgress of(Consumer<String> notes) {
    return notes instanceof ScanProgress p ? p : notes::accept;
  }
}
