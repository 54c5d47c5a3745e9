package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The formats written at the same time: each file as the format renders it alone, listed in the
 * order asked for, and a format that cannot be written fails the whole call with its own error.
 */
class ReportSetTest {
  @TempDir Path dir;

  private static GateVerdict gate(ScanResult scan) {
    List<Finding> failing = scan.findings().stream()
        .filter(f -> GateVerdict.fails(f, Severity.HIGH, false)).toList();
    return new GateVerdict(GateVerdict.Outcome.FAILED, failing, 1, 1, Severity.HIGH, false);
  }

  private static CheckDescriptions checks() {
    return StandardChecks.catalog().descriptions();
  }

  @Test
  void everyFormatIsWrittenAsItRendersAloneInTheOrderAskedFor() throws Exception {
    ScanResult scan = ReportFixture.scan();
    List<Path> written = ReportSet.write(scan, gate(scan), dir, ReportSet.all(), checks());
    assertThat(written.stream().map(p -> p.getFileName().toString())).containsExactly(
        "scan.json", "report.html", "findings.csv", RunCsv.FILE_NAME, "junit.xml",
        "results.sarif");
    for (ReportSet.Format f : ReportSet.all()) {
      StringWriter alone = new StringWriter();
      ReportSet.render(scan, gate(scan), f, checks(), alone);
      assertThat(Files.readString(dir.resolve(f.fileName))).as(f.fileName)
          .isEqualTo(alone.toString());
    }
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void aFormatThatCannotBeWrittenFailsTheCallWithItsOwnError() throws Exception {
    ScanResult scan = ReportFixture.scan();
    // A folder where the SARIF file goes: the move into place fails, the other formats do not.
    Files.createDirectories(dir.resolve("results.sarif").resolve("taken"));
    assertThatThrownBy(() -> ReportSet.write(scan, gate(scan), dir, ReportSet.all(), checks()))
        .isInstanceOf(IOException.class).hasMessageContaining("results.sarif");
    // The formats that were written are taken back: no later job reads a run's reports in part.
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("results.sarif");
    }
  }

  @Test
  void aLandingThatRefusesLeavesTheFolderAsItWas() throws Exception {
    ScanResult scan = ReportFixture.scan();
    ReportSet.write(scan, gate(scan), dir, ReportSet.all(), checks());
    java.util.Map<String, byte[]> before = new java.util.TreeMap<>();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        before.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    ScanResult later = scan.withFindings(scan.findings().subList(1, scan.findings().size()));
    boolean[] asked = {false};
    List<Path> written = ReportSet.write(later, gate(later), dir, ReportSet.all(), checks(),
        false, moves -> {
          asked[0] = true;
          return false;
        });
    assertThat(asked[0]).isTrue();
    assertThat(written).isEmpty();
    try (var files = Files.list(dir)) {
      List<Path> now = files.toList();
      assertThat(now.stream().map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(before.keySet());
      for (Path p : now) {
        assertThat(Files.readAllBytes(p)).as(p.toString())
            .isEqualTo(before.get(p.getFileName().toString()));
      }
    }
  }
}
