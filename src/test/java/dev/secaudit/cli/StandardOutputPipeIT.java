package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secaudit.demo.DemoTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar in a shell pipeline, as a CI step runs it: {@code secaudit scan -f json |
 * python3 …} and {@code -o - -f csv | python3 …}, with {@code pipefail} so the step's status is
 * secaudit's gate. Standard output must be the report alone for the parser on the right to take
 * it. An integration test: it needs target/secaudit.jar, and python3 on the PATH.
 */
class StandardOutputPipeIT {
  @TempDir Path dir;

  private record Piped(int code, String out, String err) {}

  private Piped pipe(String right, String... scanArgs) throws Exception {
    Path jar = Path.of("target/secaudit.jar").toAbsolutePath();
    assertThat(jar).exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail; \"$JAVA\" -jar"
        + " \"$JAR\" scan -p policy.yaml --color never " + String.join(" ", scanArgs)
        + " | python3 -c \"$RIGHT\"").directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SECAUDIT_") || k.startsWith("GITHUB_"));
    pb.environment().put("JAVA", java);
    pb.environment().put("JAR", jar.toString());
    pb.environment().put("RIGHT", right);
    Path err = dir.resolve("stderr.txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    return new Piped(p.exitValue(), out, Files.readString(err));
  }

  @Test
  void scanJsonAndFindingsCsvPipeIntoParsers() throws Exception {
    assumeTrue(new ProcessBuilder("python3", "--version").start().waitFor() == 0,
        "python3 is not on the PATH");
    try (DemoTarget target = DemoTarget.start()) {
      DemoPolicyFiles.write(dir, target);

      Piped json = pipe("import json, sys\n"
          + "d = json.load(sys.stdin)\n"
          + "assert d['summary']['findings'] == len(d['findings'])\n"
          + "print(d['summary']['gate']['outcome'])", "-f", "json");
      // The demo fails its gate, so pipefail hands on secaudit's exit code 1.
      assertThat(json.code()).as(json.err()).isEqualTo(ExitCode.FAILED.code);
      assertThat(json.out()).isEqualTo("FAILED\n");
      assertThat(json.err()).contains("gate: FAILED");

      Piped csv = pipe("import csv, sys\n"
          + "rows = list(csv.DictReader(sys.stdin))\n"
          + "order = ['fail', 'error', 'warn', 'manual', 'waived', 'info', 'skipped',"
          + " 'not_applicable', 'pass']\n"
          + "keys = [(0 if r['status'] in ('fail', 'error') else order.index(r['status']),"
          + " int(r['severity_rank'] or 9), order.index(r['status'])) for r in rows]\n"
          + "assert keys == sorted(keys), 'what to fix first'\n"
          + "print(len(rows), rows[0]['status'] != '')", "-o", "-", "-f", "csv", "-q");
      assertThat(csv.code()).as(csv.err()).isEqualTo(ExitCode.FAILED.code);
      assertThat(csv.out()).matches("\\d+ True\n");
      assertThat(dir.resolve("-")).doesNotExist();
    }
  }
}
