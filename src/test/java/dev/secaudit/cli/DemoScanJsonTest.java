package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.ContractJson;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanSummary;
import dev.secaudit.report.DatabindScanJson;
import dev.secaudit.report.ScanJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's scan.json, as the streaming writer wrote it, is byte for byte what databind writes
 * from the same records with the same summary, and reads back as a scan that writes the same
 * bytes again.
 */
class DemoScanJsonTest {
  @TempDir Path dir;

  @Test
  void theDemosScanJsonIsWhatDatabindWroteAndReadsBack() throws Exception {
    Path file = DemoGoldenTest.demo(dir).resolve("scan.json");
    String written = Files.readString(file);
    ScanResult scan = ScanJson.read(file);
    ObjectMapper json = ContractJson.mapper();
    ScanSummary summary = json.treeToValue(json.readTree(written).get("summary"),
        ScanSummary.class);
    assertThat(written).isEqualTo(DatabindScanJson.write(scan, summary));
    String again = ScanJson.toJson(scan);
    assertThat(again).isEqualTo(DatabindScanJson.write(scan, null));
    assertThat(ScanJson.read("again.json", again.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(scan);
  }
}
