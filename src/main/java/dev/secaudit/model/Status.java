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
  NOT_APPLICABLE,
  PASS;

  /** The status in a sentence: "fail", "not applicable". */
  public String words() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  /** Statuses that make a scan incomplete rather than failed. */
  public boolean isIncomplete() {
    return this == ERROR;
  }
}
