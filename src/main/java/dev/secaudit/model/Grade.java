package dev.secaudit.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One letter for a whole run, for people who read the verdict first (docs/report-format.md,
 * "Grade"). It summarises the findings the checks already judged and never says more than they
 * show:
 *
 * <ul>
 *   <li>the letter comes from the worst unwaived FAIL: critical F, high D, medium C, low or info
 *       B, none A;
 *   <li>a WARN or a WAIVED finding (a risk someone accepted still exists) keeps it from A;
 *   <li>incomplete evidence (an ERROR finding, an unreachable target, a target in scope no one
 *       scanned) keeps it from A, and the grade says it could be lower;
 *   <li>so does a SKIPPED check whose failure would have given a worse letter (a high check
 *       never tested under an A): what was not tested cannot be graded as if it passed;
 *   <li>a run that judged nothing (no PASS, FAIL or WARN), or scanned no target, is not graded
 *       ("-").
 * </ul>
 *
 * <p>MANUAL rows (attestations, requirements without automated evidence) are not graded: the
 * grade covers what secaudit observed. tls.grade, the SSL Labs-style letter of one endpoint, is a
 * different measure and stays in its own finding.
 *
 * @param letter A, B, C, D, F, or "-" when nothing was judged
 * @param incomplete some evidence is missing, so the real grade could be lower
 * @param reasons why the letter is what it is, most decisive first
 */
public record Grade(String letter, boolean incomplete, List<String> reasons) {
  public static final String NOT_GRADED = "-";

  public Grade {
    reasons = List.copyOf(reasons);
  }

  public static Grade of(ScanResult scan) {
    Tally tally = new Tally();
    scan.findings().forEach(tally::add);
    return tally.grade(scan.targets());
  }

  /** What the grade reads of the findings, counted one by one, for a report that holds none. */
  public static final class Tally {
    private final Map<Status, Integer> counts = new EnumMap<>(Status.class);
    private Severity worst;
    private int worstCount;
    private final Map<Severity, Integer> skipped = new EnumMap<>(Severity.class);
    private final Map<Severity, String> firstSkipped = new EnumMap<>(Severity.class);

    public void add(Finding f) {
      counts.merge(f.status(), 1, Integer::sum);
      if (f.status() == Status.SKIPPED && f.severity() != null && !GateVerdict.chosenByPolicy(f)) {
        skipped.merge(f.severity(), 1, Integer::sum);
        firstSkipped.putIfAbsent(f.severity(), f.checkId());
      }
      if (f.status() == Status.FAIL && f.severity() != null) {
        if (worst == null || f.severity().compareTo(worst) > 0) {
          worst = f.severity();
          worstCount = 1;
        } else if (f.severity() == worst) {
          worstCount++;
        }
      }
    }

    public Grade grade(List<TargetState> targets) {
      return Grade.of(counts, worst, worstCount, targets, new Untested(skipped, firstSkipped));
    }
  }

  /** SKIPPED findings by severity, and the first check skipped at each. */
  private record Untested(Map<Severity, Integer> bySeverity, Map<Severity, String> first) {
    /** Those whose failure would grade worse than {@code letter}, or null when none would. */
    String lowering(String letter) {
      int n = 0;
      Severity worst = null;
      for (Map.Entry<Severity, Integer> e : bySeverity.entrySet()) {
        if (letterOf(e.getKey()).compareTo(letter) > 0) {
          n += e.getValue();
          worst = worst == null || e.getKey().compareTo(worst) > 0 ? e.getKey() : worst;
        }
      }
      return n == 0 ? null : n + " check" + (n == 1 ? "" : "s") + " not tested (worst: "
          + worst.label() + ", " + first.get(worst) + ")";
    }
  }

  private static String letterOf(Severity s) {
    return switch (s) {
      case CRITICAL -> "F";
      case HIGH -> "D";
      case MEDIUM -> "C";
      case LOW, INFO -> "B";
    };
  }

