package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.demo.DemoTarget;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path against a real HTTPS server on loopback (the demo target): policy → probes →
 * checks → findings → reports, through the CLI, with every report parsed back.
 */
class ScanEndToEndTest {
  @TempDir static Path dir;
  static DemoTarget target;
  static Cli.Result scan;
  static Path out;

  @BeforeAll
  static void scanTheDemoTarget() throws Exception {
    target = DemoTarget.start();
    Path file = DemoPolicyFiles.write(dir, target);
    out = dir.resolve("out");
    scan = Cli.run("scan", "-p", file.toString(), "-o", out.toString(), "--color", "never");
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @Test
  void exitCodeReflectsTheDemoFailures() {
    assertThat(scan.code()).as(scan.out() + scan.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(scan.out()).contains("hsts.max_age").contains("gate: FAILED")
        .doesNotContain("\u001b[");
  }

  @Test
  void jsonIsTheVersionedContractAndHoldsNoSecretValues() throws Exception {
    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    assertThat(json.get("schema").asText()).isEqualTo(dev.secaudit.model.ScanResult.SCHEMA);
    assertThat(json.at("/run/policy_sha256").asText()).hasSize(64);
    assertThat(json.get("findings").size()).isGreaterThan(20);
    List<String> ids = new ArrayList<>();
    json.get("artifacts").forEach(a -> ids.add(a.get("id").asText()));
    for (JsonNode f : json.get("findings")) {
      assertThat(f.get("check_id").asText()).isNotBlank();
      if (!f.get("check_id").asText().equals("claim.attestation")) {
        f.get("evidence").forEach(e -> assertThat(ids).contains(e.asText()));
      }
    }
    String raw = Files.readString(out.resolve("scan.json"));
    // The demo's cookies carry random values; only the redaction marker may appear.
    assertThat(raw).contains("session=[REDACTED]").doesNotContainPattern("session=[A-Za-z0-9_-]{8,}");
  }

  @Test
  void aClaimIsNeverVerifiedWhileOneOfItsChecksFails() throws Exception {
    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    JsonNode verified = null;
    boolean hstsFailed = false;
    for (JsonNode f : json.get("findings")) {
      if (f.get("check_id").asText().equals("claim.verified")
          && f.get("subject").asText().equals("transport.encryption")) {
        verified = f;
      }
      hstsFailed |= f.get("check_id").asText().startsWith("hsts.")
          && f.get("status").asText().equals("FAIL");
    }
    assertThat(hstsFailed).isTrue();
    assertThat(verified).isNotNull();
    assertThat(verified.get("status").asText()).isEqualTo("FAIL");
    assertThat(verified.get("observed").asText()).contains("hsts.max_age");
    assertThat(verified.get("mappings").toString()).contains("soc2:CC6.7");
  }

  @Test
  void htmlIsSelfContainedAndCitesEvidence() throws Exception {
    Document doc = Jsoup.parse(out.resolve("report.html").toFile(), "UTF-8");
    // One inline script (the findings filters), allowed by its hash; nothing loads.
    assertThat(doc.select("script:not([type])")).hasSize(1);
    assertThat(doc.select("script[src]")).isEmpty();
    assertThat(doc.select("meta[http-equiv=Content-Security-Policy]")).hasSize(1);
    assertThat(doc.select("[src^=http], link[href^=http]")).isEmpty();
    assertThat(doc.text()).contains("CC6.7").contains("8.24").contains("hsts.max_age");
  }

  @Test
  void csvHasOneRowPerFinding() throws Exception {
    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    try (Reader r = Files.newBufferedReader(out.resolve("findings.csv"), StandardCharsets.UTF_8)) {
      List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
          .get().parse(r).getRecords();
      assertThat(rows).hasSize(json.get("findings").size());
      assertThat(rows).allSatisfy(row -> assertThat(row.get("run_id"))
          .isEqualTo(json.at("/run/id").asText()));
    }
    // The run itself is said once, in run.csv beside it.
    try (Reader r = Files.newBufferedReader(out.resolve("run.csv"), StandardCharsets.UTF_8)) {
      List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
          .get().parse(r).getRecords();
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).get("policy_sha256")).isEqualTo(json.at("/run/policy_sha256").asText());
      assertThat(rows.get(0).get("gate")).isEqualTo("failed");
      assertThat(rows.get(0).get("findings")).isEqualTo(Integer.toString(json.get("findings").size()));
    }
  }

  @Test
  void reportFromScanJsonReproducesTheSameFiles() throws Exception {
    for (String[] f : List.of(new String[] {"html", "report.html"},
        new String[] {"csv", "findings.csv"}, new String[] {"json", "scan.json"})) {
      Path again = dir.resolve("again." + f[0]);
      Cli.Result r = Cli.run(Map.of(), null, "report", "--from", out.resolve("scan.json").toString(),
          "--format", f[0], "-o", again.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.FAILED.code);
      assertThat(Files.readAllBytes(again)).as(f[1]).isEqualTo(Files.readAllBytes(out.resolve(f[1])));
    }
  }

  @Test
  void sarifAndJunitOfTheWholeScanAreValid() throws Exception {
    JsonNode schema;
    try (java.io.InputStream in = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      schema = new ObjectMapper().readTree(in);
    }
    JsonNode sarif = new ObjectMapper().readTree(out.resolve("results.sarif").toFile());
    assertThat(com.networknt.schema.JsonSchemaFactory
        .getInstance(com.networknt.schema.SpecVersion.VersionFlag.V7).getSchema(schema)
        .validate(sarif)).isEmpty();
    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    // Each finding is a test case of its own, named by its key.
    java.util.List<String> cases = new java.util.ArrayList<>();
    int failing = 0;
    // One case per finding key; the scan ran at the default gate (low, every FAIL fails it).
    for (JsonNode f : json.get("findings")) {
      String status = f.get("status").asText();
      cases.add(f.get("target").asText() + "|" + f.get("check_id").asText() + "|"
          + f.get("subject").asText());
      failing += status.equals("FAIL") ? 1 : 0;
    }
    org.w3c.dom.Document junit = javax.xml.parsers.DocumentBuilderFactory.newInstance()
        .newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
    assertThat(junit.getElementsByTagName("testcase").getLength()).isEqualTo(cases.size());
    assertThat(junit.getElementsByTagName("failure").getLength()).isEqualTo(failing)
        .isGreaterThan(0);
  }

  @Test
  void reportFromABrokenFileIsAUsageError() throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"schema\": \"secaudit.scan/1\", \"findings\": [");
    Cli.Result r = Cli.run("report", "--from", broken.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("broken.json").contains("not a valid scan JSON");
    Files.writeString(broken, "{\"schema\": \"other/9\"}");
    assertThat(Cli.run("report", "--from", broken.toString()).err()).contains("schema 'other/9'");
  }
}
