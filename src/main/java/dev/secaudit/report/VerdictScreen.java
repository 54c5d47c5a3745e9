package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.report.ReportModel.Link;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Grade;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a reader sees before scrolling: the gate the command exits on (passed in, never decided
 * here), the run's {@link Grade}, and the findings to fix first with their remediation.
 */
public final class VerdictScreen {
  /** How many findings the first screen lists. */
  static final int FIX_FIRST = 5;

  /** Longer observed values are cut on the first screen; the finding's row shows all of it. */
  private static final int OBSERVED_CHARS = 160;

  private VerdictScreen() {}

  /**
   * @param problems every FAIL and ERROR finding
   * @param covered how many of them the fix-first rows stand for
   */
  public record Screen(Verdict verdict, GradeView grade, List<FixRow> fixFirst, int problems,
      int covered) {
    public Screen {
      fixFirst = List.copyOf(fixFirst);
    }
  }

  /**
   * The gate's outcome as the command decided it.
   *
   * @param outcome PASSED, FAILED or INCOMPLETE
   * @param why the gate's own account ({@link GateVerdict#describe()})
   * @param also what else holds beside a failure (errors, unreachable targets), or ""
   */
  public record Verdict(String outcome, String css, String headline, String why, String also,
      String failOn, boolean onlyNew) {}

  public record GradeView(String label, String css, List<String> reasons, boolean incomplete) {
    public GradeView {
      reasons = List.copyOf(reasons);
    }
  }

  /** {@code moreTargets}: how many other targets the same fix is needed on. */
  public record FixRow(String severity, String status, String statusCss, String target,
      int moreTargets, String checkId, String title, String subject, String observed,
      String remediation, Link link, boolean fresh) {}

  /**
   * The first {@link #FIX_FIRST} fixes among problems added most urgent first. A fix is one check
   * and subject failing (or erroring) at one severity, new against the baseline or not: on a fleet, the same missing header on
   * every host is one fix naming how many hosts, not five rows of it that hide every other fix.
   */
  static final class Fixes {
    private final Map<List<Object>, Fix> fixes = new LinkedHashMap<>();

    private static final class Fix {
      final Finding first;
      final Set<String> targets = new HashSet<>();
      int findings;

      Fix(Finding first) {
        this.first = first;
      }
    }

    /** Counts {@code f} toward its fix; true when it is the first finding of a fix shown. */
    boolean add(Finding f) {
      // A regression is its own fix: folded into the same failure on hosts that had it all
      // along, the run's one new problem did not stand out on the first screen.
      List<Object> key = Arrays.asList(f.status(), f.severity(), ReportModel.text(f.checkId()),
          f.subject(), f.location() == null ? "" : f.location().at(), fresh(f));
      Fix fix = fixes.get(key);
      boolean opened = fix == null;
      if (opened) {
        if (full()) {
          return false;
        }
        fix = new Fix(f);
        fixes.put(key, fix);
      }
      fix.targets.add(ReportModel.text(f.target()));
      fix.findings++;
      return opened;
    }

    /** No further fix will be shown; findings of those shown may still arrive. */
    boolean full() {
      return fixes.size() == FIX_FIRST;
    }
  }

  static Screen of(ScanResult scan, GateVerdict gate, List<Finding> problems,
      Function<Finding, Link> linkTo) {
    Fixes fixes = new Fixes();
    problems.forEach(fixes::add);
    return of(Grade.of(scan), gate, fixes, problems.size(), linkTo);
  }

  /** {@code fixes}: every finding of its fixes added, of the {@code problems} FAIL and ERROR. */
  static Screen of(Grade g, GateVerdict gate, Fixes fixes, int problems,
      Function<Finding, Link> linkTo) {
    Verdict verdict = new Verdict(gate.outcome().name(), switch (gate.outcome()) {
      case PASSED -> "gate-passed";
      case FAILED -> "gate-failed";
      case INCOMPLETE -> "gate-incomplete";
    }, switch (gate.outcome()) {
      case PASSED -> "Gate passed";
      case FAILED -> "Gate failed";
      case INCOMPLETE -> "Scan incomplete";
    }, gate.describe(), also(gate), gate.failOn().label(), gate.onlyNew());
    GradeView grade = new GradeView(g.label(), g.css(), g.reasons(), g.incomplete());
    List<FixRow> rows = new ArrayList<>();
    int covered = 0;
    for (Fixes.Fix fix : fixes.fixes.values()) {
      Finding f = fix.first;
      covered += fix.findings;
      rows.add(new FixRow(f.severity() == null ? "" : f.severity().name(), f.status().name(),
          ReportModel.cssClass("st-", f.status()),
          ReportModel.text(f.target()).isEmpty() ? ReportModel.POLICY_WIDE : f.target(),
          fix.targets.size() - 1, ReportModel.text(f.checkId()), ReportModel.text(f.headline()),
          f.subject(), shorten(f.observed()), f.remediation(), linkTo.apply(f), fresh(f)));
    }
    return new Screen(verdict, grade, rows, problems, covered);
  }

  /** NEW against the baseline: a new problem, not one the baseline already had. */
  static boolean fresh(Finding f) {
    return f.baseline() == Finding.BaselineState.NEW;
  }

  /**
   * A failed gate hides that the scan was also incomplete, and any gate that a check at its
   * threshold was never tested: the first screen says both.
   */
  private static String also(GateVerdict gate) {
    String missing = gate.alsoIncomplete();
    String notTested = gate.notTested();
    return ((missing.isEmpty() ? "" : "The scan is also incomplete: " + missing + ". ")
        + (notTested.isEmpty() ? "" : "Not tested: " + notTested + ".")).strip();
  }

  private static String shorten(String s) {
    String one = s.strip().replaceAll("\\s+", " ");
    if (one.length() <= OBSERVED_CHARS) {
      return one;
    }
    int cut = OBSERVED_CHARS;
    if (Character.isHighSurrogate(one.charAt(cut - 1))) {
      cut--;
    }
    return one.substring(0, cut) + "…";
  }
}
