package dev.secaudit.compliance;

import dev.secaudit.model.ScanResult;
import java.util.List;

/** Joins a framework's requirements with a scan's findings and claims. */
public final class ComplianceView {
  private ComplianceView() {}

  /** Every requirement of {@code framework}, in catalog order, with its evidence from {@code scan}. */
  public static List<RequirementStatus> of(Framework framework, ScanResult scan) {
    throw new UnsupportedOperationException("not yet written");
  }
}
