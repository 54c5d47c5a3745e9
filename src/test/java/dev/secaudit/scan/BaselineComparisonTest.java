package dev.secaudit.scan;

import static dev.secaudit.scan.WaiverApplicationTest.finding;
import static dev.secaudit.scan.WaiverApplicationTest.scan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Finding.BaselineState;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import org.junit.jupiter.api.Test;

class BaselineComparisonTest {

  /**
   * Resolved means judged again and found gone or passing; an earlier problem whose check did not
   * run on its target this time (cors.origin on api) is not scanned, never resolved.
   */
  @Test
  void marksNewUnchangedAndListsResolved() {
    ScanResult before = scan(
        finding("hsts.max_age", "app", "", Status.FAIL),
        finding("cookie.secure", "app", "tracking", Status.FAIL),
        finding("cookie.secure", "app", "old_cookie", Status.FAIL),
        finding("cookie.secure", "app", "session", Status.PASS),
        finding("csp.unsafe_inline", "app", "script-src", Status.WARN),
        finding("cors.origin", "api", "", Status.FAIL),
        finding("header.rule", "api", "X-Frame-Options", Status.FAIL));
    ScanResult now = scan(
        finding("hsts.max_age", "app", "", Status.FAIL),              // still failing
        finding("cookie.secure", "app", "tracking", Status.PASS),     // fixed
        finding("cookie.secure", "app", "session", Status.FAIL),      // regressed
        finding("csp.unsafe_inline", "app", "script-src", Status.WARN),
        finding("header.rule", "api", "X-Frame-Options", Status.WAIVED), // accepted, not fixed
        finding("cookie.http_only", "app", "new_cookie", Status.FAIL)); // cors.origin did not run

    ScanResult cmp = BaselineComparison.compare(now, before, "old/scan.json");
    assertThat(cmp.findings()).extracting(Finding::baseline).containsExactly(
        BaselineState.UNCHANGED, BaselineState.RESOLVED, BaselineState.NEW,
        BaselineState.UNCHANGED, BaselineState.UNCHANGED, BaselineState.NEW);
    ScanResult.Baseline b = cmp.baseline();
    assertThat(b.file()).isEqualTo("old/scan.json");
    // The X-Frame-Options failure was known and is now waived: not a new failure. The fixed
    // tracking cookie is a fix, not a new problem: new counts the regression and the new cookie.
    assertThat(b.newCount()).isEqualTo(2);
    assertThat(b.unchangedCount()).isEqualTo(3);
    // old_cookie is gone from a target cookie.secure judged again: resolved.
    assertThat(b.resolved()).extracting(Finding::key)
        .containsExactly("cookie.secure|app|tracking", "cookie.secure|app|old_cookie");
    assertThat(b.resolved()).allMatch(f -> f.baseline() == BaselineState.RESOLVED
        && f.status() == Status.FAIL);
    assertThat(b.notScanned()).extracting(Finding::key).containsExactly("cors.origin|api|");
    assertThat(b.notScanned()).allMatch(f -> f.baseline() == BaselineState.NOT_SCANNED);
    // The scans record no policy (no run info): nothing to note.
    assertThat(b.notes()).isEmpty();

    // --fail-on-new: the unchanged hsts failure no longer fails the gate; the new ones do.
    GateVerdict all = Gate.of(cmp, Severity.LOW, false);
    GateVerdict onlyNew = Gate.of(cmp, Severity.LOW, true);
    assertThat(all.failing()).hasSize(3);
    assertThat(onlyNew.failing()).extracting(Finding::key)
        .containsExactly("cookie.secure|app|session", "cookie.http_only|app|new_cookie");
    assertThat(onlyNew.describe()).isEqualTo("FAILED: 2 new findings at or above low");
  }

  /**
   * A target that went down answers each check with an ERROR about the rule ("*sess*"), not the
   * cookie the baseline failed: that judges nothing, so the old failures are not scanned, never
   * resolved (an evidence report listing fixes that never happened).
   */
  @Test
  void aTargetThatWentDownResolvesNothing() {
    ScanResult before = scan(
        finding("cookie.http_only", "bad", "session", Status.FAIL),
        finding("csp.policy", "bad", "base-uri", Status.FAIL),
        finding("csp.policy", "good", "base-uri", Status.FAIL));
    ScanResult now = scan(
        finding("cookie.http_only", "bad", "*sess*", Status.ERROR),
        finding("csp.policy", "bad", "", Status.ERROR),
        finding("csp.policy", "good", "", Status.PASS));

    ScanResult.Baseline b = BaselineComparison.compare(now, before, "old/scan.json").baseline();

    assertThat(b.resolved()).extracting(Finding::key).containsExactly("csp.policy|good|base-uri");
    assertThat(b.notScanned()).extracting(Finding::key)
        .containsExactly("cookie.http_only|bad|session", "csp.policy|bad|base-uri");
  }

  @Test
  void withOnlyKnownFailuresTheNewGatePasses() {
    ScanResult before = scan(finding("hsts.max_age", "app", "", Status.FAIL));
    ScanResult cmp = BaselineComparison.compare(before, before, "scan.json");
    assertThat(Gate.of(cmp, Severity.LOW, true).outcome()).isEqualTo(GateVerdict.Outcome.PASSED);
    assertThat(Gate.of(cmp, Severity.LOW, true).describe())
        .isEqualTo("passed: no new failure at or above low");
    assertThat(Gate.of(cmp, Severity.LOW, false).outcome()).isEqualTo(GateVerdict.Outcome.FAILED);
  }
}
