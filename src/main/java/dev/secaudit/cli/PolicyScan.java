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
    dev.secaudit.policy.LoadedPolicy loaded = Wiring.loaderWithoutSecrets().load(policyFile);
    Policy p = loaded.policy();
    ScanResult result = ScanJson.read(scanFile);
    if (result.run() != null && result.run().policyName() != null
        && !result.run().policyName().equals(p.name())) {
      throw new UsageException(scanFile + ": a scan of policy "
          + dev.secaudit.model.JsonFault.quoted(result.run().policyName()) + ", not of "
          + dev.secaudit.model.JsonFault.quoted(p.name()) + " (" + policyFile
          + "): use that policy's own scan");
    }
    // The scan judged the claims in the words and thresholds of the policy it ran: an edited
    // statement ("all servers" for "production") or threshold (1.3 for 1.2) would otherwise be
    // published as verified by a scan that never checked it. Attestation-only edits are refused
    // too: which of the claims an edit touched is not knowable from the scan alone.
    String scanned = result.run() == null ? null : result.run().policySha256();
    if (scanned == null || scanned.isEmpty()) {
      throw new UsageException(scanFile + ": run.policy_sha256 is missing, so which version of"
          + " the policy was scanned is not known; scan again with " + policyFile);
    }
    if (!scanned.equalsIgnoreCase(loaded.sha256())) {
      throw new UsageException(scanFile + ": run.policy_sha256 " + prefix(scanned) + "… is not "
          + policyFile + " (SHA-256 " + prefix(loaded.sha256()) + "…): the policy changed after"
          + " the scan, so the scan does not show its claims as they now read; scan again"
          + " (secaudit scan -p " + policyFile + "), or give the policy file that was scanned");
    }
    return new PolicyScan(p, result, maxAge);
  }

  private static String prefix(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }
}
