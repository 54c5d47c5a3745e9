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
 *     NOT_APPLICABLE, MANUAL or INFO (every check switched off or left TODO)
 * @param otherShards targets of the population this shard left to other shards: a shard's part
 *     passing is not the fleet passing, so it is incomplete and the merge decides (a
 *     {@code SECAUDIT_SHARD} inherited by a deploy gate once passed it on part of the fleet)
 * @param untested SKIPPED findings at or above {@code failOn}: checks the gate would have weighed
 *     but that were never tested (a redirect with no {@code http_url}, a check switched off). They
 *     do not change the outcome (a skip is the policy's choice, and CI relies on stable exit
 *     codes), but a "passed" that does not name them says more than the evidence shows
 * @param untestedNamed the first {@link #UNTESTED_NAMED} of them, described for the verdict
 */
public record GateVerdict(Outcome outcome, List<Finding> failing, int errors, int unreachable,
    Severity failOn, boolean onlyNew, int notScanned, boolean judgedNothing, int otherShards,
    int untested, List<String> untestedNamed) {

  /** How many untested checks the verdict names before it counts the rest. */
  public static final int UNTESTED_NAMED = 3;

  public enum Outcome {
    PASSED,
    FAILED,
    INCOMPLETE
  }

  // A report's tally lists the first failure once for each (Collections.nCopies, immutable):
  // copied, that was an array of every failing finding, 1.2 MB live at 1,708,000 findings.
  private static final Class<?> REPEATED = java.util.Collections.nCopies(1, "").getClass();

  public GateVerdict {
    failing = failing.getClass() == REPEATED ? failing : List.copyOf(failing);
    untestedNamed = List.copyOf(untestedNamed);
  }

  public GateVerdict(Outcome outcome, List<Finding> failing, int errors, int unreachable,
      Severity failOn, boolean onlyNew, int notScanned, boolean judgedNothing, int otherShards) {
    this(outcome, failing, errors, unreachable, failOn, onlyNew, notScanned, judgedNothing,
        otherShards, 0, List.of());
  }

  public GateVerdict(Outcome outcome, List<Finding> failing, int errors, int unreachable,
      Severity failOn, boolean onlyNew) {
    this(outcome, failing, errors, unreachable, failOn, onlyNew, 0, false);
  }

  public GateVerdict(Outcome outcome, List<Finding> failing, int errors, int unreachable,
      Severity failOn, boolean onlyNew, int notScanned, boolean judgedNothing) {
    this(outcome, failing, errors, unreachable, failOn, onlyNew, notScanned, judgedNothing, 0);
  }

  /**
   * The gate counted finding by finding ({@link #add}), then decided on the scan's targets
   * ({@link #verdict}). A tally that does not keep the failing findings is for a report that
   * shows only how many failed and holds no finding: its verdict's list repeats the first
   * failing finding once for each.
   */
  public static final class Tally {
    private final Severity failOn;
    private final boolean onlyNew;
    private final boolean keep;
    private final List<Finding> failing = new java.util.ArrayList<>();
    private int failures;
    private int firstPlace;
    private int errors;
    private boolean judged;
    private int untested;
    private final List<String> untestedNamed = new java.util.ArrayList<>();

    public Tally(Severity failOn, boolean onlyNew, boolean keep) {
      this.failOn = failOn;
      this.onlyNew = onlyNew;
      this.keep = keep;
    }

    /**
     * The gate a scan recorded: its run's fail-on, or LOW when it has none or one this
     * secaudit cannot read (a hand-edited scan.json; the console's re-render does the same).
     */
    public static Severity recordedFailOn(RunInfo run) {
      String failOn = run == null ? null : run.failOn();
      if (failOn != null && !failOn.isBlank()) {
        try {
          return Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
          return Severity.LOW;
        }
      }
      return Severity.LOW;
    }

    public void add(Finding f) {
      add(f, failures);
    }

    /**
     * As {@link #add(Finding)}, for findings counted in another order than the scan's: {@code
     * place}, the finding's place in the scan, chooses the first failure kept when not every
     * one is.
     */
    public void add(Finding f, int place) {
      if (fails(f, failOn, onlyNew)) {
        failures++;
        if (keep) {
          failing.add(f);
        } else if (failing.isEmpty() || place < firstPlace) {
          failing.clear();
          failing.add(f);
          firstPlace = place;
        }
      }
      if (f.status() == Status.ERROR) {
        errors++;
      }
      if (untested(f, failOn)) {
        if (untested++ < UNTESTED_NAMED) {
          untestedNamed.add(untestedName(f));
        }
      }
      judged |= f.status().judges();
    }

    public GateVerdict verdict(List<TargetState> targets) {
      int unreachable = 0;
      for (TargetState t : targets) {
        if (t.state() == TargetState.State.UNREACHABLE) {
          unreachable++;
        }
      }
      int notScanned = TargetState.notScanned(targets);
      // A policy of attested claims alone has no targets: its attestations are what it judges.
      boolean judgedNothing = notScanned == 0 && !targets.isEmpty() && !judged;
      int otherShards = notScanned > 0 ? 0
          : (int) targets.stream().filter(TargetState::otherShards).count();
      Outcome o = failures > 0 ? Outcome.FAILED
          : errors > 0 || unreachable > 0 || notScanned > 0 || judgedNothing || otherShards > 0
              ? Outcome.INCOMPLETE
          : Outcome.PASSED;
      List<Finding> listed = keep ? failing
          : java.util.Collections.nCopies(failures, failures == 0 ? null : failing.get(0));
      return new GateVerdict(o, listed, errors, unreachable, failOn, onlyNew, notScanned,
          judgedNothing, otherShards, untested, untestedNamed);
    }
  }

  /**
   * Whether this finding is a check the gate would weigh at {@code failOn} that was not tested:
   * SKIPPED, whatever the reason (the policy switched it off, a field it needs is unset, a target
   * opts out). A finding with no severity weighs nothing.
   */
  public static boolean untested(Finding f, Severity failOn) {
    return f.status() == Status.SKIPPED && f.severity() != null && f.severity().atLeast(failOn)
        && !chosenByPolicy(f);
  }

  /** How a skip the policy asked for begins: a check switched off under {@code checks:}. */
  public static final String DISABLED_BY_POLICY = "disabled by the policy";
  /** How a skip begins when the policy says the property is not required. */
  public static final String NOT_REQUIRED_BY_POLICY = "not required by the policy";

  /**
   * Whether a skip is the policy's own choice (a check switched off, a property it says is not
   * required): nothing was left untested that the policy asked for, so the gate does not name it
   * and the grade does not doubt itself over it. A skip for want of a setting (no http_url) is
   * not such a choice.
   */
  public static boolean chosenByPolicy(Finding f) {
    String o = f.observed();
    return f.status() == Status.SKIPPED && o != null
        && (o.startsWith(DISABLED_BY_POLICY) || o.startsWith(NOT_REQUIRED_BY_POLICY));
  }

  /** "https.redirect (high) on www: set http_url": what was not tested, where, and why. */
  public static String untestedName(Finding f) {
    String target = f.target() == null || f.target().isEmpty() ? "" : " on " + f.target();
    String why = f.observed() == null || f.observed().isBlank() ? "" : ": " + f.observed().strip();
    return f.checkId() + " (" + f.severity().label() + ")" + target + why;
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
   * The gate's sentence with what a failed gate could not judge besides: the one wording the
   * console, scan.json's {@code summary.gate.reason} and run.csv's {@code gate_reason} share, so
   * no machine-read copy drops the incompleteness a person reading the console was told.
   */
  public String reason() {
    String also = alsoIncomplete();
    String notTested = notTested();
    return describe() + (also.isEmpty() ? "" : "; also incomplete: " + also)
        + (notTested.isEmpty() ? "" : "; not tested: " + notTested);
  }

  /**
   * The checks at or above the gate's threshold that were never tested, the first few named
   * ("https.redirect (high) on www: ...; and 2 more"), or "" when every one was. Said with every
   * outcome: "passed" over an untested high check reads as the check passing.
   */
  public String notTested() {
    if (untested == 0) {
      return "";
    }
    int rest = untested - untestedNamed.size();
    return String.join("; ", untestedNamed)
        + (rest > 0 ? "; and " + rest + " more " + Counted.noun(rest, "check") : "");
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
    if (errors > 0 || notScanned == 0 && !judgedNothing && otherShards == 0) {
      parts.add(Counted.of(errors, "error"));
    }
    if (unreachable > 0) {
      parts.add(unreachable + " unreachable " + Counted.noun(unreachable, "target"));
    }
    if (notScanned > 0) {
      parts.add(notScanned + " " + Counted.noun(notScanned, "target") + " not scanned");
    }
    if (judgedNothing) {
      parts.add("nothing judged (every finding skipped, not applicable, manual or"
          + " informational)");
    }
    if (otherShards > 0) {
      parts.add(otherShards + " " + Counted.noun(otherShards, "target")
          + " left to other shards (merge them to gate the fleet)");
    }
    return parts;
  }
}
