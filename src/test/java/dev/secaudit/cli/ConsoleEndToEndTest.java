package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console report of the real demo (its HTTPS target on loopback, its configs and logs) read
 * as a person at an 80-column terminal reads it: the gate first and last, every line within 80
 * columns, status and severity in their own columns, only what needs attention listed with counts
 * of the rest, five findings to fix first, and an unreachable target as one line with its reason.
 */
class ConsoleEndToEndTest {
  @TempDir Path dir;

  private static final String FINDING_LINE =
      "  (FAIL|ERROR|WARN|MANUAL|WAIVED|INFO|SKIPPED|PASS)\\s+ (info|low|medium|high|critical)"
          + "\\s+ \\S.*";

  @Test
  void theDemoAtEightyColumnsAnswersDidWePassAndWhatToFixFirst() {
    Cli.Result r = Cli.run("demo", "-o", dir.resolve("out").toString(), "--color", "never");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = Arrays.asList(r.out().split("\n"));
    assertThat(lines).allSatisfy(l -> assertThat(l.codePointCount(0, l.length()))
        .as(l).isLessThanOrEqualTo(80));
    // The verdict within the first lines (after the demo's own two and the run's header).
    assertThat(lines.subList(0, 6)).anyMatch(l -> l.startsWith("gate: FAILED: "));
    // A status never runs into its severity, and only FAIL, ERROR and WARN are listed.
    List<String> listed = lines.stream().filter(l -> l.matches(FINDING_LINE)).toList();
    assertThat(listed).isNotEmpty().allMatch(l -> l.matches("  (FAIL|ERROR|WARN) .*"));
    assertThat(r.out()).doesNotContainPattern("(FAIL|ERROR|WARN|SKIPPED|MANUAL|PASS)"
        + "(info|low|medium|high|critical)");
    assertThat(r.out().replace("\n  ", " ")).containsPattern("(?m)^not listed: \\d+ manual,"
        + " \\d+ info, \\d+ not applicable, \\d+ pass \\(-v lists every finding\\)$");
    int fix = lines.indexOf("fix first:");
    assertThat(lines.subList(fix + 1, fix + 6)).allMatch(l -> l.startsWith("  FAIL "));
    assertThat(lines.subList(fix + 1, fix + 4)).allMatch(l -> l.contains(" high "));
    assertThat(lines.get(fix + 6)).startsWith("gate: FAILED: ");
    // The nginx finding points at its line.
    assertThat(r.out()).contains("config.nginx.tls_protocols [nginx.conf:4 server");

    Cli.Result all = Cli.run("demo", "-o", dir.resolve("all").toString(), "--color", "never",
        "-v");
    assertThat(all.out()).containsPattern("(?m)^  PASS   \\w+ +\\S").doesNotContain("not listed:")
        .doesNotContain("fix first:");
  }

  @Test
  void anUnreachableTargetIsOneLineWithItsReason() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "version: 1\nname: down\nsettings: {timeouts: {connect: 2s,"
        + " read: 2s, total: 5s}}\ntargets:\n  - {name: api, url: \"https://127.0.0.1:" + closed
        + "\"}\ntls: {min_version: \"1.2\"}\nhsts: {min_max_age: 31536000}\n");
    Cli.Result r = Cli.run(Map.of(), null, "scan", "-p", policy.toString(), "--color", "never",
        "--fail-on", "critical");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    List<String> about = Arrays.stream(r.out().split("\n"))
        .filter(l -> l.startsWith("api ")).toList();
    assertThat(about).hasSize(1);
    assertThat(about.get(0)).contains("UNREACHABLE: ").contains("connection refused");
    assertThat(r.out()).containsPattern("\\(\\d+ checks\\s+not judged\\)");
    assertThat(r.out()).doesNotContainPattern("(?m)^  ERROR ");
    assertThat(r.out()).contains("gate: incomplete");
    // The longest gate sentence and the note on where reports go wrap at 80 columns too.
    assertThat(r.out().split("\n")).allSatisfy(l -> assertThat(l.length()).as(l)
        .isLessThanOrEqualTo(80));
    assertThat(r.out().replace("\n  ", " ")).contains("(no failure at or above critical)")
        .contains("and SARIF (e.g. -o reports/down), or -f FORMAT for one on standard output");
  }
}
