package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scan.json stays readable across the additions of waivers and baselines. */
class ScanJsonCompatibilityTest {
  @TempDir Path dir;

  @Test
  void aScanWrittenBeforeWaiversAndBaselinesStillReads() throws Exception {
    ScanResult scan = ReportFixture.scan();
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(scan));
    tree.remove("waivers");
    tree.remove("baseline");
    for (JsonNode f : tree.get("findings")) {
      ((ObjectNode) f).remove("baseline");
    }
    Path old = dir.resolve("old.json");
    Files.writeString(old, tree.toPrettyString());
    ScanResult read = ScanJson.read(old);
    assertThat(read).isEqualTo(scan);
    assertThat(read.waivers()).isEmpty();
    assertThat(read.baseline()).isNull();
  }

  @Test
  void newFieldsRoundTrip() throws Exception {
    ScanResult scan = ReportFixture.scan();
    ScanResult marked = scan.withBaseline(
        scan.findings().stream().map(f -> f.withBaseline(Finding.BaselineState.NEW)).toList(),
        new ScanResult.Baseline("old/scan.json", "run-1", ReportFixture.STARTED, 3, 4,
            java.util.List.of(scan.findings().get(0).withBaseline(
                Finding.BaselineState.RESOLVED))));
    Path file = dir.resolve("scan.json");
    Files.writeString(file, ScanJson.toJson(marked));
    assertThat(ScanJson.read(file)).isEqualTo(marked);
  }
}
