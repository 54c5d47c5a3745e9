package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.report.ReportModel.Link;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Grade;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
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

  /**
   * {@code moreTargets}: how many other targets the same fix is needed on; {@code where}: the
   * places it is needed in ("on 5 pages: …") or ""; {@code observedAt}: the place {@code
   * observed} was seen in when there are several, or "".
   */
  public record FixRow(String severity, String status, String statusCss, String target,
      int moreTargets, String checkId, String title, String subject, String where,
      String observedAt, String observed, String remediation, Link link, boolean fresh) {}

  /**
   * The first {@link #FIX_FIRST} fixes among problems added most urgent first. A fix is one thing
   * to do: one check failing (or erroring) at one severity with one expectation and one
   * remediation, about one header, cookie or directive where the check names one, new against the
   * baseline or not. On a site, one header missing on five pages is one fix naming the five pages;
   * on a fleet, the same missing header on every host is one fix naming how many hosts: not five
   * rows of it that hide every other fix.
   */
  static final class Fixes {
    private final Map<List<Object>, Fix> fixes = new LinkedHashMap<>();

    /** One fix and what it was found on; {@code first} is the finding the fix is shown by. */
    static final class Fix {
      final Finding first;
      final Set<String> targets = new LinkedHashSet<>();
      final Set<String> places = new LinkedHashSet<>();
      int findings;

      Fix(Finding first) {
        this.first = first;
      }

      /** The finding's subject, or for a fix found in several places what they share. */
      String subject() {
        return places.size() < 2 ? first.subjectAtLine() : FixPlaces.shared(first);
      }

      /** "on 5 pages: main page, /a/, /b/, /c/, …", or "" when the fix is in one place. */
      String where() {
        return places.size() < 2 ? "" : FixPlaces.listed(first, places);
      }
    }

    /** Counts {@code f} toward its fix; true when it is the first finding of a fix shown. */
    boolean add(Finding f) {
      return add(f, "");
    }

    /**
     * As {@link #add(Finding)}; findings that differ in {@code apart} are never one fix (the
     * console keeps a failure of the gate apart from one below it).
     */
    boolean add(Finding f, Object apart) {
      // A regression is its own fix: folded into the same failure on hosts that had it all
      // along, the run's one new problem did not stand out on the first screen.
      List<Object> key = Arrays.asList(apart, f.status(), f.severity(),
          ReportModel.text(f.checkId()), f.expected(), f.remediation(), FixPlaces.thing(f),
          fresh(f));
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
      fix.places.add(FixPlaces.place(f));
      fix.findings++;
      return opened;
    }

    /** No further fix will be shown; findings of those shown may still arrive. */
    boolean full() {
      return fixes.size() == FIX_FIRST;
    }

    Collection<Fix> shown() {
      return fixes.values();
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
    for (Fixes.Fix fix : fixes.shown()) {
      Finding f = fix.first;
      covered += fix.findings;
      rows.add(new FixRow(f.severity() == null ? "" : f.severity().name(), f.status().name(),
          ReportModel.cssClass("st-", f.status()),
          ReportModel.text(f.target()).isEmpty() ? ReportModel.POLICY_WIDE : f.target(),
          fix.targets.size() - 1, ReportModel.text(f.checkId()), ReportModel.text(f.headline()),
          fix.subject(), fix.where(), fix.places.size() < 2 ? "" : FixPlaces.place(f),
          shorten(f.observed()), f.remediation(), linkTo.apply(f), fresh(f)));
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
