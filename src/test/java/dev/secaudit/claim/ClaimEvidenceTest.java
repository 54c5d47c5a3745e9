package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a page may say a claim's checks looked at: the running service, or files read on disk. */
class ClaimEvidenceTest {
  private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

  private static Finding finding(String checkId, String target) {
    return new Finding(checkId, target, "", Status.PASS, Severity.MEDIUM, "t", "", "",
        List.of(), T0, List.of(), "", "", 0, null);
  }

  private static ClaimEvidence evidence(List<TargetState> targets, Finding... findings) {
    RunInfo run = new RunInfo("run-1", "secaudit", "test", T0, T0.plusSeconds(3), "p.yaml", "p",
        "", List.of("secaudit", "scan"), "low", List.of());
    return new ClaimEvidence(new ScanResult(ScanResult.SCHEMA, run, targets, List.of(findings),
        List.of(), List.of()), T0, Duration.ofDays(30));
  }

  private static final List<TargetState> TARGETS = List.of(
      new TargetState("app", "https://app.acme.test", TargetState.State.EVALUATED, ""),
      new TargetState("app-logs", "files:/var/log/app", TargetState.State.EVALUATED, ""));

  @Test
  void checksOfFilesOnDiskAreNotSaidToBeOfLiveSystems() {
    ClaimEvidence e = evidence(TARGETS, finding("retention.window", "app-logs"),
        finding("https.redirect", "app"));
    assertThat(e.checkedWhere(List.of("retention.window"))).isEqualTo("our files and configuration");
    assertThat(e.checkedWhere(List.of("https.redirect"))).isEqualTo("our live systems");
    assertThat(e.checkedWhere(List.of("retention.window", "https.*")))
        .isEqualTo("our live systems and of our files and configuration");
  }

  @Test
  void aScanListingNoTargetsSaysNothingOfWhere() {
    assertThat(evidence(List.of(), finding("https.redirect", "app"))
        .checkedWhere(List.of("https.redirect"))).isEmpty();
  }
}
