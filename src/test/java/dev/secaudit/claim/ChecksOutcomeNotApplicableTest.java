package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A claim is never verified by a check that did not apply: it goes to review, saying why. */
class ChecksOutcomeNotApplicableTest {
  private static Finding finding(String check, String target, Status status, String observed) {
    return Finding.builder(check).target(target).status(status).severity(Severity.MEDIUM)
        .title(check).observed(observed).time(Instant.parse("2026-03-01T10:00:00Z")).build();
  }

  @Test
  void aClaimWhoseOnlyEvidenceDidNotApplyIsNotVerifiedAndSaysWhy() {
    ChecksOutcome o = ChecksOutcome.of(List.of("tls.certificate.ocsp_stapling"), List.of(
        finding("tls.certificate.ocsp_stapling", "app", Status.NOT_APPLICABLE,
            "no OCSP response stapled (optional); the certificate names no OCSP responder")));
    assertThat(o.status()).isEqualTo(Status.WARN);
    assertThat(o.observed()).contains("nothing verifies the claim")
        .contains("not applicable: tls.certificate.ocsp_stapling on app (no OCSP response"
            + " stapled (optional)");
  }

  @Test
  void aListedCheckThatOnlyDidNotApplyLeavesTheClaimUnverifiedBesideOnesThatPassed() {
    ChecksOutcome o = ChecksOutcome.of(List.of("hsts.max_age", "tls.dh_params"), List.of(
        finding("hsts.max_age", "app", Status.PASS, "max-age=63072000"),
        finding("tls.dh_params", "app", Status.NOT_APPLICABLE, "no finite-field DHE suite")));
    assertThat(o.status()).isEqualTo(Status.WARN);
    assertThat(o.observed()).contains("1 not applicable, 1 pass")
        .contains("not verified: tls.dh_params judged nothing in this scan (not applicable:");
  }

  @Test
  void aCheckJudgedOnOneTargetAndNotApplicableOnAnotherIsVerifiedWhereItApplied() {
    ChecksOutcome o = ChecksOutcome.of(List.of("tls.dh_params"), List.of(
        finding("tls.dh_params", "app", Status.PASS, "2048 bits"),
        finding("tls.dh_params", "api", Status.NOT_APPLICABLE, "no finite-field DHE suite")));
    assertThat(o.status()).isEqualTo(Status.PASS);
    assertThat(o.observed()).isEqualTo("2 findings of tls.dh_params: 1 not applicable, 1 pass");
  }
}
