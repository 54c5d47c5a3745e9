package dev.secaudit.cli;

import java.nio.file.Path;

/** The options of the commands that speak from a policy and its latest scan. */
final class PolicyScanOptions {
  Path policy;
  Path scan;
  String maxScanAge;

  PolicyScanOptions addTo(CommandModel model) {
    model.add(CommandModel.option(Path.class, v -> policy = v, "POLICY", "The policy whose"
        + " claims are stated.", "-p", "--policy").converters(CommandModel::path).required(true));
    model.add(CommandModel.option(Path.class, v -> scan = v, "SCAN_JSON", "The latest scan.json"
        + " of that policy ('secaudit scan -o DIR').", "--scan").converters(CommandModel::path)
        .required(true));
    model.add(CommandModel.option(String.class, v -> maxScanAge = v, "DURATION", "A scan older"
        + " than this verifies nothing (default: ${DEFAULT-VALUE}).", "--max-scan-age")
        .defaultValue("30d"));
    return this;
  }

  PolicyScan load(Main.Context ctx) {
    return PolicyScan.load(ctx, policy, scan, maxScanAge);
  }
}
