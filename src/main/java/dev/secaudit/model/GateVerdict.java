package dev.secaudit.model;

import java.util.List;

/**
 * The CI verdict of a scan, as the scan's gate computed it ({@code dev.secaudit.scan.Gate}):
 * failed when an unwaived FAIL is at or above {@code failOn}, otherwise incomplete when a check
 * errored or a target was unreachable, otherwise passed. Renderers print it; only the gate
 * decides it.
 *
 * @param onlyNew whether only failures new against the baseline counted ({@code --fail-on-new})
 */
public record GateVerdict(Outcome outcome, List<Finding> failing, int errors, int unreachable,
    Severity failOn, boolean onlyNew) {

  public enum Outcome {
    PASSED,
    FAILED,
    INCOMPLETE
  }

  public GateVerdict {
    failing = List.copyOf(failing);
  }

  /** Whether this finding fails this gate: what CI formats mark as an error. */
  public boolean fails(Finding f) {
    return fails(f, failOn, onlyNew);
  }

  /** The gate's one rule: an unwaived FAIL at or above failOn (new ones only, when asked). */
  public static boolean fails(Finding f, Severity failOn, boolean onlyNew) {
    return f.status() == Status.FAIL && f.severity().atLeast(failOn)
        && (!onlyNew || f.baseline() != Finding.BaselineState.UNCHANGED);
  }

  public String describe() {
    String kind = onlyNew ? "new failure" : "failure";
    return switch (outcome) {
      case PASSED -> "passed: no " + kind + " at or above " + failOn.label();
      case FAILED -> "FAILED: " + failing.size() + (onlyNew ? " new " : " ")
          + Counted.noun(failing.size(), "finding") + " at or above " + failOn.label();
      case INCOMPLETE -> "incomplete: " + Counted.of(errors, "error")
          + (unreachable > 0 ? ", " + unreachable + " unreachable "
              + Counted.noun(unreachable, "target") : "") + " (no " + kind + " at or above "
          + failOn.label() + ")";
    };
  }
}
