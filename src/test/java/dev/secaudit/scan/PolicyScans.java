package dev.secaudit.scan;

import dev.secaudit.check.Check;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** A policy's text scanned with the given checks, as `secaudit scan` would, for scan tests. */
final class PolicyScans {
  private PolicyScans() {}

  static ScanResult scan(String yaml, List<Check> checks) {
    LoadedPolicy loaded = new PolicyLoader(Map.<String, String>of()::get,
        StandardChecks.catalog().ids()).load("policy.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    return new Scanner(checks, Clock.systemUTC(), msg -> { })
        .scan(loaded, new ScanParameters("run", "test", List.of("scan"), Severity.LOW));
  }
}
