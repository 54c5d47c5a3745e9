package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.demo.DemoTarget;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports for machines, through the CLI against the demo's HTTPS target on loopback: one report
 * on standard output and nothing else there (people's lines on standard error), {@code -o -} as
 * standard output, two reports for one pipe refused, the summary of scan.json, and CSV with a
 * byte-order mark for Excel.
 */
class MachineOutputEndToEndTest {
  @TempDir static Path dir;
  static DemoTarget target;
  static Path policy;
  static Cli.Result json;

  @BeforeAll
  static void scanToStandardOutput() throws Exception {
    target = DemoTarget.start();
    policy = DemoPolicyFiles.write(dir, target);
    json = Cli.run("scan", "-p", policy.toString(), "-f", "json", "--color", "never");
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @Test
  void formatJsonWithoutOutputIsScanJsonOnStandardOutputAndNothingElse() throws Exception {
    assertThat(json.code()).as(json.err()).isEqualTo(ExitCode.FAILED.code);
    // The whole of standard output is one JSON document.
    JsonNode scan = new ObjectMapper().readTree(json.out());
    assertThat(json.out().trim()).startsWith("{").endsWith("}");
    assertThat(scan.get("schema").asText()).isEqualTo(dev.secaudit.model.ScanResult.SCHEMA);
    // The summary says what the exit code says.
    assertThat(scan.at("/summary/gate/outcome").asText()).isEqualTo("FAILED");
    assertThat(scan.at("/summary/findings").asInt()).isEqualTo(scan.get("findings").size());
    int fails = 0;
    for (JsonNode f : scan.get("findings")) {
      fails += f.get("status").asText().equals("FAIL") ? 1 : 0;
    }
    assertThat(scan.at("/summary/by_status/FAIL").asInt()).isEqualTo(fails);
    // People's lines went to standard error.
    assertThat(json.err()).contains("gate: FAILED").contains("hsts.max_age");
  }

  @Test
  void reportFromTheSavedScanWritesTheSameJsonToStandardOutputWithDash() throws Exception {
    Path saved = Files.writeString(dir.resolve("saved.json"), json.out());
    Cli.Result again = Cli.run("report", "--from", saved.toString(), "-f", "json", "-o", "-");
    assertThat(again.code()).as(again.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(again.out()).isEqualTo(json.out());
    assertThat(Path.of("-")).doesNotExist();

    Cli.Result run = Cli.run("report", "--from", saved.toString(), "-f", "run");
    assertThat(run.code()).as(run.err()).isEqualTo(ExitCode.FAILED.code);
    CSVRecord row = parse(run.out()).get(0);
    JsonNode scan = new ObjectMapper().readTree(json.out());
    assertThat(row.get("run_id")).isEqualTo(scan.at("/run/id").asText());
    assertThat(row.get("gate")).isEqualTo("failed");
    assertThat(row.get("grade")).isEqualTo(scan.at("/summary/grade/label").asText());
  }

  /** A null entry in a scan's list was exit 70 (the scan's lists refuse nulls); it is input. */
  @Test
  void aNullEntryInAnyListOfTheScanIsNamedExit2() throws Exception {
    for (String list : new String[] {"artifacts", "claims", "waivers", "processing"}) {
      com.fasterxml.jackson.databind.node.ObjectNode scan =
          (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(json.out());
      scan.putArray(list).addNull();
      String text = scan.toString();
      Path bad = Files.writeString(dir.resolve("null-" + list + ".json"), text);
      // One line: the column is where the null stands.
      int at = text.indexOf("\"" + list + "\":[null]") + list.length() + 5;
      for (String format : new String[] {"csv", "html", "json"}) {
        Cli.Result r = Cli.run("report", "--from", bad.toString(), "-f", format, "-o",
            dir.resolve("null-" + list + "." + format).toString());
        assertThat(r.code()).as(list + " " + format + ": " + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ":1:" + at + ": " + list + "[0]: missing");
      }
    }
  }

  @Test
  void theCsvToAFileIsTheCsvOnStandardOutputAndARefusedScanLeavesTheFileAsItWas()
      throws Exception {
    Path saved = Files.writeString(dir.resolve("saved-for-csv.json"), json.out());
    Path file = dir.resolve("findings.csv");
    for (boolean bom : new boolean[] {false, true}) {
      String[] args = bom ? new String[] {"--csv-bom"} : new String[0];
      Cli.Result toFile = Cli.run(concat(new String[] {"report", "--from", saved.toString(),
          "-f", "csv", "-o", file.toString()}, args));
      assertThat(toFile.code()).as(toFile.err()).isEqualTo(ExitCode.FAILED.code);
      Cli.Result toOut = Cli.run(concat(new String[] {"report", "--from", saved.toString(),
          "-f", "csv"}, args));
      assertThat(toOut.code()).as(toOut.err()).isEqualTo(ExitCode.FAILED.code);
      assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(toOut.out());
    }
    Path cut = Files.writeString(dir.resolve("cut.json"),
        json.out().substring(0, json.out().indexOf("\"artifacts\"")));
    byte[] before = Files.readAllBytes(file);
    Cli.Result refused = Cli.run("report", "--from", cut.toString(), "-f", "csv", "-o",
        file.toString());
    assertThat(refused.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(refused.err()).contains(cut.toString()).contains("not a valid scan JSON");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void dashIsStandardOutputNeverAFolderAndTheCsvCanCarryAByteOrderMark() throws Exception {
    Cli.Result csv = Cli.run("scan", "-p", policy.toString(), "-o", "-", "-f", "csv",
        "--csv-bom", "--color", "never", "-q");
    assertThat(csv.code()).as(csv.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(Path.of("-")).doesNotExist();
    assertThat(csv.out()).startsWith("\uFEFFseverity_rank,");
    List<CSVRecord> rows = parse(csv.out().substring(1));
    JsonNode scan = new ObjectMapper().readTree(json.out());
    assertThat(rows).hasSize(scan.get("findings").size());
    // Most severe first.
    int worst = 0;
    for (JsonNode f : scan.get("findings")) {
      worst = Math.max(worst, dev.secaudit.model.Severity.valueOf(f.get("severity").asText())
          .ordinal());
    }
    assertThat(rows.get(0).get("severity"))
        .isEqualTo(dev.secaudit.model.Severity.values()[worst].label());
    assertThat(csv.err()).contains("gate: FAILED");
  }

  @Test
  void aFolderGetsFindingsAndRunCsvWithTheMarkWhenAsked() throws Exception {
    Path out = dir.resolve("csv");
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f", "csv",
        "--csv-bom", "--color", "never", "-q");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.FAILED.code);
    // -q: the summary and the gate, not a line for every file of the folder it was given.
    assertThat(r.out()).contains("gate: FAILED").doesNotContain("wrote ");
    Cli.Result loud = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f", "csv",
        "--csv-bom", "--color", "never");
    assertThat(loud.out()).contains("wrote " + out.resolve("findings.csv"))
        .contains("wrote " + out.resolve("run.csv"));
    for (String name : List.of("findings.csv", "run.csv")) {
      byte[] bytes = Files.readAllBytes(out.resolve(name));
      assertThat(bytes).as(name).startsWith(0xEF, 0xBB, 0xBF);
    }
    String run = Files.readString(out.resolve("run.csv"), StandardCharsets.UTF_8).substring(1);
    CSVRecord row = parse(run).get(0);
    assertThat(row.get("gate")).isEqualTo(ExitCode.FAILED.name().toLowerCase(Locale.ROOT));
    assertThat(row.get("grade")).isNotBlank();
    // findings.csv is a plain table: its first line is the header, and no run metadata repeats.
    String findings = Files.readString(out.resolve("findings.csv"), StandardCharsets.UTF_8);
    assertThat(findings.substring(1)).startsWith(String.join(",",
        dev.secaudit.report.CsvReport.COLUMNS) + "\r\n");
    assertThat(findings).doesNotContain(row.get("policy_sha256"));
    // Characters Excel garbles without the mark survive (the demo's scan has a "≥").
    if (json.out().contains("\u2265")) {
      assertThat(findings).contains("\u2265");
    }
  }

  @Test
  void twoReportsForOnePipeAreAUsageErrorBeforeAnythingIsProbed() {
    Cli.Result two = Cli.run("scan", "-p", policy.toString(), "-f", "json,csv");
    assertThat(two.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(two.err()).contains("-f json,csv").contains("one report at a time")
        .contains("-o DIR");
    assertThat(two.out()).isEmpty();

    Cli.Result dash = Cli.run("scan", "-p", policy.toString(), "-o", "-");
    assertThat(dash.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(dash.err()).contains("-o -").contains("choose it with -f");

    Cli.Result merge = Cli.run("merge", dir.resolve("none.json").toString(), "-f", "html,sarif");
    assertThat(merge.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(merge.err()).contains("one report at a time");

    Cli.Result report = Cli.run("report", "--from", dir.resolve("none.json").toString(), "-f",
        "json,csv");
    assertThat(report.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(report.err()).contains("one format at a time");

    // Commands that write several files take '-' for what it is, not for a folder name.
    for (String[] args : List.of(new String[] {"demo", "-o", "-"},
        new String[] {"period", "--history", dir.resolve("none.jsonl").toString(), "--from",
            "2026-01-01", "--to", "2026-01-31", "-o", "-"},
        new String[] {"page", "-p", policy.toString(), "--scan",
            dir.resolve("none.json").toString(), "-o", "-"})) {
      Cli.Result r = Cli.run(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err())
          .isEqualTo(ExitCode.USAGE.code);
      assertThat(r.err()).contains(args[0] + " -o -").contains("needs a folder");
    }
    assertThat(Path.of("-")).doesNotExist();
  }

  @Test
  void aFormatFromTheEnvironmentMeansWhatTheOptionMeans() throws Exception {
    Cli.Result json = Cli.run(java.util.Map.of("SECAUDIT_FORMAT", "json"), null, "scan", "-p",
        policy.toString(), "--color", "never", "-q");
    Cli.Result flag = Cli.run("scan", "-p", policy.toString(), "--color", "never", "-q",
        "-f", "json");
    assertThat(json.code()).as(json.err()).isEqualTo(ExitCode.FAILED.code)
        .isEqualTo(flag.code());
    assertThat(dev.secaudit.report.ScanJson.mapper().readTree(json.out()).get("findings").size())
        .isEqualTo(dev.secaudit.report.ScanJson.mapper().readTree(flag.out()).get("findings").size())
        .isPositive();
    assertThat(json.err()).contains("gate: FAILED");
    // Two formats have no single stream to go to, from the variable as from the option.
    Cli.Result two = Cli.run(java.util.Map.of("SECAUDIT_FORMAT", "json,sarif"), null, "scan",
        "-p", policy.toString(), "--color", "never", "-q");
    assertThat(two.code()).as(two.err()).isEqualTo(ExitCode.USAGE.code);
    assertThat(two.err()).contains("standard output takes one report at a time")
        .contains("SECAUDIT_FORMAT=json,sarif").doesNotContain("-f ");
    Cli.Result flag2 = Cli.run(java.util.Map.of("SECAUDIT_FORMAT", "json"), null, "scan",
        "-p", policy.toString(), "--color", "never", "-q", "-f", "json,sarif");
    assertThat(flag2.code()).as(flag2.err()).isEqualTo(ExitCode.USAGE.code);
    assertThat(flag2.err()).contains("-f json,sarif: standard output takes one report");
    Cli.Result unknown = Cli.run(java.util.Map.of("SECAUDIT_FORMAT", "pdf"), null, "scan",
        "-p", policy.toString(), "--color", "never", "-q");
    assertThat(unknown.code()).as(unknown.err()).isEqualTo(ExitCode.USAGE.code);
    assertThat(unknown.err()).contains("SECAUDIT_FORMAT: 'pdf' is not a report format");
  }

  private static List<CSVRecord> parse(String text) throws Exception {
    try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
        .get().parse(new StringReader(text))) {
      return parser.getRecords();
    }
  }
}
