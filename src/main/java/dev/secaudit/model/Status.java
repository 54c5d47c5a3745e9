package dev.secaudit.model;

/**
 * Verdict of one finding. Order matters: the summary and the reports list statuses in this order,
 * most urgent first.
 */
public enum Status {
  FAIL,
  ERROR,
  WARN,
  MANUAL,
  WAIVED,
  INFO,
  SKIPPED,
  PASS;

  /** Statuses that make a scan incomplete rather than failed. */
  public boolean isIncomplete() {
    return this == ERROR;
  }
}
