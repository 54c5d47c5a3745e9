package dev.secaudit.report;

import dev.secaudit.compliance.Framework;
import dev.secaudit.compliance.RequirementStatus;
import java.util.List;

/**
 * One compliance framework as a report shows it: every requirement row, already joined with the
 * scan's findings and claims by the caller, so a renderer never decides coverage itself.
 */
public record FrameworkView(Framework framework, List<RequirementStatus> rows) {
  public FrameworkView {
    rows = List.copyOf(rows);
  }
}
