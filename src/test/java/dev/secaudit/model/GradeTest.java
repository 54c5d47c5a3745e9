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
    // MANUAL, INFO and SKIPPED are not graded.
    assertThat(grade(pass, finding(Status.MANUAL, Severity.HIGH),
        finding(Status.INFO, Severity.HIGH), finding(Status.SKIPPED, Severity.HIGH)).label())
        .isEqualTo("A");
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
