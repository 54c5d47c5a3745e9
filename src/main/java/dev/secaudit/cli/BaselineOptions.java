package dev.secaudit.cli;

import dev.secaudit.model.ScanResult;
import dev.secaudit.policy.UsageException;
import dev.secaudit.report.ScanJson;
import java.nio.file.Path;

/** {@code --baseline} and {@code --fail-on-new}, wherever a command gates a scan (scan, merge). */
final class BaselineOptions {
  Path baseline;
  boolean failOnNew;

  BaselineOptions addTo(CommandModel model) {
    model.path(v -> baseline = v, "SCAN_JSON", "An earlier scan.json: mark findings new or"
        + " unchanged and list resolved ones.", "--baseline");
    model.flag(v -> failOnNew = v, "Gate only on failures that are new against --baseline.",
        "--fail-on-new");
    return this;
  }

  /** Checked before anything is probed or merged: --fail-on-new means nothing without a baseline. */
  void requireConsistent() {
    if (failOnNew && baseline == null) {
      throw new UsageException("--fail-on-new needs --baseline SCAN_JSON (the earlier scan that"
          + " says what is not new)");
    }
  }

  /** The earlier scan, or null without --baseline. */
  ScanResult read() {
    return baseline == null ? null : ScanJson.read(baseline);
  }

  /** The baseline as the scan records it: its file name, or null. */
  String file() {
    return baseline == null ? null : baseline.toString();
  }
}
