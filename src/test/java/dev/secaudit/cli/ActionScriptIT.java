package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.demo.DemoTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Action's script (action/run.sh) run as the runner runs it, with a fake GitHub
 * environment (RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_PATH, GITHUB_STEP_SUMMARY, INPUT_*), against
 * the demo's HTTPS target on loopback. An integration test: it needs the packaged jar, or the
 * release archive when 'mvn -Prelease verify' built one.
 */
class ActionScriptIT {
  @TempDir Path dir;

  /** The release archive when this build made one (newer than the jar), else the jar. */
  static Path installable() throws Exception {
    Path jar = Path.of("target/secaudit.jar");
    try (var files = Files.list(Path.of("target"))) {
      return files.filter(f -> f.getFileName().toString().endsWith("-linux-x64.tar.gz"))
          .filter(f -> f.toFile().lastModified() >= jar.toFile().lastModified())
          .findFirst().orElse(jar);
    }
  }

  private Process run(Map<String, String> inputs) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", Path.of("action/run.sh").toAbsolutePath()
        .toString()).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    // Whatever the machine running the suite has set must not leak into the fake runner.
    env.keySet().removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("SECAUDIT_")
        || k.startsWith("INPUT_") || k.startsWith("RUNNER_"));
    Files.createDirectories(dir.resolve("runner-temp"));
    env.put("RUNNER_TEMP", dir.resolve("runner-temp").toString());
    env.put("GITHUB_OUTPUT", dir.resolve("github-output").toString());
    env.put("GITHUB_PATH", dir.resolve("github-path").toString());
    env.put("GITHUB_STEP_SUMMARY", dir.resolve("step-summary.md").toString());
    env.put("GITHUB_WORKSPACE", dir.toString());
    env.putAll(inputs);
    return pb.start();
  }

  @Test
  void scansAUrlWritesOutputsSummaryAndSarif() throws Exception {
    Path installable = installable().toAbsolutePath();
    assertThat(installable).exists();
    try (DemoTarget target = DemoTarget.start()) {
      Path ca = Files.writeString(dir.resolve("ca.pem"), target.certificatePem());
      Process p = run(Map.of("INPUT_URL", target.httpsUrl() + "/", "INPUT_FAIL_ON", "medium",
          "INPUT_FORMATS", "json,sarif", "INPUT_OUTPUT", "report", "INPUT_ARGS",
          "--ca-file " + ca, "INPUT_ARCHIVE", installable.toString()));
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes());
      int code = p.exitValue();
      // The demo site fails medium-severity checks (its TLS probes no longer err, and nothing
      // high fails on it); the plain-HTTP redirect may be unreachable.
      assertThat(code).as(out).isIn(ExitCode.FAILED.code, ExitCode.INCOMPLETE.code);
      // Failures are annotated on the policy the built-in profile wrote: ::error at or above
      // the gate, ::warning below it.
      assertThat(out).containsPattern("::(error|warning) file=report/policy\\.yaml,line=");
      if (code == ExitCode.FAILED.code) {
        assertThat(out).contains("::error file=report/policy.yaml,line=");
      }

      String outputs = Files.readString(dir.resolve("github-output"));
      assertThat(outputs).contains("exit-code=" + code + "\n", "report-dir=report\n",
          "sarif=report/results.sarif\n");
      JsonNode sarif = new ObjectMapper().readTree(dir.resolve("report/results.sarif").toFile());
      assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
      assertThat(sarif.at("/runs/0/results").size()).isPositive();
      assertThat(dir.resolve("report/scan.json")).exists();
      assertThat(dir.resolve("report/report.html")).doesNotExist();

      String summary = Files.readString(dir.resolve("step-summary.md"));
      assertThat(summary).startsWith("### secaudit scan (exit " + code + ")")
          .contains("gate: ").doesNotContain("::error");
      if (installable.toString().endsWith(".tar.gz")) {
        assertThat(Files.readString(dir.resolve("github-path")).trim())
            .isEqualTo(dir.resolve("runner-temp/secaudit/bin").toString());
      }
    }
  }

  @Test
  void aMissingArchiveOrAnUntaggedRefIsAnAnnotatedUsageError() throws Exception {
    Process missing = run(Map.of("INPUT_ARCHIVE", dir.resolve("none.tar.gz").toString()));
    assertThat(missing.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(missing.exitValue()).isEqualTo(ExitCode.USAGE.code);
    assertThat(new String(missing.getInputStream().readAllBytes()))
        .contains("::error title=secaudit action::no release archive at");

    Process untagged = run(Map.of("GITHUB_ACTION_REPOSITORY", "acme/secaudit",
        "GITHUB_ACTION_REF", "main"));
    assertThat(untagged.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(untagged.exitValue()).isEqualTo(ExitCode.USAGE.code);
    assertThat(new String(untagged.getInputStream().readAllBytes()))
        .contains("'main' is not a release tag");
  }
}
