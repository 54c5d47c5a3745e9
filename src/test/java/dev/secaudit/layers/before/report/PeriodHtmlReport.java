package dev.secaudit.layers.before.report;

import dev.secaudit.layers.before.evidence.OperatingEffectiveness;

/** As PeriodHtmlReport: renders the period result that evidence computes. */
public final class PeriodHtmlReport {
  public String render(OperatingEffectiveness.Report report) {
    return report.toString();
  }
}
