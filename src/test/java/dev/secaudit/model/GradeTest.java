package dev.secaudit.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradeTest {
  private static Finding finding(Status status, Severity severity) {
    return new Finding("x.check", "app", "", status, severity, "t", "e", "o", List.of(),
        Instant.EPOCH, List.of(), "", "", 0, null);
  }

  private static Grade grade(List<TargetState> targets, Finding... findings) {
    List<Finding> all = new ArrayList<>(List.of(findings));
    return Grade.of(new ScanResult(ScanResult.SCHEMA, null, targets, all, List.of(), List.of()));
  }

  private static Grade grade(Finding... findings) {
    return grade(List.of(), findings);
  }

  @Test
  void theWorstUnwaivedFailureDecidesTheLetter() {
    Finding pass = finding(Status.PASS, Severity.HIGH);
    assertThat(grade(pass).label()).isEqualTo("A");
    assertThat(grade(pass, finding(Status.FAIL, Severity.LOW)).label()).isEqualTo("B");
    assertThat(grade(pass, finding(Status.FAIL, Severity.INFO)).label()).isEqualTo("B");
    assertThat(grade(pass, finding(Status.FAIL, Severity.MEDIUM)).label()).isEqualTo("C");
    assertThat(grade(pass, finding(Status.FAIL, Severity.HIGH), finding(Status.FAIL,
        Severity.LOW)).label()).isEqualTo("D");
    Grade f = grade(pass, finding(Status.FAIL, Severity.CRITICAL),
        finding(Status.FAIL, Severity.CRITICAL));
    assertThat(f.label()).isEqualTo("F");
    assertThat(f.reasons().get(0)).isEqualTo("worst unwaived failure: critical (2 findings)");
  }

  @Test
  void anUntestedCheckThatCouldGradeWorseMarksTheGradeIncomplete() {
    Finding pass = finding(Status.PASS, Severity.HIGH);
    Finding skippedHigh = finding(Status.SKIPPED, Severity.HIGH);
    Grade a = grade(pass, skippedHigh);
    assertThat(a.label()).isEqualTo("B?");
    assertThat(a.reasons()).contains(
        "1 check not tested (worst: high, x.check): not A, and the grade could be lower");
    // A high failure already grades D: an untested high check could not make it worse...
    Grade d = grade(pass, finding(Status.FAIL, Severity.HIGH), skippedHigh);
    assertThat(d.label()).isEqualTo("D");
    assertThat(d.reasons()).noneMatch(r -> r.contains("not tested"));
    // ...an untested critical one could.
    Grade f = grade(pass, finding(Status.FAIL, Severity.HIGH), skippedHigh,
        finding(Status.SKIPPED, Severity.CRITICAL));
    assertThat(f.label()).isEqualTo("D?");
    assertThat(f.reasons()).contains(
        "1 check not tested (worst: critical, x.check): the grade could be lower");
  }

  @Test
  void aSkipThePolicyChoseLeavesTheGradeAndTheGateAlone() {
    Finding pass = finding(Status.PASS, Severity.HIGH);
    for (String chosen : List.of(GateVerdict.NOT_REQUIRED_BY_POLICY + " (https.redirect: false)",
        GateVerdict.DISABLED_BY_POLICY + " (checks: 'x.*')")) {
      Finding off = new Finding("x.check", "app", "", Status.SKIPPED, Severity.HIGH, "t", "e",
          chosen, List.of(), Instant.EPOCH, List.of(), "", "", 0, null);
      assertThat(grade(pass, off).label()).as(chosen).isEqualTo("A");
      assertThat(GateVerdict.untested(off, Severity.LOW)).as(chosen).isFalse();
    }
    // A skip for want of a setting is no choice: it is named and the grade doubts itself.
    Finding unset = new Finding("x.check", "app", "", Status.SKIPPED, Severity.HIGH, "t", "e",
        "set http_url on the target", List.of(), Instant.EPOCH, List.of(), "", "", 0, null);
    assertThat(grade(pass, unset).label()).isEqualTo("B?");
    assertThat(GateVerdict.untested(unset, Severity.LOW)).isTrue();
  }

  @Test
  void incompleteEvidenceNeverGradesAAndSaysItCouldBeLower() {
    Finding pass = finding(Status.PASS, Severity.HIGH);
    Grade errored = grade(pass, finding(Status.ERROR, Severity.INFO));
    assertThat(errored.letter()).isEqualTo("B");
    assertThat(errored.incomplete()).isTrue();
    assertThat(errored.label()).isEqualTo("B?");
    assertThat(errored.reasons()).anyMatch(r -> r.contains("1 check errored")
        && r.contains("could be lower"));
    Grade unreachable = grade(List.of(new TargetState("api", "https://api.test",
        TargetState.State.UNREACHABLE, "timed out")), pass);
    assertThat(unreachable.label()).isEqualTo("B?");
    // A failure still decides the letter; incompleteness only marks it.
    assertThat(grade(pass, finding(Status.FAIL, Severity.HIGH),
        finding(Status.ERROR, Severity.LOW)).label()).isEqualTo("D?");
  }

  @Test
  void warningsAndAcceptedRisksKeepItFromA() {
    Finding pass = finding(Status.PASS, Severity.HIGH);
    assertThat(grade(pass, finding(Status.WARN, Severity.LOW)).label()).isEqualTo("B");
    assertThat(grade(pass, finding(Status.WAIVED, Severity.CRITICAL)).label()).isEqualTo("B");
    // MANUAL and INFO are not graded; SKIPPED is not either, but an A over an untested high
    // check would read as the check passing (reports25 HIGH 2).
    assertThat(grade(pass, finding(Status.MANUAL, Severity.HIGH),
        finding(Status.INFO, Severity.HIGH)).label()).isEqualTo("A");
    assertThat(grade(pass, finding(Status.SKIPPED, Severity.HIGH)).label()).isEqualTo("B?");
  }

  @Test
  void aRunThatJudgedNothingIsNotGraded() {
    assertThat(grade().label()).isEqualTo("-");
    Grade onlyErrors = grade(finding(Status.ERROR, Severity.HIGH));
    assertThat(onlyErrors.letter()).isEqualTo(Grade.NOT_GRADED);
    assertThat(onlyErrors.label()).isEqualTo("-");
    assertThat(onlyErrors.reasons()).anyMatch(r -> r.contains("nothing to grade"));
  }
}
