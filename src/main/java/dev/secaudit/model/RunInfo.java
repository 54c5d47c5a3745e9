package dev.secaudit.model;

import java.time.Instant;
import java.util.List;

/** What produced a scan: the parameters an auditor needs to trust system-generated evidence. */
public record RunInfo(
    String id,
    String tool,
    String toolVersion,
    Instant started,
    Instant finished,
    String policyFile,
    String policyName,
    String policySha256,
    List<String> commandLine,
    String failOn,
    List<String> frameworks) {

  public RunInfo {
    commandLine = commandLine == null ? List.of() : List.copyOf(commandLine);
    frameworks = frameworks == null ? List.of() : List.copyOf(frameworks);
  }
}
