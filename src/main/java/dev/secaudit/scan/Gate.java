package dev.secaudit.scan;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.util.ArrayList;
import java.util.List;

/**
 * The CI verdict of a scan: failed when an unwaived FAIL is at or above {@code failOn}, otherwise
 * incomplete when a check errored or a target was unreachable, otherwise passed. A failure wins
 * over incompleteness: what was seen to be wrong is wrong whatever else could not be seen.
 *
 * <p>With {@code onlyNew} ({@code --fail-on-new}) only failures the baseline did not have count,
 * so a team can adopt secaudit on a system with known debt and still block regressions.
 */
public record Gate(Outcome outcome, List<Finding> failing, int errors, int unreachable,
    Severity failOn, boolean onlyNew) {

  public enum Outcome {
    PASSED,
    FAILED,
    INCOMPLETE
  }

  public static Gate of(ScanResult scan, Severity failOn) {
    return of(scan, failOn, false);
  }

  public static Gate of(ScanResult scan, Severity failOn, boolean onlyNew) {
    List<Finding> failing = new ArrayList<>();
    int errors = 0;
    for (Finding f : scan.findings()) {
      if (fails(f, failOn, onlyNew)) {
        failing.add(f);
      }
      if (f.status() == Status.ERROR) {
        errors++;
      }
    }
    int unreachable = 0;
    for (TargetState t : scan.targets()) {
      if (t.state() == TargetState.State.UNREACHABLE) {
        unreachable++;
      }
    }
    Outcome o = !failing.isEmpty() ? Outcome.FAILED
        : errors > 0 || unreachable > 0 ? Outcome.INCOMPLETE : Outcome.PASSED;
    return new Gate(o, List.copyOf(failing), errors, unreachable, failOn, onlyNew);
  }

  /** Whether this finding fails this gate: what CI formats mark as an error. */
  public boolean fails(Finding f) {
    return fails(f, failOn, onlyNew);
  }

  private static boolean fails(Finding f, Severity failOn, boolean onlyNew) {
    return f.status() == Status.FAIL && f.severity().atLeast(failOn)
        && (!onlyNew || f.baseline() != Finding.BaselineState.UNCHANGED);
  }

  public String describe() {
    String kind = onlyNew ? "new failure" : "failure";
    return switch (outcome) {
      case PASSED -> "passed: no " + kind + " at or above " + failOn.label();
      case FAILED -> "FAILED: " + failing.size() + (onlyNew ? " new" : "") + " finding"
          + (failing.size() == 1 ? "" : "s") + " at or above " + failOn.label();
      case INCOMPLETE -> "incomplete: " + errors + " error" + (errors == 1 ? "" : "s")
          + (unreachable > 0 ? ", " + unreachable + " unreachable target"
              + (unreachable == 1 ? "" : "s") : "") + " (no " + kind + " at or above "
          + failOn.label() + ")";
    };
  }
}
