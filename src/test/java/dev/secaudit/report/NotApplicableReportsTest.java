package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Grade;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.model.Value;
import dev.secaudit.scan.Gate;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * NOT_APPLICABLE through every format, each read back as its readers read it: neither pass nor
 * fail, never the gate's, out of the grade, and beside a compliance row rather than its status
 * (reports25: PASS "nothing to staple", "no DHE suite accepted", "not sent (optional)").
 */
class NotApplicableReportsTest {
  static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  private static Finding finding(String check, String subject, Status status, String observed,
      Value value, String evidence) {
    return Finding.builder(check).target("app").subject(subject).status(status)
        .severity(Severity.HIGH).title(check).expected("x").observed(observed, value)
        .evidence(List.of(evidence)).time(T).mappings(List.of(Mapping.parse("soc2:CC6.7")))
        .build();
  }

  private static ScanResult scan(List<Finding> findings) {
    RunInfo run = new RunInfo("run-na", "secaudit", "0.1.0", T, T.plusSeconds(3), "p.yaml", "p",
        "ab".repeat(32), List.of("secaudit", "scan"), "low", List.of("soc2"));
    return new ScanResult(ScanResult.SCHEMA, run,
        List.of(new TargetState("app", "https://app.test", TargetState.State.EVALUATED, "")),
        findings, List.of(Artifact.of("tls-app-1", "app", ArtifactKind.of("tls-suites"), T,
            "suites", "TLS 1.2: ECDHE only")), List.of());
  }

  private static ScanResult mixed() {
    return scan(List.of(
        finding("hsts.max_age", "", Status.PASS, "max-age=63072000 (730 days)",
            new Value.Duration(63072000), "tls-app-1"),
        finding("tls.dh_params", "DHE parameters", Status.NOT_APPLICABLE,
            "no finite-field DHE suite accepted on app.test:443",
            new Value.Presence("finite-field DHE suite", false), "tls-app-1"),
        finding("tls.certificate.ocsp_stapling", "certificate of app.test:443",
            Status.NOT_APPLICABLE, "no OCSP response stapled (optional); the certificate names"
                + " no OCSP responder, so there is nothing to staple",
            new Value.Presence("ocsp_responder", false), "tls-app-1")));
  }

  @Test
  void everyFormatReadsBackNotApplicableAsNeitherPassNorFail() throws Exception {
    ScanResult scan = mixed();
    GateVerdict gate = Gate.of(scan, Severity.LOW);
    assertThat(gate.outcome()).isEqualTo(GateVerdict.Outcome.PASSED);
    assertThat(gate.reason()).doesNotContain("not tested");
    Grade grade = Grade.of(scan);
    assertThat(grade.label()).isEqualTo("A");
    ReportSet.write(scan, gate, dir, ReportSet.all(), StandardChecks.catalog().descriptions());

    // scan.json: the status by name, the summary's key, and report --from reads it back.
    JsonNode json = new ObjectMapper().readTree(dir.resolve("scan.json").toFile());
    assertThat(json.path("schema").asText()).isEqualTo("secaudit.scan/1.6");
    assertThat(json.at("/summary/by_status/NOT_APPLICABLE").asInt()).isEqualTo(2);
    assertThat(json.at("/summary/by_status/PASS").asInt()).isEqualTo(1);
    assertThat(json.at("/findings/1/status").asText()).isEqualTo("NOT_APPLICABLE");
    assertThat(json.at("/findings/1/observed_value/present").asBoolean(true)).isFalse();
    try (ScanReader reader = ScanReader.open(dir.resolve("scan.json"))) {
      assertThat(reader.readAll().findings()).extracting(Finding::status)
          .containsExactly(Status.PASS, Status.NOT_APPLICABLE, Status.NOT_APPLICABLE);
    }

    // findings.csv and run.csv: the status in the row, and its count appended after pass.
    Map<String, String> status = new java.util.HashMap<>();
    for (CSVRecord r : csv(dir.resolve("findings.csv"))) {
      status.put(r.get("check_id"), r.get("status"));
    }
    assertThat(status).containsEntry("tls.dh_params", "not_applicable")
        .containsEntry("hsts.max_age", "pass");
    List<CSVRecord> run = csv(dir.resolve(RunCsv.FILE_NAME));
    assertThat(RunCsv.COLUMNS.get(RunCsv.COLUMNS.size() - 1)).isEqualTo("not_applicable");
    assertThat(RunCsv.COLUMNS.get(RunCsv.COLUMNS.size() - 2)).isEqualTo("pass");
    assertThat(run).singleElement().satisfies(r -> {
      assertThat(r.get("not_applicable")).isEqualTo("2");
      assertThat(r.get("pass")).isEqualTo("1");
      assertThat(r.get("gate")).isEqualTo("passed");
    });

    // JUnit: skipped, saying why.
    org.w3c.dom.Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(dir.resolve("junit.xml").toFile());
    Element root = junit.getDocumentElement();
    assertThat(root.getAttribute("skipped")).isEqualTo("2");
    assertThat(root.getAttribute("failures")).isEqualTo("0");
    NodeList skipped = junit.getElementsByTagName("skipped");
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < skipped.getLength(); i++) {
      messages.add(((Element) skipped.item(i)).getAttribute("message"));
    }
    assertThat(messages).anySatisfy(m -> assertThat(m)
        .startsWith("not applicable: [DHE parameters] no finite-field DHE suite accepted"));

    // SARIF: no result for it, as for a PASS (code scanning opens an alert for any result).
    JsonNode sarif = new ObjectMapper().readTree(dir.resolve("results.sarif").toFile());
    assertThat(sarif.at("/runs/0/results")).isEmpty();

    // HTML: the count, the legend, the row, and the compliance row's status and note.
    Document html = Jsoup.parse(dir.resolve("report.html").toFile(), "UTF-8");
    assertThat(html.select(".legend li").eachText()).contains("NOT_APPLICABLE");
    assertThat(html.select("td .st-not_applicable, span.st-not_applicable")).isNotEmpty();
    var cc67 = html.select("tr[id^=r-soc2-CC6]").stream()
        .filter(tr -> tr.text().startsWith("CC6.7")).findFirst().orElseThrow();
    assertThat(cc67.select(".badge, span").eachText()).contains("PASS");
    assertThat(cc67.select(".basis").text()).isEqualTo("on 1 check: hsts.max_age");
    assertThat(cc67.select(".asides").text()).isEqualTo("Beside it, not in its status: 2 not"
        + " applicable (tls.certificate.ocsp_stapling, tls.dh_params)");
  }

  @Test
  void aScanOfNotApplicableFindingsAloneJudgedNothing() {
    ScanResult scan = scan(mixed().findings().subList(1, 3));
    GateVerdict gate = Gate.of(scan, Severity.LOW);
    // Nothing was judged: no "passed", and no letter.
    assertThat(gate.outcome()).isEqualTo(GateVerdict.Outcome.INCOMPLETE);
    assertThat(gate.reason()).contains("nothing judged");
    assertThat(Grade.of(scan).letter()).isEqualTo(Grade.NOT_GRADED);
  }

  private static List<CSVRecord> csv(Path file) throws Exception {
    try (Reader in = Files.newBufferedReader(file);
        CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
            .parse(in)) {
      return p.getRecords();
    }
  }
}
