package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.demo.DemoTarget;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code period} over a history written by real scans of the demo's HTTPS target on loopback
 * (two runs, each with WARN findings: a cookie of doubtful syntax, a deprecated CSP directive;
 * and checks that only note things, INFO): a run is operating for a check only when its scan.json
 * shows that check passing and not warned, failed or errored; a sampled day before the first run
 * and a period without a run have nothing to judge, and say so with exit 3.
 */
class PeriodFromScansEndToEndTest {
  @TempDir static Path dir;
  static DemoTarget target;
  static Path history;
  static final List<JsonNode> scans = new ArrayList<>();

  @BeforeAll
  static void twoRealRuns() throws Exception {
    target = DemoTarget.start();
    Path policy = DemoPolicyFiles.write(dir, target);
    history = dir.resolve("history.jsonl");
    for (int i = 1; i <= 2; i++) {
      Path out = dir.resolve("run" + i);
      Cli.Result r = Cli.run("scan", "-p", policy.toString(), "--history", history.toString(),
          "-o", out.toString(), "-f", "json", "--color", "never");
      assertThat(r.code()).as(r.err()).isIn(0, 1, 3);
      scans.add(new ObjectMapper().readTree(out.resolve("scan.json").toFile()));
    }
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  private static String today() {
    return LocalDate.now(ZoneOffset.UTC).toString();
  }

  private static List<CSVRecord> csv(Path file) throws Exception {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(r)) {
      return p.getRecords();
    }
  }

  /** Each check's statuses in one scan.json. */
  private static Map<String, Set<String>> statuses(JsonNode scan) {
    Map<String, Set<String>> out = new HashMap<>();
    for (JsonNode f : scan.path("findings")) {
      out.computeIfAbsent(f.path("check_id").asText(), k -> new TreeSet<>())
          .add(f.path("status").asText());
    }
    return out;
  }

  @Test
  void aCheckThatWarnedFailedOrErroredInARunIsNeverOperatingInIt() throws Exception {
    Path out = dir.resolve("period");
    Cli.Result r = Cli.run("period", "--history", history.toString(), "--from", today(),
        "--to", today(), "-o", out.toString(), "-f", "csv");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    Map<String, CSVRecord> controls = new HashMap<>();
    for (CSVRecord c : csv(out.resolve(PeriodCommand.CONTROLS_CSV))) {
      if (c.get("kind").equals("control")) {
        controls.put(c.get("id"), c);
      }
    }
    List<Map<String, Set<String>>> runs = scans.stream().map(PeriodFromScansEndToEndTest::statuses)
        .toList();
    Set<String> checks = new TreeSet<>();
    runs.forEach(m -> checks.addAll(m.keySet()));
    int warnedChecks = 0;
    int onlyNotedChecks = 0;
    for (String check : checks) {
      int passedClean = 0;
      int deviated = 0;
      int judged = 0;
      for (Map<String, Set<String>> run : runs) {
        Set<String> s = run.getOrDefault(check, Set.of());
        boolean deviates = s.contains("FAIL") || s.contains("ERROR") || s.contains("WARN");
        deviated += deviates ? 1 : 0;
        passedClean += !deviates && !s.contains("WAIVED") && s.contains("PASS") ? 1 : 0;
        // NOT_APPLICABLE looked and found nothing the control applies to: no test of it.
        judged += s.stream().anyMatch(x -> !Set.of("SKIPPED", "MANUAL", "INFO", "NOT_APPLICABLE")
            .contains(x))
            ? 1 : 0;
        warnedChecks += s.contains("WARN") && !s.contains("FAIL") ? 1 : 0;
      }
      onlyNotedChecks += judged == 0 && runs.stream().anyMatch(m -> m.getOrDefault(check,
          Set.of()).contains("INFO")) ? 1 : 0;
      CSVRecord c = controls.get(check);
      assertThat(c).as(check).isNotNull();
      assertThat(Integer.parseInt(c.get("operating"))).as(check).isEqualTo(passedClean);
      assertThat(Integer.parseInt(c.get("exceptions"))).as(check).isEqualTo(deviated);
      assertThat(Integer.parseInt(c.get("tested_runs"))).as(check).isEqualTo(judged);
      if (judged == 0) {
        assertThat(c.get("pass_rate")).as(check).isEqualTo("n/a");
      }
    }
    // The demo's target has both kinds, so the assertions above were not vacuous.
    assertThat(warnedChecks).isPositive();
    assertThat(onlyNotedChecks).isPositive();
    // Every WARN of the runs is in the exception log, beside the FAILs and ERRORs.
    long warns = scans.stream().flatMap(s -> java.util.stream.StreamSupport.stream(
        s.path("findings").spliterator(), false))
        .filter(f -> f.path("status").asText().equals("WARN")).count();
    assertThat(csv(out.resolve(PeriodCommand.FAILURES_CSV)).stream()
        .filter(f -> f.get("status").equals("WARN")).count()).isEqualTo(warns);
  }

  @Test
  void aSampledDayBeforeTheFirstRunHasNothingToJudge() {
    String before = LocalDate.now(ZoneOffset.UTC).minusDays(30).toString();
    Cli.Result r = Cli.run("period", "--history", history.toString(), "--from", before,
        "--to", today(), "--sample", before);
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(r.out()).contains("sample " + before + ": nothing to judge: the history has no"
        + " run on or before " + before);
    Instant first = Instant.parse(scans.get(0).path("run").path("started").asText());
    assertThat(r.out()).contains("its first run started " + first.toString().substring(0, 16));

    Cli.Result sampled = Cli.run("period", "--history", history.toString(), "--from", before,
        "--to", today(), "--sample", today());
    assertThat(sampled.code()).as(sampled.out() + sampled.err()).isZero();
    assertThat(sampled.out()).contains("sample " + today() + ": as run #2");
  }

  @Test
  void aPeriodWithoutARunHasNothingToJudge() {
    String from = LocalDate.now(ZoneOffset.UTC).minusDays(30).toString();
    String to = LocalDate.now(ZoneOffset.UTC).minusDays(20).toString();
    Cli.Result r = Cli.run("period", "--history", history.toString(), "--from", from, "--to", to);
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(r.out()).contains("0 runs").contains("nothing to judge: the history has no run"
        + " in the period");
  }
}
