package dev.secaudit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of the commands that speak from a policy and its latest scan. */
final class PolicyScanOptions {
  @Option(names = {"-p", "--policy"}, required = true, paramLabel = "POLICY",
      description = "The policy whose claims are stated.")
  Path policy;

  @Option(names = "--scan", required = true, paramLabel = "SCAN_JSON",
      description = "The latest scan.json of that policy ('secaudit scan -o DIR').")
  Path scan;

  @Option(names = "--max-scan-age", defaultValue = "30d", paramLabel = "DURATION",
      description = "A scan older than this verifies nothing (default: ${DEFAULT-VALUE}).")
  String maxScanAge;

  PolicyScan load(Main.Context ctx) {
    return PolicyScan.load(ctx, policy, scan, maxScanAge);
  }
}
