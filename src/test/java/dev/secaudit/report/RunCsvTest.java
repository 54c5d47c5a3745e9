package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Grade;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** run.csv: the run said once, beside findings.csv, joined to it by run_id. */
class RunCsvTest {
  @Test
  void oneRowWithTheRunTheGateTheGradeAndTheCounts() throws Exception {
    ScanResult scan = ReportFixture.scan();
    List<Finding> failing = scan.findings().stream()
        .filter(f -> GateVerdict.fails(f, Severity.HIGH, false)).toList();
    GateVerdict gate = new GateVerdict(failing.isEmpty() ? GateVerdict.Outcome.INCOMPLETE
        : GateVerdict.Outcome.FAILED, failing, 0, 1, Severity.HIGH, false);
    StringWriter out = new StringWriter();
    new RunCsv(false).render(scan, gate, out);
    List<CSVRecord> rows;
    try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
        .get().parse(new StringReader(out.toString()))) {
      assertThat(parser.getHeaderNames()).isEqualTo(RunCsv.COLUMNS);
      rows = parser.getRecords();
    }
    assertThat(rows).hasSize(1);
    CSVRecord r = rows.get(0);
    assertThat(r.get("run_id")).isEqualTo(scan.run().id());
    assertThat(CsvReportTest.spreadsheetTime(r.get("run_started"))).isEqualTo(scan.run().started());
    assertThat(CsvReportTest.spreadsheetTime(r.get("run_finished"))).isEqualTo(scan.run().finished());
    assertThat(r.get("tool_version")).isEqualTo(scan.run().toolVersion());
    assertThat(r.get("policy_file")).isEqualTo(scan.run().policyFile());
    assertThat(r.get("policy_name")).isEqualTo(scan.run().policyName());
    assertThat(r.get("policy_sha256")).isEqualTo(scan.run().policySha256());
    assertThat(r.get("frameworks")).isEqualTo(String.join(" ", scan.run().frameworks()));
    assertThat(r.get("fail_on")).isEqualTo("high");
    assertThat(r.get("gate")).isEqualTo(gate.outcome().name().toLowerCase(Locale.ROOT));
    assertThat(r.get("gate_reason")).isEqualTo(gate.reason());
    assertThat(r.get("grade")).isEqualTo(Grade.of(scan).label());
    assertThat(Integer.parseInt(r.get("findings"))).isEqualTo(scan.findings().size());
    for (Status s : Status.values()) {
      assertThat(Long.parseLong(r.get(s.name().toLowerCase(Locale.ROOT)))).as(s.name())
          .isEqualTo(scan.findings().stream().filter(f -> f.status() == s).count());
    }
  }
}
