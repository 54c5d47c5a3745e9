package dev.secaudit.evidence;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.compliance.FrameworkCatalog;
import dev.secaudit.evidence.OperatingEffectiveness.Control;
import dev.secaudit.evidence.OperatingEffectiveness.ControlException;
import dev.secaudit.evidence.OperatingEffectiveness.DayRange;
import dev.secaudit.evidence.OperatingEffectiveness.Outcome;
import dev.secaudit.evidence.OperatingEffectiveness.Period;
import dev.secaudit.evidence.OperatingEffectiveness.Report;
import dev.secaudit.evidence.OperatingEffectiveness.Requirement;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Status;
import dev.secaudit.policy.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The period report's numbers, from a real history file of the fixture's runs. */
class OperatingEffectivenessTest {
  static final LocalDate FROM = LocalDate.parse("2026-01-01");
  static final LocalDate TO = LocalDate.parse("2026-01-10");

  @TempDir Path dir;
  List<LedgerEntry> history;

  @BeforeEach
  void history() throws Exception {
    history = RunLedger.read(PeriodFixture.write(dir.resolve("history.jsonl")));
  }

  private Report report(LocalDate sample) {
    return OperatingEffectiveness.of(history, new Period(FROM, TO, sample),
        FrameworkCatalog.all(), c -> StandardChecks.catalog().get(c).mappings());
  }

  private static Control control(Report r, String id) {
    return r.controls().stream().filter(c -> c.checkId().equals(id)).findFirst().orElseThrow();
  }

  private static Requirement requirement(Report r, String fw, String id) {
    return r.requirements().stream().filter(q -> q.framework().equals(fw) && q.id().equals(id))
        .findFirst().orElseThrow();
  }

