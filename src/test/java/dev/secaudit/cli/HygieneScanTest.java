package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.probe.hygiene.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repository and data hygiene through the CLI: a policy with only local sources, every report
 * and the evidence bundle written, and no secret or card number in clear in any file written.
 */
class HygieneScanTest {
  static final String AWS = "AKIA" + "Q7RZ3M5N2W4X6Y8B";
  static final String CARD = "5555 5555 5555 " + "4444";
  static final String PASSWORD = "Tr0ub4dor" + "AndHorse";

  @TempDir Path dir;

  @Test
  void localSourcesAreScannedReportedAndNothingFoundIsWrittenInClear() throws IOException {
    TestRepo repo = new TestRepo(dir.resolve("app"));
    repo.write("deploy/env.sh", "export AWS_ACCESS_KEY_ID=" + AWS + "\n")
        .write("package.json", "{\"dependencies\": {\"left-pad\": \"^1.3.0\"}}");
    repo.commit("deploy script");
    repo.write("deploy/env.sh", "export AWS_ACCESS_KEY_ID=$FROM_VAULT\n").commit("vault");
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(dir.resolve("logs/app.log"), "paid " + CARD + "\nretry mysql://root:"
        + PASSWORD + "@db/app\n");
    Path policy = dir.resolve("secaudit.yaml");
    Files.writeString(policy, """
        version: 1
        name: acme
        repositories:
          - name: app
            path: app
            secrets: {}
            lock_files: true
            dependency_updates: true
        data_hygiene:
          - {name: logs, paths: [logs/*.log]}
        """);
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "--evidence",
        dir.resolve("evidence").toString(), "--color", "never");

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.FAILED.code);
    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    List<String> failed = new ArrayList<>();
    json.get("findings").forEach(f -> failed.add(f.get("target").asText() + " "
        + f.get("check_id").asText() + " " + f.get("status").asText()));
    assertThat(failed).contains("app repo.secrets FAIL", "app repo.lock_files FAIL",
        "app repo.dependency_updates FAIL", "logs data.personal_data FAIL",
        "logs data.secrets FAIL");
    List<String> population = new ArrayList<>();
    json.get("targets").forEach(t -> population.add(t.get("name").asText() + " "
        + t.get("state").asText()));
    assertThat(population).containsExactly("app EVALUATED", "logs EVALUATED");
    List<String> artifacts = new ArrayList<>();
    json.get("artifacts").forEach(a -> artifacts.add(a.get("id").asText()));
    assertThat(artifacts).contains("app/secret-scan", "app/dependencies", "logs/data-scan");

    List<Path> written = new ArrayList<>();
    try (Stream<Path> s = Stream.concat(Files.walk(out), Files.walk(dir.resolve("evidence")))) {
      s.filter(Files::isRegularFile).forEach(written::add);
    }
    assertThat(written).hasSizeGreaterThan(5);
    for (Path p : written) {
      String text = new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(text).as(p.toString()).doesNotContain(AWS).doesNotContain(PASSWORD)
          .doesNotContain(CARD).doesNotContain(CARD.replace(" ", ""));
    }
    assertThat(r.out() + r.err()).doesNotContain(AWS).doesNotContain(PASSWORD)
        .doesNotContain(CARD);
    assertThat(Files.readString(out.resolve("scan.json"))).contains("5555 **** **** 4444")
        .contains("AKIA…8B (20 chars)");
  }
  @Test
  void aRepositoryReadByTheLockFileRulesAndTheSubprocessorScanWritesOneBundle()
      throws IOException {
    // package.json and pyproject.toml side by side: both readers of a repository's manifests run
    // (lock files for repo.lock_files, the package list for subprocessors.dependencies), and the
    // bundle used to refuse the second artifact named app/dependencies with exit 70.
    TestRepo repo = new TestRepo(dir.resolve("app"));
    repo.write("package.json", "{\"dependencies\": {\"left-pad\": \"1.3.0\"}}")
        .write("package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\": {},"
            + " \"node_modules/left-pad\": {\"version\": \"1.3.0\"}}}")
        .write("pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\"sentry-sdk\"]\n")
        .write("poetry.lock", "[[package]]\nname = \"sentry-sdk\"\nversion = \"2.0.0\"\n");
    repo.commit("manifests");
    Path policy = dir.resolve("secaudit.yaml");
    Files.writeString(policy, """
        version: 1
        name: acme
        repositories:
          - {name: app, path: app, lock_files: true}
        subprocessors:
          declared: [{name: Sentry, purpose: errors}]
        """);
    Path evidence = dir.resolve("evidence");
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", dir.resolve("out").toString(),
        "--evidence", evidence.toString(), "--color", "never");

    assertThat(r.code()).as(r.out() + r.err()).isNotEqualTo(ExitCode.INTERNAL.code);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("out/scan.json").toFile());
    List<String> artifacts = new ArrayList<>();
    json.get("artifacts").forEach(a -> artifacts.add(a.get("id").asText()));
    assertThat(artifacts).contains("app/dependencies", "app/dependency-list")
        .doesNotHaveDuplicates();
    JsonNode manifest = new ObjectMapper().readTree(evidence.resolve("manifest.json").toFile());
    assertThat(manifest.toString()).contains("app/dependencies").contains("app/dependency-list");
  }
}
