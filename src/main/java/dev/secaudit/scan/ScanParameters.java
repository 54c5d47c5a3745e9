package dev.secaudit.scan;

import dev.secaudit.model.Severity;
import java.util.List;

/**
 * How a scan was asked for, recorded in the evidence.
 *
 * @param active whether active probes (rate limits) may run on every target ({@code --active})
 */
public record ScanParameters(String runId, String toolVersion, List<String> commandLine,
    Severity failOn, boolean active) {
  public ScanParameters {
    commandLine = List.copyOf(commandLine);
  }

  /** A passive scan: active probes run only on targets that opt in themselves. */
  public ScanParameters(String runId, String toolVersion, List<String> commandLine,
      Severity failOn) {
    this(runId, toolVersion, commandLine, failOn, false);
  }
}
