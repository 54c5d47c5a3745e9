package dev.secaudit.check.config;

import dev.secaudit.check.StandardChecks;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.OnSources;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.config.ConfigSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A policy file beside config fixtures in a temp dir: loads it, reads its configs with the real
 * probe and runs config checks on what was read.
 */
final class ConfigScan {
  static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

  private ConfigScan() {}

  static LoadedPolicy load(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, yaml);
    return new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids())
        .load(file.toString(), yaml.getBytes(StandardCharsets.UTF_8));
  }

  static SourceObservations observe(LoadedPolicy loaded) {
    return new SourceObservations(ConfigSources.observe(loaded, true, Redactor.none(),
        Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  /** An nginx.conf around {@code http} that nginx -t accepts, judged by {@code checks}. */
  static List<Finding> nginx(Path dir, String policy, String http, OnSources... checks)
      throws Exception {
    Path main = dev.secaudit.probe.config.ConfigFixtures.write(dir, "nginx/nginx.conf",
        NginxConfigTool.wrap(http));
    NginxConfigTool.assertValid(dir.resolve("nginx"), main);
    return run(load(dir, policy), checks);
  }

  static List<Finding> run(LoadedPolicy loaded, OnSources... checks) {
    SourceObservations sources = observe(loaded);
    CheckContext ctx = new CheckContext(StandardChecks.catalog(), loaded, null, null, NOW);
    List<Finding> out = new ArrayList<>();
    for (OnSources c : checks) {
      // A check that weighs targets' observations too is judged here with none of them.
      out.addAll(c instanceof dev.secaudit.check.OnPopulation whole
          ? whole.evaluatePopulation(ctx, java.util.Map.of(), sources)
          : c.evaluateSources(ctx, sources));
    }
    return out;
  }
}
