package dev.secaudit.cli;

import dev.secaudit.model.ScanResult;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.PolicyDuration;
import dev.secaudit.policy.UsageException;
import dev.secaudit.report.ScanJson;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A policy and its latest scan, loaded together by the commands that speak from the evidence
 * ('answer', 'page'): a scan of another policy would let one system's evidence vouch for another.
 */
record PolicyScan(Policy policy, ScanResult scan, Duration maxScanAge) {

  static PolicyScan load(Main.Context ctx, Path policyFile, Path scanFile, String maxScanAge) {
    Duration maxAge;
    try {
      maxAge = PolicyDuration.parse(maxScanAge).value();
    } catch (RuntimeException e) {
      throw new UsageException("--max-scan-age " + maxScanAge + ": not a duration (try 30d)");
    }
    Policy p = Wiring.loaderWithoutSecrets().load(policyFile).policy();
    ScanResult result = ScanJson.read(scanFile);
    if (result.run() != null && result.run().policyName() != null
        && !result.run().policyName().equals(p.name())) {
      throw new UsageException(scanFile + ": a scan of policy '" + result.run().policyName()
          + "', not of '" + p.name() + "' (" + policyFile + "): use that policy's own scan");
    }
    return new PolicyScan(p, result, maxAge);
  }
}
