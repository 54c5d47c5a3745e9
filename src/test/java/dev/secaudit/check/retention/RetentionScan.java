package dev.secaudit.check.retention;

import dev.secaudit.check.StandardChecks;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.compliance.FrameworkCatalog;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.scan.ScanParameters;
import dev.secaudit.scan.Scanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A retention scan as the CLI runs it (real probes, the real check) with a fixed clock, from a
 * policy written beside the files it names.
 */
final class RetentionScan {
  static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

  private RetentionScan() {}

  static ScanResult run(Path dir, String retentionYaml) {
    return run(dir, retentionYaml, Map.of());
  }

  static ScanResult run(Path dir, String retentionYaml, Map<String, String> env) {
    return run(dir, "", retentionYaml, env);
  }

  /** With other top-level sections (settings) before the retention section. */
  static ScanResult run(Path dir, String sections, String retentionYaml,
      Map<String, String> env) {
    String yaml = "version: 1\nname: acme\n" + sections + "retention:\n"
        + retentionYaml.stripIndent();
    try {
      Path file = dir.resolve("policy.yaml");
      Files.writeString(file, yaml);
      LoadedPolicy loaded = new PolicyLoader(env::get, StandardChecks.catalog().ids(),
          FrameworkCatalog.requirementIds()).load(file.toString(),
          yaml.getBytes(StandardCharsets.UTF_8));
      Scanner scanner = new Scanner(List.of(new RetentionCheck()),
          Clock.fixed(NOW, ZoneOffset.UTC), msg -> { });
      return scanner.scan(loaded, new ScanParameters("run-1", "test", List.of("scan"),
          Severity.LOW));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Finding only(ScanResult r) {
    if (r.findings().size() != 1) {
      throw new AssertionError("expected one finding, got " + r.findings());
    }
    return r.findings().get(0);
  }

  /**
   * A folder last changed {@code age} before the scan, so it has been there at least that long
   * (set after its files are written, which change it).
   */
  static Path settled(Path folder, Duration age) {
    return aged(folder, age);
  }

  /** A file last modified {@code age} before the scan. */
  static Path aged(Path file, Duration age) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.writeString(file, "x");
      }
      Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
