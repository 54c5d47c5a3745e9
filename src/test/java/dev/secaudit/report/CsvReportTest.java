package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Location;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CsvReportTest {
  private static ScanResult scan;
  private static String csv;
  private static List<String> header;
  private static List<CSVRecord> records;

  @BeforeAll
  static void render() throws IOException {
    scan = ReportFixture.scan();
    csv = render(scan);
    try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
        .get().parse(new StringReader(csv))) {
      header = parser.getHeaderNames();
      records = parser.getRecords();
    }
  }

  private static String render(ScanResult s) {
    StringWriter out = new StringWriter();
    new CsvReport().render(s, out);
    return out.toString();
  }

  @Test
  void headerRowNamesTheDocumentedColumnsInOrder() {
    assertThat(header).containsExactly("severity_rank", "severity", "status", "target",
        "target_url", "check_id", "subject", "location", "title", "expected", "observed",
        "evidence_ids", "evidence_sha256", "checked_at", "soc2", "gdpr", "iso27001",
        "remediation", "policy_line", "waiver", "run_id");
    assertThat(csv).startsWith(String.join(",", header) + "\r\n").endsWith("\r\n");
  }

  @Test
  void recordsEndInCrlfAndEveryRecordHasEveryColumn() {
    // Outside quoted cells every line break is CRLF; a bare LF occurs only inside a quoted value.
    String withoutCrlf = csv.replace("\r\n", "");
    long bareLf = withoutCrlf.chars().filter(c -> c == '\n').count();
    long lfInValues = scan.findings().stream()
        .mapToLong(f -> (f.observed() + f.expected() + f.subject()).chars()
            .filter(c -> c == '\n').count())
        .sum();
    assertThat(bareLf).isEqualTo(lfInValues);
    assertThat(records).allSatisfy(r -> assertThat(r.size()).isEqualTo(header.size()));
  }

  @Test
  void oneRowPerFinding() {
    assertThat(records).hasSize(scan.findings().size());
    List<String> keys = records.stream()
        .map(r -> r.get("check_id") + "|" + r.get("target") + "|" + unneutralise(r.get("subject")))
        .sorted().toList();
    List<String> expected = scan.findings().stream().map(Finding::key).sorted().toList();
    assertThat(keys).isEqualTo(expected);
  }

  @Test
  void cellsThatWouldRunAsFormulasAreNeutralised() {
    for (CSVRecord r : records) {
      for (String cell : r) {
        assertThat(cell).as("cell %s", cell).doesNotStartWith("=").doesNotStartWith("+")
            .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t")
            .doesNotStartWith("\r");
      }
    }
    CSVRecord custom = row("app", "header.rule", "X-Custom");
    assertThat(custom.get("observed")).isEqualTo("'" + ReportFixture.FORMULA);
    CSVRecord leak = row("app", "header.info_leak", "-X-Debug");
    assertThat(leak.get("subject")).isEqualTo("'-X-Debug");
    assertThat(leak.get("expected")).isEqualTo("'+not sent");
    assertThat(leak.get("observed")).isEqualTo("'@internal");
    CSVRecord skipped = row("api", "security_txt.signature", "");
    assertThat(skipped.get("observed")).isEqualTo("'\tnot fetched\\u000D");
    // Ordinary values are left alone.
    assertThat(dev.secaudit.model.SpreadsheetCells.neutralise("max-age=1")).isEqualTo("max-age=1");
    assertThat(dev.secaudit.model.SpreadsheetCells.neutralise("")).isEmpty();
  }

  /**
   * reports25 LOW 10: values that start with a quote ('nosniff', 'unsafe-eval') are common, and
   * "strip one leading quote" turned them into nosniff'. The documented undo is now exact: the
   * raw value of every cell, formula-like or quoted or both, comes back from its cell alone.
   */
  @Test
  void theDocumentedUndoGivesBackEveryValue() {
    java.util.regex.Pattern neutralised = java.util.regex.Pattern.compile("^'+[=+\\-@\t\r]");
    java.util.Set<String> cells = new java.util.HashSet<>();
    for (String raw : List.of("'nosniff'", "'unsafe-eval'", "=1", "'=1", "''=1", "+SUM(1)",
        "'+SUM(1)", "-2", "@x", "\tx", "'", "''", "max-age=1", "'max-age=300'", "")) {
      String cell = dev.secaudit.model.SpreadsheetCells.neutralise(raw);
      String undone = neutralised.matcher(cell).find() ? cell.substring(1) : cell;
      assertThat(undone).as(cell).isEqualTo(raw);
      assertThat(cells.add(cell)).as("one cell per value: " + cell).isTrue();
      char first = cell.isEmpty() ? 'x' : cell.charAt(0);
      assertThat("=+-@\t\r".indexOf(first)).as(cell).isNegative();
    }
    assertThat(dev.secaudit.model.SpreadsheetCells.neutralise("'nosniff'")).isEqualTo("'nosniff'");
  }

  @Test
  void commasQuotesAndNewlinesRoundTrip() {
    CSVRecord r = row("api", "csp.report_only", "");
    assertThat(r.get("observed")).isEqualTo(ReportFixture.MESSY);
    assertThat(row("app", "csp.unsafe_inline", "script-src").get("observed"))
        .isEqualTo(ReportFixture.SCRIPT);
    Finding claim = scan.findings().stream().filter(f -> f.checkId().equals("claim.attestation"))
        .findFirst().orElseThrow();
    CSVRecord c = row("", "claim.attestation", "passwords.hashing");
    assertThat(c.get("observed")).isEqualTo(claim.observed());
    assertThat(c.get("target_url")).isEmpty();
  }

  @Test
  void valuesComeFromTheFindingAndTheRun() {
    Map<String, String> hashes = new HashMap<>();
    for (Artifact a : scan.artifacts()) {
      hashes.put(a.id(), a.sha256());
    }
    for (Finding f : scan.findings()) {
      CSVRecord r = row(f.target(), f.checkId(), f.subject());
      // The run is said once, in run.csv; run_id joins a row to it.
      assertThat(r.get("run_id")).isEqualTo(scan.run().id());
      // ISO-8601 UTC with its Z: a time without a zone opened as the reader's local time.
      assertThat(r.get("checked_at"))
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
      assertThat(spreadsheetTime(r.get("checked_at"))).isEqualTo(f.time());
      assertThat(r.get("title")).isEqualTo(f.headline());
      assertThat(r.get("severity")).isEqualTo(f.severity().label());
      assertThat(Integer.parseInt(r.get("severity_rank")))
          .isEqualTo(Severity.values().length - f.severity().ordinal());
      assertThat(r.get("location")).isEqualTo(f.location() == null ? "" : f.location().at());
      assertThat(r.get("status")).isEqualTo(f.status().name().toLowerCase(Locale.ROOT));
      assertThat(r.get("evidence_ids")).isEqualTo(String.join(" ", f.evidence()));
      List<String> expectedHashes = f.evidence().stream()
          .map(id -> hashes.getOrDefault(id, CsvReport.MISSING_ARTIFACT)).toList();
      assertThat(r.get("evidence_sha256")).isEqualTo(String.join(" ", expectedHashes));
      for (String fw : List.of("soc2", "gdpr", "iso27001")) {
        // ISO 27001 controls in their Annex A spelling: a bare 8.10 opens as the number 8.1.
        String ids = f.mappings().stream().filter(m -> m.framework().equals(fw))
            .map(m -> (fw.equals("iso27001") ? "A." : "") + m.requirement()).distinct()
            .collect(Collectors.joining(" "));
        assertThat(r.get(fw)).as("%s of %s", fw, f.key()).doesNotMatch("[0-9.]+");
        assertThat(r.get(fw)).as("%s of %s", fw, f.key()).isEqualTo(ids);
      }
      assertThat(r.get("remediation")).isEqualTo(f.remediation());
      assertThat(r.get("policy_line")).isEqualTo(Integer.toString(f.policyLine()));
      if (f.status() == Status.WAIVED) {
        assertThat(r.get("waiver")).contains(f.waiver().id()).contains(f.waiver().approver())
            .contains(f.waiver().expires()).contains(f.waiver().justification());
      } else {
        assertThat(r.get("waiver")).isEmpty();
      }
    }
    assertThat(row("app", "hsts.header", "").get("target_url"))
        .isEqualTo(scan.targets().get(0).url());
    assertThat(row("api", "csp.report_only", "").get("evidence_sha256"))
        .endsWith(" " + CsvReport.MISSING_ARTIFACT);
  }

  @Test
  void outputIsDeterministicAndIndependentOfFindingOrder() {
    assertThat(render(scan)).isEqualTo(csv);
    List<Finding> reversed = new ArrayList<>(scan.findings());
    Collections.reverse(reversed);
    ScanResult shuffled = new ScanResult(scan.schema(), scan.run(), scan.targets(), reversed,
        scan.artifacts(), scan.claims());
    assertThat(render(shuffled)).isEqualTo(csv);
  }

  /** A {@code checked_at} cell read back as the instant it states, zone and all. */
  static Instant spreadsheetTime(String cell) {
    return java.time.OffsetDateTime.parse(cell).toInstant();
  }

  @Test
  void whatToFixFirstThenTargetInPopulationOrderThenCheck() {
    List<String> population = scan.targets().stream().map(t -> t.name()).toList();
    // FAIL and ERROR together, most severe first and a failure before an error of one severity
    // (as the page's fix-first list); then WARN, then the other statuses, each by severity.
    Comparator<CSVRecord> expected = Comparator
        .<CSVRecord>comparingInt(r -> problem(r) ? 0 : Status.valueOf(upper(r)).ordinal())
        .thenComparingInt(r -> r.get("severity_rank").isEmpty() ? 99
            : Integer.parseInt(r.get("severity_rank")))
        .thenComparingInt(r -> Status.valueOf(upper(r)).ordinal())
        .thenComparingInt(r -> population.contains(r.get("target"))
            ? population.indexOf(r.get("target")) : Integer.MAX_VALUE)
        .thenComparing(r -> r.get("target"))
        .thenComparing(r -> r.get("check_id"))
        .thenComparing(r -> unneutralise(r.get("subject")));
    assertThat(records).isSortedAccordingTo(expected);
    // Several severities, statuses and targets occur, so the order above is really exercised:
    // a passing row more severe than the first failure comes after every failure.
    assertThat(records.stream().map(r -> r.get("severity_rank")).distinct().count())
        .isGreaterThan(2);
    assertThat(records.stream().map(r -> r.get("status")).distinct().count()).isGreaterThan(3);
    Severity worstProblem = scan.findings().stream()
        .filter(f -> f.status() == Status.FAIL || f.status() == Status.ERROR)
        .map(Finding::severity).max(Comparator.naturalOrder()).orElseThrow();
    assertThat(records.get(0).get("severity")).isEqualTo(worstProblem.label());
    assertThat(records.get(0).get("status")).isIn("fail", "error");
    int lastProblem = 0;
    int firstPassAbove = Integer.MAX_VALUE;
    for (int i = 0; i < records.size(); i++) {
      CSVRecord r = records.get(i);
      if (problem(r)) {
        lastProblem = i;
      } else if (r.get("status").equals("pass") && !r.get("severity_rank").isEmpty()
          && Integer.parseInt(r.get("severity_rank")) < Severity.values().length - worstProblem
          .ordinal() + 1) {
        firstPassAbove = Math.min(firstPassAbove, i);
      }
    }
    assertThat(firstPassAbove).as("a pass at least as severe as a problem").isLessThan(
        Integer.MAX_VALUE).isGreaterThan(lastProblem);
  }

  private static boolean problem(CSVRecord r) {
    return r.get("status").equals("fail") || r.get("status").equals("error");
  }

  private static String upper(CSVRecord r) {
    return r.get("status").toUpperCase(Locale.ROOT);
  }

  @Test
  void aFindingAboutAFileShowsWhereInItItIs() {
    Finding inConfig = ReportFixture.finding("config.nginx.tls_protocols", "app", "nginx.conf server a",
        Status.FAIL, "TLSv1.2", "TLSv1").withLocation(new Location("nginx.conf", 4, "etc/nginx.conf"));
    List<Finding> findings = new ArrayList<>(scan.findings());
    findings.add(inConfig);
    String text = render(new ScanResult(scan.schema(), scan.run(), scan.targets(), findings,
        scan.artifacts(), scan.claims()));
    assertThat(text).contains(",nginx.conf server a,nginx.conf:4,");
  }

  @Test
  void aByteOrderMarkOnlyWhenAskedForAndTheTableStillParses() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new CsvReport(true).render(scan, bytes);
    byte[] raw = bytes.toByteArray();
    assertThat(raw).startsWith(0xEF, 0xBB, 0xBF);
    String text = new String(raw, StandardCharsets.UTF_8);
    assertThat(text.substring(1)).isEqualTo(csv);
    // Excel and pandas (encoding="utf-8-sig") drop the mark; the header is the first row.
    try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
        .get().parse(new StringReader(text.substring(1)))) {
      assertThat(parser.getHeaderNames()).isEqualTo(header);
    }
  }

  @Test
  void outputStreamFormIsUtf8WithoutBom() {
    Finding accented = ReportFixture.finding("cookie.same_site", "app", "café_✓", Status.FAIL,
        "Lax", "SameSite=Nöne");
    List<Finding> findings = new ArrayList<>(scan.findings());
    findings.add(accented);
    ScanResult s = new ScanResult(scan.schema(), scan.run(), scan.targets(), findings,
        scan.artifacts(), scan.claims());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new CsvReport().render(s, bytes);
    byte[] raw = bytes.toByteArray();
    assertThat(raw[0]).isEqualTo((byte) 's');
    String text = new String(raw, StandardCharsets.UTF_8);
    assertThat(text).isEqualTo(render(s)).contains("café_✓").contains("SameSite=Nöne");
  }

  @Test
  void theStreamAndTheWriterGetTheSameTextWhateverTheSizeOfACell() {
    // A cell larger than the rows' buffer, and rows that fill it many times over, so that the
    // pieces handed on end between cells and never cut a character of two or three bytes.
    String huge = "é✓".repeat(200_000);
    List<Finding> findings = new ArrayList<>(scan.findings());
    for (int i = 0; i < 3_000; i++) {
      // A finding's own texts are bounded where it is made (BoundedText); its remediation,
      // from a forged scan.json, is not, and stands for any cell over a spreadsheet's limit.
      Finding f = ReportFixture.finding("header.rule", "app", "Header-" + i + "-ü", Status.FAIL,
          "present ✓", "absent é " + i);
      findings.add(i == 1_500 ? f.toBuilder().remediation(huge).build() : f);
    }
    ScanResult s = scan.withFindings(findings);
    for (boolean bom : new boolean[] {false, true}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      new CsvReport(bom).render(s, bytes);
      StringWriter chars = new StringWriter();
      new CsvReport(bom).render(s, chars);
      // The huge cell is cut at a spreadsheet's limit, saying so, in both forms alike.
      assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8))
          .isEqualTo(chars.toString()).contains(huge.substring(0, 30_000))
          .doesNotContain(huge.substring(0, 40_000))
          .contains("…[cut here: the text is 400000 characters, a spreadsheet cell holds 32767");
    }
  }

  @Test
  void emptyScanGivesJustTheHeader() {
    ScanResult empty = new ScanResult(ScanResult.SCHEMA, null, null, null, null, null);
    assertThat(render(empty)).isEqualTo(String.join(",", CsvReport.COLUMNS) + "\r\n");
  }

  private static CSVRecord row(String target, String checkId, String subject) {
    List<CSVRecord> matches = records.stream()
        .filter(r -> r.get("target").equals(target) && r.get("check_id").equals(checkId)
            && unneutralise(r.get("subject")).equals(subject))
        .toList();
    assertThat(matches).as("rows for %s|%s|%s", target, checkId, subject).hasSize(1);
    return matches.get(0);
  }

  /** The fixture's subjects never start with a quote, so a leading one was added by neutralising. */
  private static String unneutralise(String cell) {
    return cell.startsWith("'") ? cell.substring(1) : cell;
  }
}
