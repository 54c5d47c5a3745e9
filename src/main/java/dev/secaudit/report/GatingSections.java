package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.WaiverRecord;
import dev.secaudit.report.ReportModel.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The HTML report's account of what people decided between judging and the gate: every waiver
 * the run applied (who approved which risk, why, until when, and what it covered) and the
 * comparison with the baseline scan. Auditors read accepted risks here, not in a log.
 */
public final class GatingSections {
  private GatingSections() {}

  /**
   * One waiver as the run applied it.
   *
   * @param findings what it did to the findings it matched: "3 waived", or for an expired one
   *     that it waived none and how many it would have (never "N matched", read as covered)
   * @param covers links to the findings it waived (or, once expired, would have)
   */
  public record WaiverRow(String id, String check, String target, String subject,
      String justification, String approver, String expires, String state, String stateCss,
      String findings, String source, List<Link> covers) {}

  public record ResolvedRow(String target, String checkId, String subject, String status,
      String statusCss, String severity, String observed) {}

  /**
   * @param notScanned earlier problems this scan did not judge again: neither resolved nor open
   * @param notes what makes the baseline another scope (another policy name or file)
   */
  public record BaselineSection(String file, String runId, String started, int newCount,
      int unchangedCount, List<ResolvedRow> resolved, List<ResolvedRow> notScanned,
      List<String> notes) {}

  static List<WaiverRow> waivers(ScanResult scan, Function<Finding, Link> linkTo) {
    return waivers(scan, scan.findings(), linkTo);
  }

  /** {@code waived}: in the scan's order, at least every finding with a waiver. */
  static List<WaiverRow> waivers(ScanResult scan, List<Finding> waived,
      Function<Finding, Link> linkTo) {
    List<WaiverRow> rows = new ArrayList<>();
    for (WaiverRecord w : scan.waivers()) {
      List<Link> covers = new ArrayList<>();
      for (Finding f : waived) {
        if (f.waiver() != null && w.id() != null && w.id().equals(f.waiver().id())) {
          covers.add(linkTo.apply(f));
        }
      }
      rows.add(new WaiverRow(text(w.id()), text(w.check()), text(w.target()), text(w.subject()),
          text(w.justification()), text(w.approver()), text(w.expires()),
          w.state() == null ? "" : w.state().name(),
          w.state() == ScanResult.WaiverState.ACTIVE ? "st-waived" : "st-fail", findings(w),
          text(w.source()), covers));
    }
    return rows;
  }

  private static String findings(WaiverRecord w) {
    if (w.state() == ScanResult.WaiverState.ACTIVE) {
      // What its glob reached beyond the baseline, as the console's last screen says it.
      List<String> beyond = w.beyondBaselineWarnings();
      return w.matched() + " waived" + (beyond.isEmpty() ? "" : "; " + String.join("; ", beyond));
    }
    return "none waived (expired): " + w.covered() + " " + (w.covered() == 1
        ? "finding it would have covered keeps its" : "findings it would have covered keep their")
        + " status";
  }

  static BaselineSection baseline(ScanResult scan) {
    ScanResult.Baseline b = scan.baseline();
    if (b == null) {
      return null;
    }
    return new BaselineSection(text(b.file()), text(b.runId()), ReportModel.utc(b.started()),
        b.newCount(), b.unchangedCount(), rows(b.resolved()), rows(b.notScanned()), b.notes());
  }

  private static List<ResolvedRow> rows(List<Finding> earlier) {
    List<ResolvedRow> rows = new ArrayList<>();
    for (Finding f : earlier) {
      rows.add(new ResolvedRow(text(f.target()), text(f.checkId()), f.subject(),
          f.status() == null ? "" : f.status().name(), ReportModel.cssClass("st-", f.status()),
          f.severity() == null ? "" : f.severity().name(), f.observed()));
    }
    return rows;
  }

  /** The badge text of a finding's comparison with the baseline, empty without one. */
  static String state(Finding f) {
    return f.baseline() == null ? "" : f.baseline().name();
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
