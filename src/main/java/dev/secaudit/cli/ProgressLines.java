package dev.secaudit.cli;

import dev.secaudit.scan.ScanProgress;
import java.io.PrintWriter;

/**
 * A scan's progress on stderr, as much as the place it goes can use: nothing with -q (stderr is
 * then for errors only), about one line per tenth of the targets in a log (CI keeps every line,
 * so a line per target buries the errors in a fleet scan), and on a terminal one line rewritten
 * in place with a carriage return, as curl and wget do. Notes (an active probe's caps) are shown
 * in every mode but quiet, on a line of their own.
 */
final class ProgressLines implements ScanProgress {
  enum Mode {
    QUIET,
    LOG,
    TERMINAL
  }

  /** Log lines per scan: one at each tenth. */
  static final int LOG_STEPS = 10;

  /** Rewrites per scan on a terminal: a changing percentage is all the eye can follow. */
  static final int TERMINAL_STEPS = 100;

  private final PrintWriter err;
  private final Mode mode;
  private int shownStep = -1;
  private boolean lineOpen;

  ProgressLines(PrintWriter err, Mode mode) {
    this.err = err;
    this.mode = mode;
  }

  /** The mode for a command: quiet wins; stderr on a terminal (see Terminals) updates. */
  static Mode mode(boolean quiet, boolean stderrTerminal) {
    return quiet ? Mode.QUIET : stderrTerminal ? Mode.TERMINAL : Mode.LOG;
  }

  @Override
  public synchronized void accept(String note) {
    if (mode == Mode.QUIET) {
      return;
    }
    endLine();
    err.println("secaudit: " + note);
    err.flush();
  }

  // Called from the scan's thread; notes come from probe threads, hence synchronized.
  @Override
  public synchronized void probed(int done, int total) {
    if (mode == Mode.QUIET || total <= FEW_TARGETS) {
      return;
    }
    int steps = mode == Mode.LOG ? LOG_STEPS : TERMINAL_STEPS;
    int step = (int) ((long) done * steps / total);
    // A log starts at the first tenth; a terminal shows the count at once, so a person sees
    // the scan has started.
    if (step <= Math.max(shownStep, mode == Mode.LOG ? 0 : -1)) {
      return;
    }
    shownStep = step;
    String text = "secaudit: probed " + done + "/" + total + " targets";
    if (mode == Mode.LOG) {
      err.println(text);
    } else {
      // The text only grows (the counts rise, the total stays), so \r overwrites it whole.
      err.print("\r" + text);
      lineOpen = true;
      if (done == total) {
        endLine();
      }
    }
    err.flush();
  }

  private void endLine() {
    if (lineOpen) {
      err.println();
      lineOpen = false;
    }
  }
}
