package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Grade;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scan.json's summary: derived from the findings and the gate given, read past by readers. */
class ScanJsonSummaryTest {
  @TempDir Path dir;

  private static GateVerdict failedAtHigh(ScanResult scan) {
    List<Finding> failing = scan.findings().stream()
        .filter(f -> GateVerdict.fails(f, Severity.HIGH, false)).toList();
    int errors = (int) scan.findings().stream().filter(f -> f.status() == Status.ERROR).count();
    return new GateVerdict(GateVerdict.Outcome.FAILED, failing, errors, 1, Severity.HIGH, false);
  }

  @Test
  void theSummaryFollowsTheRunAndCountsEveryFinding() throws Exception {
    ScanResult scan = ReportFixture.scan();
    GateVerdict gate = failedAtHigh(scan);
    JsonNode json = ScanJson.mapper().readTree(ScanJson.toJson(scan, gate));
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertThat(fields.subList(0, 3)).containsExactly("schema", "run", "summary");

    JsonNode summary = json.get("summary");
    assertThat(summary.get("findings").asInt()).isEqualTo(scan.findings().size());
    List<String> statuses = new ArrayList<>();
    summary.get("by_status").fieldNames().forEachRemaining(statuses::add);
    assertThat(statuses).containsExactly(names(Status.values()));
    for (Status s : Status.values()) {
      long n = scan.findings().stream().filter(f -> f.status() == s).count();
      assertThat(summary.at("/by_status/" + s.name()).asLong()).as(s.name()).isEqualTo(n);
      for (Severity v : Severity.values()) {
        long both = scan.findings().stream()
            .filter(f -> f.status() == s && f.severity() == v).count();
        assertThat(summary.at("/by_status_and_severity/" + s.name() + "/" + v.name()).asLong())
            .isEqualTo(both);
      }
    }
    for (Severity v : Severity.values()) {
      long n = scan.findings().stream().filter(f -> f.severity() == v).count();
      assertThat(summary.at("/by_severity/" + v.name()).asLong()).as(v.name()).isEqualTo(n);
    }
    assertThat(summary.at("/gate/outcome").asText()).isEqualTo("FAILED");
    assertThat(summary.at("/gate/fail_on").asText()).isEqualTo("HIGH");
    assertThat(summary.at("/gate/failing").asInt()).isEqualTo(gate.failing().size());
    assertThat(summary.at("/gate/reason").asText()).isEqualTo(gate.reason())
        .endsWith("; also incomplete: " + gate.alsoIncomplete());
    Grade grade = Grade.of(scan);
    assertThat(summary.at("/grade/letter").asText()).isEqualTo(grade.letter());
    assertThat(summary.at("/grade/label").asText()).isEqualTo(grade.label());
    assertThat(summary.at("/grade/incomplete").asBoolean()).isEqualTo(grade.incomplete());
    assertThat(summary.at("/grade/reasons").size()).isEqualTo(grade.reasons().size());
  }

  @Test
  void aScanWithASummaryReadsAsTheSameScanAndOneWithoutStillReads() throws Exception {
    ScanResult scan = ReportFixture.scan();
    Path with = dir.resolve("with.json");
    Files.writeString(with, ScanJson.toJson(scan, failedAtHigh(scan)));
    assertThat(ScanJson.read(with)).isEqualTo(scan);

    // A scan.json of schema 1.1 has no summary.
    ObjectNode older = (ObjectNode) ScanJson.mapper().readTree(Files.readString(with));
    older.remove("summary");
    older.put("schema", "secaudit.scan/1.1");
    Path without = dir.resolve("without.json");
    Files.writeString(without, older.toPrettyString());
    assertThat(ScanJson.read(without).findings()).isEqualTo(scan.findings());
  }

  @Test
  void writingWithASummaryChangesNothingElse() throws Exception {
    ScanResult scan = ReportFixture.scan();
    ObjectNode with = (ObjectNode) ScanJson.mapper().readTree(
        ScanJson.toJson(scan, failedAtHigh(scan)));
    with.remove("summary");
    assertThat(with).isEqualTo(ScanJson.mapper().readTree(ScanJson.toJson(scan)));
  }

  private static String[] names(Enum<?>[] values) {
    String[] out = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i].name();
    }
    return out;
  }
}