  @Test
  void countsRunsInThePeriodOnlyAndTheDaysWithoutOne() {
    Report r = report(null);
    assertThat(history).hasSize(10);
    assertThat(r.runs()).extracting(LedgerEntry::seq).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L,
        9L);
    assertThat(r.overall().gaps()).containsExactly(
        new DayRange(LocalDate.parse("2026-01-03"), LocalDate.parse("2026-01-04")));
    assertThat(r.head()).isEqualTo(history.get(9).lineSha256());
    assertThat(r.controls()).extracting(Control::checkId)
        .containsExactly("cookie.secure", "hsts.max_age", "tls.protocols");
  }

  @Test
  void aFailureThatBeganBeforeThePeriodKeepsItsTrueStartAndItsFix() {
    Control hsts = control(report(null), "hsts.max_age");
    assertThat(hsts.tally().tested()).isEqualTo(8);
    assertThat(hsts.tally().exceptions()).isEqualTo(1);
    assertThat(hsts.tally().passRate()).isEqualTo("87.5%");
    ControlException e = hsts.exceptions().get(0);
    assertThat(hsts.exceptions()).hasSize(1);
    assertThat(e.first().seq()).isEqualTo(1);
    assertThat(e.last().seq()).isEqualTo(2);
    assertThat(e.failingRuns()).isEqualTo(2);
    assertThat(e.fixed().seq()).isEqualTo(3);
    assertThat(e.timeToRemediate()).isEqualTo(Duration.ofHours(48));
  }

  @Test
  void aWaivedRunIsNeitherOperatingNorARemediationAndAVanishedSubjectIsFixed() {
    Control cookie = control(report(null), "cookie.secure");
    assertThat(cookie.tally()).extracting("tested", "operating", "exceptions", "waived")
        .containsExactly(5, 3, 1, 1);
    assertThat(cookie.tally().passRate()).isEqualTo("60.0%");
    assertThat(cookie.tally().gaps()).extracting(DayRange::toString)
        .containsExactly("2026-01-03..2026-01-04", "2026-01-08..2026-01-10");
    assertThat(cookie.tally().daysWithoutRun()).isEqualTo(5);
    assertThat(cookie.exceptions()).extracting(ControlException::subject, x -> x.fixed().seq(),
        ControlException::timeToRemediate).containsExactly(
            org.assertj.core.groups.Tuple.tuple(PeriodFixture.HOSTILE, 5L, Duration.ofHours(24)),
            org.assertj.core.groups.Tuple.tuple("session", 6L, Duration.ofHours(54)));
    assertThat(cookie.meanTimeToRemediate()).isEqualTo(Duration.ofHours(39));
    assertThat(cookie.mappings()).extracting(Object::toString).containsExactly("soc2:CC6.1");
  }

  @Test
  void anErrorStillFailingAtThePeriodsEndIsOpenAndLaterRunsDoNotCount() {
    Control tls = control(report(null), "tls.protocols");
    assertThat(tls.tally()).extracting("tested", "operating", "exceptions")
        .containsExactly(2, 0, 2);
    assertThat(tls.tally().passRate()).isEqualTo("0.0%");
    assertThat(tls.openExceptions()).isEqualTo(1);
    ControlException e = tls.exceptions().get(0);
    assertThat(e.worst()).isEqualTo(Status.ERROR);
    assertThat(e.failingRuns()).isEqualTo(2);
    assertThat(e.fixed()).isNull();
    assertThat(e.timeToRemediate()).isNull();
    // Its lines carry no mappings, so the catalog's stand in.
    assertThat(tls.mappings()).extracting(Object::toString)
        .containsExactly("gdpr:32(1)(a)", "iso27001:8.24", "soc2:CC6.7");
  }

  @Test
  void aControlJudgedOnOneOfTwoTargetsIsPartlyTestedAndNamesTheOther() throws Exception {
    // reports25 HIGH 1: the redirect PASS on www, SKIPPED on hostile (no http_url) in both runs,
    // read "tested 2, operating 2" as if it had operated on both targets.
    Path file = dir.resolve("two-targets.jsonl");
    PeriodFixture.run(file, "2026-01-01T06:00:00Z", "https.redirect", "www", "", Status.PASS,
        "https.redirect", "hostile", "", Status.SKIPPED);
    PeriodFixture.run(file, "2026-01-02T06:00:00Z", "https.redirect", "www", "", Status.PASS,
        "https.redirect", "hostile", "", Status.SKIPPED);
    // An exception on the one target judged is still an exception.
    PeriodFixture.run(file, "2026-01-03T06:00:00Z", "https.redirect", "www", "", Status.FAIL,
        "https.redirect", "hostile", "", Status.SKIPPED);
    // Judged on both: a tested run.
    PeriodFixture.run(file, "2026-01-04T06:00:00Z", "https.redirect", "www", "", Status.PASS,
        "https.redirect", "hostile", "", Status.PASS);
    List<LedgerEntry> runs = RunLedger.read(file);
    Report r = OperatingEffectiveness.of(runs, new Period(FROM, TO, null),
        FrameworkCatalog.all(), c -> StandardChecks.catalog().get(c).mappings());
    Control redirect = control(r, "https.redirect");
    assertThat(redirect.tally()).extracting("tested", "operating", "exceptions", "partlyTested")
        .containsExactly(2, 1, 1, 2);
    assertThat(redirect.tally().passRate()).isEqualTo("50.0%");
    assertThat(redirect.untestedTargets()).containsExactly("hostile");
    // The partly tested days are days without a tested run.
    assertThat(redirect.tally().gaps()).extracting(Object::toString)
        .contains("2026-01-01..2026-01-02");
    // Each run's pass rate counts it the same way.
    assertThat(OperatingEffectiveness.runTallies(runs)).extracting("tested", "operating")
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 0),
            org.assertj.core.groups.Tuple.tuple(0, 0), org.assertj.core.groups.Tuple.tuple(1, 0),
            org.assertj.core.groups.Tuple.tuple(1, 1));
    // A requirement it maps to is not tested by a run that skipped it on a target.
    Requirement cc67 = requirement(r, "soc2", "CC6.7");
    assertThat(cc67.checks()).contains("https.redirect");
    assertThat(cc67.tally()).extracting("tested", "partlyTested").containsExactly(2, 2);
    // The CSV row names the target it was not tested on.
    java.io.StringWriter csv = new java.io.StringWriter();
    new dev.secaudit.report.PeriodCsvReport(new dev.secaudit.model.CheckDescriptions(
        StandardChecks.catalog().all())).controls(r, csv);
    assertThat(csv.toString().lines().filter(l -> l.startsWith("control,https.redirect,")))
        .singleElement().satisfies(l -> assertThat(l).endsWith(",2,,hostile"));
  }

  @Test
  void aRequirementTakesItsChecksTogetherAndOneWithoutChecksIsManual() {
    Report r = report(null);
    Requirement cc67 = requirement(r, "soc2", "CC6.7");
    assertThat(cc67.checks()).containsExactly("hsts.max_age", "tls.protocols");
    // tls.protocols judged only two of the eight runs, both exceptions; the other six judged
    // hsts.max_age alone. Only a run that judged both tests the requirement, or one with an
    // exception: the three exceptions are counted, the five clean hsts-only runs are partly tested.
    assertThat(cc67.tally()).extracting("tested", "exceptions", "partlyTested")
        .containsExactly(3, 3, 5);
    assertThat(cc67.tally().passRate()).isEqualTo("0.0%");
    // A requirement with one check is tested whenever that check is.
    Requirement cc61 = requirement(r, "soc2", "CC6.1");
    assertThat(cc61.checks()).containsExactly("cookie.secure");
    assertThat(cc61.tally()).extracting("tested", "partlyTested").containsExactly(5, 0);
    Requirement cc92 = requirement(r, "soc2", "CC9.2");
    assertThat(cc92.manual()).isTrue();
    assertThat(cc92.tally().tested()).isZero();
    assertThat(cc92.tally().passRate()).isEqualTo("n/a");
    assertThat(r.requirements().stream().filter(q -> q.framework().equals("soc2")).count())
        .isEqualTo(FrameworkCatalog.get("soc2").requirements().size());
  }

  @Test
  void aSampledDayWithoutARunShowsTheLastRunBeforeIt() {
    var s = report(LocalDate.parse("2026-01-03")).sample();
    assertThat(s.run().seq()).isEqualTo(3);
    assertThat(s.sameDay()).isFalse();
    assertThat(s.outcomes()).containsEntry("hsts.max_age", Outcome.OPERATING)
        .containsEntry("cookie.secure", Outcome.OPERATING);
    var waived = report(LocalDate.parse("2026-01-06")).sample();
    assertThat(waived.sameDay()).isTrue();
    assertThat(waived.outcomes()).containsEntry("cookie.secure", Outcome.WAIVED);
    assertThat(report(LocalDate.parse("2025-01-01")).sample().run()).isNull();
  }

  @Test
  void theFailingResultsAreListedRunByRun() {
    assertThat(report(null).failures()).extracting(f -> f.run().seq() + " " + f.check() + " "
        + f.status()).containsExactly("2 hsts.max_age FAIL", "4 cookie.secure FAIL",
            "4 cookie.secure FAIL", "7 tls.protocols ERROR", "9 tls.protocols ERROR");
  }

  @Test
  void anEditedHistoryIsRefusedBeforeAnyReport() throws Exception {
    Path file = dir.resolve("history.jsonl");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    lines.set(3, lines.get(3).replace("\"FAIL\"]", "\"PASS\"]"));
    Files.writeString(file, String.join("\n", lines) + "\n");
    assertThatThrownBy(() -> RunLedger.read(file)).isInstanceOf(UsageException.class)
        .hasMessageContaining("does not verify").hasMessageContaining("line 4: edited");
  }

  @Test
  void aLineWrittenBeforeMappingsWereRecordedStillReadsAndChains() throws Exception {
    Path file = dir.resolve("old.jsonl");
    String prefix = "{\"schema\":\"secaudit.history/1\",\"seq\":1,\"prev\":\"" + RunLedger.GENESIS
        + "\",\"run_id\":\"old\",\"started\":\"2026-01-01T00:00:00Z\",\"finished\":"
        + "\"2026-01-01T00:00:01Z\",\"tool_version\":\"0.1.0\",\"policy_name\":\"acme\","
        + "\"policy_sha256\":\"" + "ab".repeat(32) + "\",\"fail_on\":\"low\",\"gate\":\"PASSED\","
        + "\"counts\":{\"PASS\":1},\"targets\":{\"EVALUATED\":1},\"evidence_manifest_sha256\":null,"
        + "\"results\":[[\"hsts.max_age\",\"app\",\"\",\"PASS\"]]";
    Files.writeString(file, prefix + ",\"sha256\":\""
        + Artifact.sha256(prefix.getBytes(StandardCharsets.UTF_8)) + "\"}\n");
    PeriodFixture.run(file, "2026-01-02T00:00:00Z", "hsts.max_age", "app", "", Status.PASS);
    List<LedgerEntry> both = RunLedger.read(file);
    assertThat(both).hasSize(2);
    assertThat(both.get(0).mappings()).isEmpty();
    assertThat(both.get(1).mappings().get("hsts.max_age")).extracting(Object::toString)
        .containsExactly("soc2:CC6.7");
    assertThat(RunLedger.verify(file).intact()).isTrue();
  }

  @Test
  void aPeriodThatEndsBeforeItStartsIsRefused() {
    assertThatThrownBy(() -> new Period(TO, FROM, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before it starts");
  }

  @Test
  void aRunWhoseOnlyFindingsAreNotApplicableIsNeitherTestedNorOperating() throws Exception {
    // reports25: tls.dh_params PASS "no DHE suite accepted" counted as a control operating.
    Path file = dir.resolve("not-applicable.jsonl");
    PeriodFixture.run(file, "2026-01-01T06:00:00Z", "tls.dh_params", "www", "", Status.FAIL,
        "hsts.max_age", "www", "", Status.PASS);
    // The DHE suite was switched off: nothing left to be weak, which closes the exception.
    PeriodFixture.run(file, "2026-01-02T06:00:00Z", "tls.dh_params", "www", "",
        Status.NOT_APPLICABLE, "hsts.max_age", "www", "", Status.PASS);
    PeriodFixture.run(file, "2026-01-03T06:00:00Z", "tls.dh_params", "www", "",
        Status.NOT_APPLICABLE, "hsts.max_age", "www", "", Status.NOT_APPLICABLE);
    // Judged on one target and not applicable on the other: tested, and no target untested.
    PeriodFixture.run(file, "2026-01-04T06:00:00Z", "tls.dh_params", "www", "",
        Status.NOT_APPLICABLE, "tls.dh_params", "api", "", Status.PASS);
    List<LedgerEntry> runs = RunLedger.read(file);
    Report r = OperatingEffectiveness.of(runs, new Period(FROM, TO, LocalDate.parse("2026-01-03")),
        FrameworkCatalog.all(), c -> StandardChecks.catalog().get(c).mappings());
    Control dh = control(r, "tls.dh_params");
    assertThat(dh.tally()).extracting("tested", "operating", "exceptions", "partlyTested")
        .containsExactly(2, 1, 1, 0);
    assertThat(dh.tally().passRate()).isEqualTo("50.0%");
    assertThat(dh.untestedTargets()).isEmpty();
    assertThat(dh.exceptions()).singleElement()
        .satisfies(e -> assertThat(e.fixed().seq()).isEqualTo(2));
    Control hsts = control(r, "hsts.max_age");
    assertThat(hsts.tally()).extracting("tested", "operating").containsExactly(2, 2);
    // The sampled day's outcomes say "not applicable", not "operating".
    assertThat(r.sample().outcomes()).containsEntry("tls.dh_params", Outcome.NOT_APPLICABLE)
        .containsEntry("hsts.max_age", Outcome.NOT_APPLICABLE);
    // Each run's rate: the third run tested nothing.
    assertThat(OperatingEffectiveness.runTallies(runs)).extracting("tested", "operating")
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 1),
            org.assertj.core.groups.Tuple.tuple(1, 1), org.assertj.core.groups.Tuple.tuple(0, 0),
            org.assertj.core.groups.Tuple.tuple(1, 1));
    // CC6.7 (hsts.max_age, tls.dh_params): tested by runs 1 and 2 (a check that did not apply
    // beside one that passed leaves it whole), not by run 3 (nothing applied: neither tested nor
    // partly), and partly by run 4 (hsts.max_age did not run).
    Requirement cc67 = requirement(r, "soc2", "CC6.7");
    assertThat(cc67.checks()).contains("hsts.max_age", "tls.dh_params");
    assertThat(cc67.tally()).extracting("tested", "operating", "exceptions", "partlyTested")
        .containsExactly(2, 1, 1, 1);
  }
}
