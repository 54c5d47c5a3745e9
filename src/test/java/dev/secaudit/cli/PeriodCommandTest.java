package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.evidence.PeriodFixture;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'secaudit period' end to end: a real history in, HTML and CSV out, parsed back. */
class PeriodCommandTest {
  @TempDir Path dir;

  private Cli.Result period(Path history, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("period", "--history",
        history.toString(), "--from", "2026-01-01", "--to", "2026-01-10"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static List<CSVRecord> csv(Path file) throws Exception {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(r)) {
      return p.getRecords();
    }
  }

  @Test
  void csvBomPutsTheMarkAtTheStartOfEachTableAndChangesNothingElse() throws Exception {
    Path history = PeriodFixture.write(dir.resolve("history-bom.jsonl"));
    Path plain = dir.resolve("plain");
    Path marked = dir.resolve("marked");
    assertThat(period(history, "-o", plain.toString(), "-f", "csv").code()).isZero();
    assertThat(period(history, "-o", marked.toString(), "-f", "csv", "--csv-bom").code())
        .isZero();
    for (String name : List.of(PeriodCommand.CONTROLS_CSV, PeriodCommand.EXCEPTIONS_CSV,
        PeriodCommand.FAILURES_CSV)) {
      byte[] with = Files.readAllBytes(marked.resolve(name));
      byte[] without = Files.readAllBytes(plain.resolve(name));
      assertThat(with).as(name).startsWith(0xEF, 0xBB, 0xBF);
      assertThat(java.util.Arrays.copyOfRange(with, 3, with.length)).isEqualTo(without);
    }
  }

  @Test
  void writesAnEscapedSelfContainedPageAndThreeTables() throws Exception {
    Path history = PeriodFixture.write(dir.resolve("history.jsonl"));
    Path out = dir.resolve("out");
    Cli.Result r = period(history, "-o", out.toString(), "--sample", "2026-01-06");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("period 2026-01-01 to 2026-01-10: 8 runs, 2 day(s) without a run")
        .contains("cookie.secure").contains("60.0%");
    // A rate, not a status: "pass" alone beside a 0.0% control read as the control passing.
    assertThat(r.out().lines().filter(l -> l.startsWith("  ") && l.contains("tested runs")))
        .isNotEmpty().allSatisfy(l -> assertThat(l).containsPattern(" pass rate +[0-9.]+%"));
    assertThat(dev.secaudit.report.PeriodHtmlReport.duration(java.time.Duration.ofSeconds(48)))
        .isEqualTo("48s");
    assertThat(dev.secaudit.report.PeriodHtmlReport.duration(java.time.Duration.ofMillis(300)))
        .isEqualTo("<1s");
    assertThat(dev.secaudit.report.PeriodHtmlReport.duration(java.time.Duration.ofMinutes(61)))
        .isEqualTo("1h 1m");

    Document html = Jsoup.parse(out.resolve("period.html").toFile(), "UTF-8");
    assertThat(html.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
        .startsWith("default-src 'none'; style-src 'sha256-");
    assertThat(html.select("script, link[rel=stylesheet], img, iframe")).isEmpty();
    assertThat(html.select("#ctl-cookie\\.secure td").eachText()).contains("60.0%", "5");
    assertThat(html.select("#exc-cookie\\.secure td").eachText())
        .contains(PeriodFixture.HOSTILE, "2026-01-05T06:00:00Z (#4)", "2026-01-07T12:00:00Z (#6)",
            "2d 6h 0m");
    assertThat(html.select("#exc-tls\\.protocols td").eachText())
        .contains("open at the end of the period");
    assertThat(html.select("#fw-soc2 h2").text()).startsWith("Requirements: SOC 2");
    assertThat(html.select("#fw-soc2").text()).contains("CC6.7", "0.0%", "5 partly tested")
        .contains("MANUAL: no automated evidence in the period");
    assertThat(html.select("#coverage").text()).contains("2026-01-03..2026-01-04");
    assertThat(html.select("#sample").text()).contains("State on 2026-01-06").contains("WAIVED");
    assertThat(html.select("#runs tbody tr")).hasSize(8);
    // The first screen: the latest run's gate as it recorded it, the pass rate, what is open.
    org.jsoup.nodes.Element lastRun = html.select("#runs tbody tr").last();
    assertThat(html.select("#gate .big").text()).isEqualTo(lastRun.child(3).text());
    assertThat(html.select("#pass-rate .big").text()).matches("\\d+\\.\\d%");
    assertThat(html.select("#fix-first li").eachText()).singleElement()
        .satisfies(li -> assertThat(li).contains("tls.protocols").contains("Fix: "));
    // One point per run that tested a control, at the rate the runs table gives it.
    List<String> rates = html.select("#runs tbody tr").stream().map(tr -> tr.child(8).text())
        .filter(t -> !t.equals("n/a")).toList();
    assertThat(html.select("svg.trend circle")).hasSize(rates.size());
    for (int i = 0; i < rates.size(); i++) {
      assertThat(html.select("svg.trend circle title").get(i).text()).contains(rates.get(i));
    }
    assertThat(Files.readString(out.resolve("period.html"))).doesNotContain("<script>x");

    List<CSVRecord> controls = csv(out.resolve(PeriodCommand.CONTROLS_CSV));
    CSVRecord cookie = controls.stream().filter(c -> c.get("id").equals("cookie.secure"))
        .findFirst().orElseThrow();
    assertThat(cookie.get("kind")).isEqualTo("control");
    assertThat(cookie.get("tested_runs")).isEqualTo("5");
    assertThat(cookie.get("pass_rate")).isEqualTo("60.0%");
    assertThat(cookie.get("mean_hours_to_remediate")).isEqualTo("39.00");
    assertThat(cookie.get("gaps")).isEqualTo("2026-01-03..2026-01-04 2026-01-08..2026-01-10");
    CSVRecord cc67 = controls.stream().filter(c -> c.get("id").equals("soc2:CC6.7")).findFirst()
        .orElseThrow();
    assertThat(cc67.get("pass_rate")).isEqualTo("0.0%");
    assertThat(cc67.get("partly_tested_runs")).isEqualTo("5");

    List<CSVRecord> exceptions = csv(out.resolve(PeriodCommand.EXCEPTIONS_CSV));
    assertThat(exceptions).extracting(e -> e.get("check_id") + " " + e.get("first_seq") + " "
        + e.get("fixed_seq") + " " + e.get("hours_to_remediate")).containsExactly(
            "cookie.secure 4 5 24.00", "cookie.secure 4 6 54.00", "hsts.max_age 1 3 48.00",
            "tls.protocols 7  ");
    assertThat(exceptions.get(0).get("subject")).isEqualTo("'" + PeriodFixture.HOSTILE);
    assertThat(csv(out.resolve(PeriodCommand.FAILURES_CSV))).hasSize(5);
  }

  @Test
  void theSameHistoryGivesTheSameFiles() throws Exception {
    Path history = PeriodFixture.write(dir.resolve("history.jsonl"));
    period(history, "-o", dir.resolve("a").toString());
    period(history, "-o", dir.resolve("b").toString());
    for (String f : List.of("period.html", PeriodCommand.CONTROLS_CSV)) {
      assertThat(dir.resolve("a").resolve(f)).hasSameBinaryContentAs(dir.resolve("b").resolve(f));
    }
  }

  @Test
  void aHistoryThatDoesNotVerifyIsRefusedWithExitTwoAndNothingWritten() throws Exception {
    Path history = PeriodFixture.write(dir.resolve("history.jsonl"));
    List<String> lines = Files.readAllLines(history);
    lines.remove(4);
    Files.write(history, lines);
    Path out = dir.resolve("out");
    Cli.Result r = period(history, "-o", out.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(r.err()).contains("does not verify").contains("line 5");
    assertThat(out).doesNotExist();
  }

  @Test
  void theReportCallsTheHistoryVerifiedOnlyWhenItsHeadIsPinned() throws Exception {
    Path history = PeriodFixture.write(dir.resolve("history-pins.jsonl"));
    List<String> lines = Files.readAllLines(history);
    String head = dev.secaudit.model.Artifact.sha256(lines.get(lines.size() - 1));
    String firstLine = dev.secaudit.model.Artifact.sha256(lines.get(0));

    Path out = dir.resolve("unpinned");
    Cli.Result unpinned = period(history, "-o", out.toString());
    assertThat(unpinned.code()).isZero();
    assertThat(unpinned.out()).contains("history intact: " + lines.size() + " runs, head sha256 "
        + head + "; integrity only, not authenticity: no --pin was given")
        .doesNotContain("verified");
    Document page = Jsoup.parse(out.resolve(PeriodCommand.HTML).toFile(), "UTF-8");
    assertThat(page.select(".runline").text()).contains("history intact, integrity only (not"
        + " pinned)");
    assertThat(page.text()).doesNotContain("verified");

    Path pinnedOut = dir.resolve("pinned");
    Cli.Result pinned = period(history, "-o", pinnedOut.toString(), "--pin", head.toUpperCase());
    assertThat(pinned.code()).isZero();
    assertThat(pinned.out()).contains("history verified: " + lines.size() + " runs, head sha256 "
        + head + " (intact, and the head is pinned)");
    assertThat(Jsoup.parse(pinnedOut.resolve(PeriodCommand.HTML).toFile(), "UTF-8")
        .select(".runline").text()).contains("history verified (head pinned)");
    assertThat(period(history, "--pin", firstLine).out()).contains("the " + (lines.size() - 1)
        + " run(s) after the newest --pin are vouched for by the chain alone");

    // Its newest line cut (the chain still intact): the pinned head is gone.
    Files.writeString(history, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n");
    Path refusedOut = dir.resolve("refused");
    Cli.Result cut = period(history, "-o", refusedOut.toString(), "--pin", head);
    assertThat(cut.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(cut.err()).contains("--pin: line " + head + " is not in");
    assertThat(refusedOut).doesNotExist();
    assertThat(period(history, "--pin", "abc").err()).contains("is not a SHA-256");
  }

  @Test
  void badDatesAndFormatsAreUsageErrors() throws Exception {
    Path history = PeriodFixture.write(dir.resolve("history.jsonl"));
    Cli.Result bad = Cli.run("period", "--history", history.toString(), "--from", "2026-13-01",
        "--to", "2026-01-10");
    assertThat(bad.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(bad.err()).contains("--from: '2026-13-01' is not a date");
    Cli.Result reversed = Cli.run("period", "--history", history.toString(), "--from",
        "2026-02-01", "--to", "2026-01-10");
    assertThat(reversed.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(reversed.err()).contains("before it starts");
    assertThat(period(history, "-f", "pdf").err()).contains("'pdf' is not a period report format");
    assertThat(Cli.run("period", "--history", dir.resolve("none.jsonl").toString(), "--from",
        "2026-01-01", "--to", "2026-01-02").code()).isEqualTo(ExitCode.USAGE.code);
  }
}
