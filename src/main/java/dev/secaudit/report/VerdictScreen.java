package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.report.ReportModel.Link;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Grade;
import java.util.ArrayList;
import java.util.List;
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
   * @param problems every FAIL and ERROR finding, most urgent first
   */
  public record Screen(Verdict verdict, GradeView grade, List<FixRow> fixFirst, int problems) {
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

  public record FixRow(String severity, String status, String statusCss, String target,
      String checkId, String title, String subject, String observed, String remediation,
      Link link) {}

  static Screen of(ScanResult scan, GateVerdict gate, List<Finding> problems,
      Function<Finding, Link> linkTo) {
    return of(Grade.of(scan), gate,
        problems.subList(0, Math.min(FIX_FIRST, problems.size())), problems.size(), linkTo);
  }

  /** {@code first}: the first {@link #FIX_FIRST} of the {@code problems} FAIL and ERROR ones. */
  static Screen of(Grade g, GateVerdict gate, List<Finding> first, int problems,
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
    for (Finding f : first) {
      rows.add(new FixRow(f.severity() == null ? "" : f.severity().name(), f.status().name(),
          ReportModel.cssClass("st-", f.status()),
          ReportModel.text(f.target()).isEmpty() ? ReportModel.POLICY_WIDE : f.target(),
          ReportModel.text(f.checkId()), ReportModel.text(f.headline()), f.subject(),
          shorten(f.observed()), f.remediation(), linkTo.apply(f)));
    }
    return new Screen(verdict, grade, rows, problems);
  }

  /** A failed gate hides that the scan was also incomplete; the first screen says it. */
  private static String also(GateVerdict gate) {
    String missing = gate.alsoIncomplete();
    return missing.isEmpty() ? "" : "The scan is also incomplete: " + missing + ".";
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
