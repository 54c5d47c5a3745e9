package dev.secaudit.model;

import java.util.List;

/**
 * The CI verdict of a scan, as the scan's gate computed it ({@code dev.secaudit.scan.Gate}):
 * failed when an unwaived FAIL is at or above {@code failOn}, otherwise incomplete when a check
 * errored, a target was unreachable or went unscanned, otherwise passed. Renderers print it; only
 * the gate decides it.
 *
 * @param onlyNew whether only failures new against the baseline counted ({@code --fail-on-new})
 * @param notScanned targets in scope that no one scanned ({@link TargetState#notScanned})
 */
public record GateVerdict(Outcome outcome, List<Finding> failing, int errors, int unreachable,
    Severity failOn, boolean onlyNew, int notScanned) {

  public enum Outcome {
    PASSED,
    FAILED,
    INCOMPLETE
  }

  public GateVerdict {
    failing = List.copyOf(failing);
  }

  public GateVerdict(Outcome outcome, List<Finding> failing, int errors, int unreachable,
      Severity failOn, boolean onlyNew) {
    this(outcome, failing, errors, unreachable, failOn, onlyNew, 0);
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
      case INCOMPLETE -> "incomplete: " + (errors + unreachable == 0 && notScanned > 0 ? ""
          : Counted.of(errors, "error") + (unreachable > 0 ? ", " + unreachable
              + " unreachable " + Counted.noun(unreachable, "target") : "")
          + (notScanned > 0 ? ", " : "")) + (notScanned > 0 ? notScanned + " "
              + Counted.noun(notScanned, "target") + " not scanned" : "") + " (no " + kind
          + " at or above " + failOn.label() + ")";
    };
  }
}
