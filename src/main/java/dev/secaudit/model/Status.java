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

  /**
   * Whether a finding of this status judged the control: it passed, failed, warned, errored or
   * was waived. MANUAL, INFO, SKIPPED and NOT_APPLICABLE record without judging.
   */
  public boolean judges() {
    return switch (this) {
      case PASS, FAIL, ERROR, WARN, WAIVED -> true;
      case MANUAL, INFO, SKIPPED, NOT_APPLICABLE -> false;
    };
  }

  /** Statuses that make a scan incomplete rather than failed. */
  public boolean isIncomplete() {
    return this == ERROR;
  }
}