  private static Grade of(Map<Status, Integer> counts, Severity worst, int worstCount,
      List<TargetState> targets, Untested untested) {
    int errors = counts.getOrDefault(Status.ERROR, 0);
    int unreachable = (int) targets.stream()
        .filter(t -> t.state() == TargetState.State.UNREACHABLE).count();
    int judged = counts.getOrDefault(Status.PASS, 0) + counts.getOrDefault(Status.FAIL, 0)
        + counts.getOrDefault(Status.WARN, 0);
    int notScanned = TargetState.notScanned(targets);
    boolean incomplete = errors > 0 || unreachable > 0 || notScanned > 0;
    List<String> reasons = new ArrayList<>();
    boolean lookedAtNothing = notScanned > 0 && notScanned == targets.size();
    if (judged == 0 || lookedAtNothing) {
      // Findings about the policy alone (a claim left unverified) grade nothing that was seen.
      reasons.add(lookedAtNothing ? "no target was scanned, so there is nothing to grade"
          : "no check passed, failed or warned, so there is nothing to grade");
      if (incomplete) {
        reasons.add(incompleteness(errors, unreachable, notScanned));
      }
      return new Grade(NOT_GRADED, incomplete, reasons);
    }
    String letter;
    if (worst == null) {
      letter = "A";
      reasons.add("no unwaived failure");
    } else {
      letter = letterOf(worst);
      reasons.add("worst unwaived failure: " + worst.label() + " (" + worstCount + " finding"
          + (worstCount == 1 ? "" : "s") + ")");
    }
    int warnings = counts.getOrDefault(Status.WARN, 0);
    int waived = counts.getOrDefault(Status.WAIVED, 0);
    String notTested = untested.lowering(letter);
    boolean complete = !incomplete;
    incomplete |= notTested != null;
    if (letter.equals("A") && (warnings > 0 || waived > 0 || incomplete)) {
      letter = "B";
    }
    if (warnings > 0) {
      reasons.add(warnings + " warning" + (warnings == 1 ? "" : "s") + ": not A");
    }
    if (waived > 0) {
      reasons.add(waived + " waived finding" + (waived == 1 ? "" : "s")
          + " (accepted risk" + (waived == 1 ? "" : "s") + "): not A");
    }
    if (!complete) {
      reasons.add(incompleteness(errors, unreachable, notScanned)
          + ": not A, and the grade could be lower");
    }
    if (notTested != null) {
      reasons.add(notTested + ": " + (letter.equals("B") && worst == null ? "not A, and " : "")
          + "the grade could be lower");
    }
    return new Grade(letter, incomplete, reasons);
  }

  private static String incompleteness(int errors, int unreachable, int notScanned) {
    return "evidence incomplete: " + missing(errors, unreachable, notScanned);
  }

  /** "2 checks errored, 1 target unreachable, 3 targets not scanned": what a run could not see. */
  public static String missing(int errors, int unreachable, int notScanned) {
    List<String> parts = new ArrayList<>();
    if (errors > 0) {
      parts.add(errors + " check" + (errors == 1 ? "" : "s") + " errored");
    }
    if (unreachable > 0) {
      parts.add(unreachable + " target" + (unreachable == 1 ? "" : "s") + " unreachable");
    }
    if (notScanned > 0) {
      parts.add(notScanned + " target" + (notScanned == 1 ? "" : "s") + " not scanned");
    }
    return String.join(", ", parts);
  }

  /** "C", or "C?" when the evidence is incomplete and the real grade could be lower. */
  public String label() {
    return incomplete && !letter.equals(NOT_GRADED) ? letter + "?" : letter;
  }

  /** The CSS class the report gives the letter. */
  public String css() {
    return "grade-" + (letter.equals(NOT_GRADED) ? "none" : letter.toLowerCase(Locale.ROOT));
  }
}
