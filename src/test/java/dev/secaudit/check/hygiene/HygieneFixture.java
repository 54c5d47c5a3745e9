package dev.secaudit.check.hygiene;

import dev.secaudit.check.StandardChecks;
import dev.secaudit.check.Check;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.OnSources;
import dev.secaudit.compliance.FrameworkCatalog;
import dev.secaudit.model.Finding;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.SourceObservations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Loads a policy written next to the files a test built, and judges observations with a check. */
final class HygieneFixture {
  static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

  private HygieneFixture() {}

  static LoadedPolicy load(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, yaml);
    return new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids(),
        FrameworkCatalog.requirementIds())
        .load(file.toString(), yaml.getBytes(StandardCharsets.UTF_8));
  }

  static <C extends Check & OnSources> List<Finding> judge(C check, LoadedPolicy loaded,
      List<SourceObservation> observed) {
    return check.evaluateSources(new CheckContext(StandardChecks.catalog(), loaded, null, null, NOW),
        new SourceObservations(observed));
  }
}
