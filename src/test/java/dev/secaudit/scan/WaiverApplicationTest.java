package dev.secaudit.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.WaiverState;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Waiver;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaiverApplicationTest {
  static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

  static Finding finding(String check, String target, String subject, Status status) {
    return new Finding(check, target, subject, status, Severity.HIGH, "title", "expected",
        "observed", List.of(), T, List.of(), "fix", "/hsts", 7, null);
  }

  static ScanResult scan(Finding... findings) {
    return new ScanResult(ScanResult.SCHEMA, null, List.of(), List.of(findings), List.of(),
        List.of());
  }

  static Waiver waiver(String id, String check, String target, String expires) {
    return new Waiver(id, check, target, "*", "accepted for now", "ciso@acme.test",
        LocalDate.parse(expires), "w.yaml:1:3");
  }

  static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  @Test
  void aWaiverHoldsThroughItsExpiryDayAndLapsesAtUtcMidnight() {
    ScanResult s = scan(finding("hsts.max_age", "app", "", Status.FAIL));
    List<Waiver> w = List.of(waiver("W-1", "hsts.*", "*", "2026-11-22"));

    ScanResult lastSecond = WaiverApplication.apply(s, w, at("2026-11-22T23:59:59.999Z"));
    assertThat(lastSecond.findings().get(0).status()).isEqualTo(Status.WAIVED);
    assertThat(lastSecond.findings().get(0).waiver().id()).isEqualTo("W-1");
    assertThat(lastSecond.findings().get(0).waiver().expires()).isEqualTo("2026-11-22");
    assertThat(lastSecond.waivers().get(0).state()).isEqualTo(WaiverState.ACTIVE);

    ScanResult nextDay = WaiverApplication.apply(s, w, at("2026-11-23T00:00:00Z"));
    Finding f = nextDay.findings().get(0);
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.waiver()).isNull();
    assertThat(f.observed()).isEqualTo("observed (waiver W-1 expired on 2026-11-22)");
    assertThat(nextDay.waivers().get(0).state()).isEqualTo(WaiverState.EXPIRED);
    // Expired: it waived nothing (matched), though its scope still covers the finding.
    assertThat(nextDay.waivers().get(0).matched()).isZero();
    assertThat(nextDay.waivers().get(0).covered()).isEqualTo(1);
    // The gate sees the difference: waived passes, expired fails.
    assertThat(Gate.of(lastSecond, Severity.LOW).outcome()).isEqualTo(GateVerdict.Outcome.PASSED);
    assertThat(Gate.of(nextDay, Severity.LOW).outcome()).isEqualTo(GateVerdict.Outcome.FAILED);
  }

  @Test
  void onlyFailWarnAndErrorAreWaivedAndTheFirstActiveWaiverWins() {
    ScanResult s = scan(
        finding("cookie.secure", "app", "tracking", Status.FAIL),
        finding("cookie.secure", "app", "session", Status.PASS),
        finding("cookie.secure", "api", "tracking", Status.WARN),
        finding("cookie.http_only", "api", "tracking", Status.ERROR),
        finding("cookie.same_site", "app", "tracking", Status.SKIPPED));
    List<Waiver> w = List.of(
        waiver("OLD", "cookie.*", "*", "2026-01-01"),
        waiver("APP", "cookie.secure", "app", "2027-01-01"),
        waiver("ALL", "cookie.*", "*", "2027-01-01"),
        waiver("NOPE", "hsts.*", "*", "2027-01-01"));
    ScanResult out = WaiverApplication.apply(s, w, Clock.fixed(T, ZoneOffset.UTC));
    // An ERROR judged nothing: the waiver covering it is named, the error stays (ci23 H1).
    assertThat(out.findings()).extracting(Finding::status).containsExactly(Status.WAIVED,
        Status.PASS, Status.WAIVED, Status.ERROR, Status.SKIPPED);
    assertThat(out.findings()).extracting(f -> f.waiver() == null ? "-" : f.waiver().id())
        .containsExactly("APP", "-", "ALL", "-", "-");
    assertThat(out.findings().get(3).observed()).contains("waiver ALL not applied: the check"
        + " could not run");
    // matched: what each waived (the expired OLD nothing, ALL what APP left); covered: its scope.
    assertThat(out.waivers()).extracting(ScanResult.WaiverRecord::matched)
        .containsExactly(0, 1, 1, 0);
    assertThat(out.waivers()).extracting(ScanResult.WaiverRecord::covered)
        .containsExactly(3, 1, 3, 0);
    assertThat(out.unmatchedWaivers()).extracting(ScanResult.WaiverRecord::id)
        .containsExactly("NOPE");
  }

  @Test
  void noWaiversLeaveTheScanAsItWas() {
    ScanResult s = scan(finding("hsts.max_age", "app", "", Status.FAIL));
    assertThat(WaiverApplication.apply(s, List.of(), Clock.fixed(T, ZoneOffset.UTC))).isSameAs(s);
  }
}
