package dev.secaudit.check.retention;

import static dev.secaudit.check.retention.RetentionScan.only;
import static dev.secaudit.check.retention.RetentionScan.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real commands, run without a shell of ours: sh is the program the policy names. */
class CommandRetentionTest {
  @TempDir Path dir;

  @Test
  void timestampsPrintedOnePerLineAreJudged() {
    ScanResult r = run(dir, """
          - name: exports
            max_age: 30d
            source:
              command:
                argv: [sh, -c, "printf '2026-11-01T00:00:00Z\\\\n2026-11-15 08:30:00+00\\\\n\\\\n2026-11-19\\\\n'"]
        """);
    Finding f = only(r);
    // The oldest is under the window: nothing printed was old enough to have been deleted.
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).isEqualTo("timestamps older than 30d: none of 3; oldest 19d 12h"
        + " (line 1), under the 30d window: no deletion observed yet (nothing listed was old"
        + " enough to be deleted)");
    Artifact output = r.artifacts().get(0);
    assertThat(output.kind()).isEqualTo(ArtifactKind.Known.COMMAND_OUTPUT);
    assertThat(output.content()).contains("exit status 0").contains("2026-11-15 08:30:00+00");
    assertThat(f.evidence()).containsExactly(output.id());
  }

  @Test
  void aPatternPicksTimestampsAndSkipsOtherLines() {
    Finding f = only(run(dir, """
          - name: exports
            max_age: 7d
            source:
              command:
                argv: [sh, -c, "echo 'id | created'; echo '7 | created=2026-10-01T10:00:00+02:00'; echo '(1 row)'"]
                pattern: "created=(\\\\S+)"
        """));
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("timestamps older than 7d: 1 of 1; oldest 50d 4h"
        + " (line 2)");
  }

  @Test
  void aCommandThatHangsIsKilledWithItsChildrenAndReportedAsAnError() throws Exception {
    Path pid = dir.resolve("child.pid");
    long t0 = System.nanoTime();
    ScanResult r = run(dir, """
          - name: exports
            max_age: 30d
            source:
              command:
                argv: [sh, -c, "sleep 300 & echo $! > child.pid; wait"]
                timeout: 1s
        """);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    Finding f = only(r);
    assertThat(f.status()).isEqualTo(Status.ERROR);
    assertThat(f.observed()).isEqualTo("did not finish within 1s; it and the processes it"
        + " started were killed");
    assertThat(millis).isLessThan(15_000);
    long child = Long.parseLong(Files.readString(pid).strip());
    // The kill was sent; the exit may take a moment to be reaped.
    ProcessHandle.of(child).ifPresent(h -> h.onExit().join());
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aFailingCommandOrAnUnparsableLineIsAnError() {
    Finding exit = only(run(dir, """
          - {name: exports, max_age: 30d, source: {command: {argv: [sh, -c, "echo nope >&2; exit 3"]}}}
        """));
    assertThat(exit.status()).isEqualTo(Status.ERROR);
    assertThat(exit.observed()).isEqualTo("exited with status 3: nope");

    Finding junk = only(run(dir, """
          - {name: exports, max_age: 30d, source: {command: {argv: [sh, -c, "echo 2026-11-01; echo soon"]}}}
        """));
    assertThat(junk.status()).isEqualTo(Status.ERROR);
    assertThat(junk.observed()).isEqualTo("line 2 is not an ISO-8601 timestamp: 'soon'");

    Finding missing = only(run(dir, """
          - {name: exports, max_age: 30d, source: {command: {argv: [no-such-program-here]}}}
        """));
    assertThat(missing.status()).isEqualTo(Status.ERROR);
    assertThat(missing.observed()).startsWith("could not start no-such-program-here");
  }

  @Test
  void outputBeyondTheCapIsAnErrorNotAMemoryProblem() {
    ScanResult r = run(dir, """
          - {name: exports, max_age: 30d, source: {command: {argv: [sh, -c, "head -c 3000000 /dev/zero | tr '\\\\0' 'a'"]}}}
        """);
    Finding f = only(r);
    assertThat(f.status()).isEqualTo(Status.ERROR);
    assertThat(f.observed()).isEqualTo("printed 3000000 bytes, more than the 1048576 read;"
        + " select only the timestamps (or the oldest one)");
    assertThat(r.artifacts().get(0).content().length()).isLessThan(1_100_000);
  }

  @Test
  void secretsInArgumentsAndOutputAreRedacted() {
    ScanResult r = run(dir, """
          - name: exports
            max_age: 30d
            source:
              command:
                argv: [sh, -c, "echo ${env:DB_PASSWORD} >&2; echo 2026-11-19T00:00:00Z"]
        """, Map.of("DB_PASSWORD", "hunter2-secret"));
    Finding f = only(r);
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.subject()).doesNotContain("hunter2-secret").contains("[REDACTED]");
    assertThat(r.artifacts().get(0).content()).doesNotContain("hunter2-secret")
        .contains("# stderr: [REDACTED]");
  }
}
