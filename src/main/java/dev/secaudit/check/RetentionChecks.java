package dev.secaudit.check;

import static dev.secaudit.model.Severity.MEDIUM;

import java.util.Map;

/** The retention check ids, kept here so the shared catalog gains one line. */
final class RetentionChecks {
  /** Kept no longer than needed, then disposed of: confidentiality, privacy, deletion. */
  static final String RETENTION =
      "soc2:C1.2 soc2:P4.2 soc2:P4.3 gdpr:5(1)(e) iso27001:8.10";

  private RetentionChecks() {}

  static void addTo(Map<String, CheckInfo> all) {
    CheckCatalog.add(all, CheckInfo.of("retention.window", "Data is kept no longer than the"
        + " retention window the page states", MEDIUM, RETENTION,
        "Delete what is older than the window (a scheduled job, a bucket lifecycle rule with"
            + " Expiration.Days, logrotate rotate × interval, journald MaxRetentionSec), or"
            + " correct the stated window.",
        "GDPR Art. 5(1)(e); SOC 2 C1.2, P4.2, P4.3; ISO/IEC 27001:2022 A.8.10"));
  }
}
