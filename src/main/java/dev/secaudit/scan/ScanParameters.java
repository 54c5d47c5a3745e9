package dev.secaudit.scan;

import dev.secaudit.model.Severity;
import java.util.List;

/** How a scan was asked for, recorded in the evidence. */
public record ScanParameters(String runId, String toolVersion, List<String> commandLine,
    Severity failOn) {
  public ScanParameters {
    commandLine = List.copyOf(commandLine);
  }
}
