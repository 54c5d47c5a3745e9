package dev.secaudit.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Finding.BaselineState;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A finding that moves to NOT_APPLICABLE is no new problem; from a failure it is a fix. */
class BaselineNotApplicableTest {
  private static ScanResult scan(Status dh, Status header) {
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    List<Finding> findings = List.of(
        Finding.builder("tls.dh_params").target("app").subject("DHE parameters").status(dh)
            .severity(Severity.HIGH).title("t").time(t).build(),
        Finding.builder("header.rule").target("app").subject("X-XSS-Protection").status(header)
            .severity(Severity.LOW).title("t").time(t).build());
    return new ScanResult(ScanResult.SCHEMA, null,
        List.of(new TargetState("app", "https://app.test", TargetState.State.EVALUATED, "")),
        findings, List.of(), List.of());
  }

  @Test
  void passToNotApplicableIsUnchangedAndFailToNotApplicableIsResolved() {
    ScanResult before = scan(Status.FAIL, Status.PASS);
    ScanResult now = BaselineComparison.compare(scan(Status.NOT_APPLICABLE,
        Status.NOT_APPLICABLE), before, "base.json");
    assertThat(now.findings()).extracting(Finding::baseline)
        .containsExactly(BaselineState.RESOLVED, BaselineState.UNCHANGED);
    assertThat(now.baseline().newCount()).isZero();
    assertThat(now.baseline().resolved()).extracting(Finding::checkId)
        .containsExactly("tls.dh_params");
    // Back from not applicable to a failure is a new problem.
    ScanResult again = BaselineComparison.compare(scan(Status.FAIL, Status.NOT_APPLICABLE), now,
        "base.json");
    assertThat(again.findings().get(0).baseline()).isEqualTo(BaselineState.NEW);
  }
}
