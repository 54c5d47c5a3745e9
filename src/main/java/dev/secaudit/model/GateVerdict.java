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
 * @param judgedNothing targets were scanned but no finding judged anything: every one SKIPPED,
 *     MANUAL or INFO (every check switched off or left TODO)
 */
public record GateVerdict(Outcome outcome, List<Finding> failing, int errors, int unreachable,
    Severity failOn, boolean onlyNew, int notScanned, boolean judgedNothing) {

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
    this(outcome, failing, errors, unreachable, failOn, onlyNew, 0, false);
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
      case INCOMPLETE -> "incomplete: " + String.join(", ", missing()) + " (no " + kind
          + " at or above " + failOn.label() + ")";
    };
  }

  /**
   * What a failed gate could not judge besides ("1 check errored, 1 target unreachable"), or ""
   * when it failed on a complete scan or did not fail: a failure hides an incomplete scan, so
   * every first screen says it (the console once only showed the failure, and a reader took a
   * run with four unreachable targets for complete).
   */
  public String alsoIncomplete() {
    if (outcome != Outcome.FAILED || errors + unreachable + notScanned == 0) {
      return "";
    }
    return Grade.missing(errors, unreachable, notScanned);
  }

  /** What the run could not show, in the order the gate weighs it. */
  private List<String> missing() {
    List<String> parts = new java.util.ArrayList<>();
    if (errors > 0 || notScanned == 0 && !judgedNothing) {
      parts.add(Counted.of(errors, "error"));
    }
    if (unreachable > 0) {
      parts.add(unreachable + " unreachable " + Counted.noun(unreachable, "target"));
    }
    if (notScanned > 0) {
      parts.add(notScanned + " " + Counted.noun(notScanned, "target") + " not scanned");
    }
    if (judgedNothing) {
      parts.add("nothing judged (every finding skipped, manual or informational)");
    }
    return parts;
  }
}
