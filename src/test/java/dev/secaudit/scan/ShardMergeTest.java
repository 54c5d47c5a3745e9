package dev.secaudit.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind.Known;
import dev.secaudit.model.Finding;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.WaiverRecord;
import dev.secaudit.model.ScanResult.WaiverState;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.model.TargetState.State;
import dev.secaudit.policy.UsageException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge rules that the loopback end-to-end test cannot provoke. */
class ShardMergeTest {
  static Finding finding(String check, String target, Status status) {
    return new Finding(check, target, "", status, Severity.MEDIUM, check, "x", "y", List.of(),
        Instant.EPOCH, List.of(), "fix", "", 0, null);
  }

  static ScanResult shard(String runId, String failOn, String mine, String other, int shard,
      Status claim, int waived, Instant started) {
    RunInfo run = new RunInfo(runId, "secaudit", "0.1.0", started, started.plusSeconds(9),
        "p.yaml", "p", "ab".repeat(32), List.of("secaudit", "scan"), failOn, List.of("soc2"));
    List<TargetState> population = new java.util.ArrayList<>(List.of(
        new TargetState("a", "https://a.test", State.EXCLUDED, Shard.REASON + "1/2"),
        new TargetState("b", "https://b.test", State.EXCLUDED, Shard.REASON + "2/2")));
    population.set(shard - 1, new TargetState(mine, "https://" + mine + ".test", State.EVALUATED,
        ""));
    return new ScanResult(ScanResult.SCHEMA, run, population,
        List.of(finding("hsts.max_age", mine, Status.FAIL).withBaseline(
            Finding.BaselineState.NEW), finding("claim.attestation", "", claim)),
        List.of(Artifact.of(mine + "/page-1", mine, Known.HTTP_EXCHANGE, started, "GET", mine)),
        List.of(), List.of(new WaiverRecord("W-1", "csp.*", "*", "*", "j", "ciso", "2026-12-31",
            WaiverState.ACTIVE, waived, "w.yaml:1:3")), null);
  }

  @Test
  void policyWideVerdictsKeepTheMostUrgentAndWaiverMatchesAddUp() {
    ScanResult one = shard("r1", "low", "a", "b", 1, Status.PASS, 2,
        Instant.parse("2026-03-01T10:00:00Z"));
    ScanResult two = shard("r2", "low", "b", "a", 2, Status.FAIL, 3,
        Instant.parse("2026-03-01T09:59:00Z"));
    ScanResult merged = ShardMerge.merge(List.of(new ShardMerge.Input("2.json", "x", two),
        new ShardMerge.Input("1.json", "y", one)), List.of("secaudit", "merge")).result();
    assertThat(merged.targets()).extracting(TargetState::name, TargetState::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", State.EVALUATED),
            org.assertj.core.groups.Tuple.tuple("b", State.EVALUATED));
    assertThat(merged.findings()).extracting(f -> f.target() + " " + f.checkId() + " "
        + f.status()).containsExactly("a hsts.max_age FAIL", "b hsts.max_age FAIL",
            " claim.attestation FAIL");
    assertThat(merged.findings()).allMatch(f -> f.baseline() == null);
    assertThat(merged.baseline()).isNull();
    assertThat(merged.waivers()).singleElement().extracting(WaiverRecord::matched).isEqualTo(5);
    assertThat(merged.run().started()).isEqualTo(Instant.parse("2026-03-01T09:59:00Z"));
    assertThat(merged.run().finished()).isEqualTo(Instant.parse("2026-03-01T10:00:09Z"));
    assertThat(merged.artifacts()).extracting(Artifact::id)
        .containsExactly("a/page-1", "b/page-1", "merge/shards");
    ScanResult again = ShardMerge.merge(List.of(new ShardMerge.Input("1.json", "y", one),
        new ShardMerge.Input("2.json", "x", two)), List.of("secaudit", "merge")).result();
    assertThat(again.run().id()).isEqualTo(merged.run().id());
  }

  @Test
  void shardsGatedDifferentlyAreRefused() {
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    assertThatThrownBy(() -> ShardMerge.merge(List.of(
        new ShardMerge.Input("1.json", "y", shard("r1", "low", "a", "b", 1, Status.PASS, 0, t)),
        new ShardMerge.Input("2.json", "x", shard("r2", "high", "b", "a", 2, Status.PASS, 0, t))),
        List.of())).isInstanceOf(UsageException.class).hasMessageContaining("--fail-on");
  }

  @Test
  void shardsThatJudgedClaimsAreNotMergedWithoutThePolicy() {
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    ScanResult one = shard("r1", "low", "a", "b", 1, Status.PASS, 0, t);
    ScanResult verified = new ScanResult(one.schema(), one.run(), one.targets(),
        List.of(finding("claim.verified", "policy", Status.PASS)), one.artifacts(),
        one.claims(), one.waivers(), null);
    // No shard's verdict on a claim is the fleet's: without the policy there is none to give.
    assertThatThrownBy(() -> ShardMerge.merge(List.of(new ShardMerge.Input("1.json", "y",
        verified), new ShardMerge.Input("2.json", "x", shard("r2", "low", "b", "a", 2,
            Status.PASS, 0, t))), List.of(), false))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("1.json: findings[] holds claim.verified")
        .hasMessageContaining("--policy");
  }
}
