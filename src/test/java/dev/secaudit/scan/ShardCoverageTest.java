package dev.secaudit.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.model.Finding;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.model.TargetState.State;
import dev.secaudit.policy.UsageException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A merge believes a shard only as far as its metadata and its own targets go. */
class ShardCoverageTest {
  /** One target name per shard of three, found by the real assignment. */
  static final List<String> NAMES = IntStream.rangeClosed(1, 3).mapToObj(i -> IntStream
      .range(0, 1000).mapToObj(n -> "t" + n).filter(n -> Shard.of(n, 3) == i).findFirst()
      .orElseThrow()).toList();

  static ShardMerge.Input shard(int index, int count, Map<String, String> params,
      String policySha, String findingTarget) {
    RunInfo run = new RunInfo("r" + index, "secaudit", "0.1.0", Instant.EPOCH,
        Instant.EPOCH.plusSeconds(1), "p.yaml", "p", policySha, List.of("secaudit", "scan"),
        "low", List.of(), new RunInfo.ShardPart(index, count), params);
    List<TargetState> targets = new ArrayList<>();
    for (String n : NAMES) {
      int owner = Shard.of(n, count);
      targets.add(owner == index ? new TargetState(n, "https://" + n + ".test", State.EVALUATED,
          "") : new TargetState(n, "https://" + n + ".test", State.EXCLUDED,
          Shard.REASON + owner + "/" + count));
    }
    List<Finding> findings = findingTarget == null ? List.of() : List.of(new Finding(
        "hsts.max_age", findingTarget, "", Status.PASS, Severity.MEDIUM, "t", "x", "y",
        List.of(), Instant.EPOCH, List.of(), "fix", "", 0, null));
    return new ShardMerge.Input("shard" + index + ".json", "h", new ScanResult(
        ScanResult.SCHEMA, run, targets, findings, List.of(), List.of()));
  }

  static ShardMerge.Input honest(int index) {
    return shard(index, 3, Map.of("active", "false"), "ab", NAMES.get(index - 1));
  }

  static ShardMerge.Merged merge(ShardMerge.Input... in) {
    return ShardMerge.merge(List.of(in), List.of("secaudit", "merge"));
  }

  @Test
  void honestShardsMerge() {
    ShardMerge.Merged m = merge(honest(3), honest(1), honest(2));
    assertThat(m.result().findings()).hasSize(3);
    assertThat(m.result().run().shard()).isNull();
    assertThat(m.result().run().parameters()).containsEntry("active", "false");
  }

  @Test
  void aMissingShardIsNamedAndRefusedUnlessPartial() {
    assertThatThrownBy(() -> merge(honest(1), honest(3))).isInstanceOf(UsageException.class)
        .hasMessageContaining("missing shard 2/3");
    ShardMerge.Merged m = ShardMerge.merge(List.of(honest(1), honest(3)), List.of(), true);
    assertThat(m.notes()).anyMatch(n -> n.contains("missing shard 2/3 (--partial)"));
  }

  @Test
  void overlappingShardsAreRefused() {
    assertThatThrownBy(() -> merge(honest(1), honest(2), honest(2), honest(3)))
        .hasMessageContaining("shard 2/3 was also scanned in shard2.json");
  }

  @Test
  void anotherCountPolicyOrParametersAreRefused() {
    assertThatThrownBy(() -> merge(honest(1), shard(2, 4, Map.of("active", "false"), "ab",
        null))).hasMessageContaining("count of 3");
    assertThatThrownBy(() -> merge(honest(1), shard(2, 3, Map.of("active", "false"), "cd",
        NAMES.get(1)))).hasMessageContaining("only shards of one policy merge");
    assertThatThrownBy(() -> merge(honest(1), shard(2, 3, Map.of("active", "true"), "ab",
        NAMES.get(1)))).hasMessageContaining("run parameters {active=true}");
  }

  @Test
  void aFindingOnAnotherShardsTargetIsRefusedAsForged() {
    ShardMerge.Input forged = shard(2, 3, Map.of("active", "false"), "ab", NAMES.get(0));
    assertThatThrownBy(() -> merge(honest(1), forged, honest(3)))
        .hasMessageContaining("shard2.json: finding hsts.max_age on target '" + NAMES.get(0)
            + "', which another shard scans (shard 1/3)");
    ShardMerge.Input stranger = shard(2, 3, Map.of("active", "false"), "ab", "nobody");
    assertThatThrownBy(() -> merge(honest(1), stranger, honest(3)))
        .hasMessageContaining("is not in its population");
  }

  @Test
  void aTargetScannedOutsideItsShardIsRefused() {
    ShardMerge.Input honest = honest(2);
    List<TargetState> targets = new ArrayList<>(honest.scan().targets());
    targets.set(0, new TargetState(NAMES.get(0), "https://x.test", State.EVALUATED, ""));
    ShardMerge.Input contradictory = new ShardMerge.Input("shard2.json", "h", new ScanResult(
        ScanResult.SCHEMA, honest.scan().run(), targets, List.of(), List.of(), List.of()));
    assertThatThrownBy(() -> merge(honest(1), contradictory, honest(3)))
        .hasMessageContaining("is EVALUATED in shard 2/3 but belongs to shard 1/3");
  }

  @Test
  void aResultWithoutShardMetadataDoesNotMergeWithShards() {
    ShardMerge.Input whole = new ShardMerge.Input("old.json", "h", new ScanResult(
        ScanResult.SCHEMA, new RunInfo("r", "secaudit", "0.1.0", Instant.EPOCH, Instant.EPOCH,
            "p.yaml", "p", "ab", List.of(), "low", List.of(), null, Map.of("active", "false")),
        honest(2).scan().targets(), List.of(), List.of(), List.of()));
    assertThatThrownBy(() -> merge(honest(1), whole, honest(3)))
        .hasMessageContaining("old.json: run.shard is missing");
    // Alone it merges with a note that does not guess its age (a current unsharded scan.json
    // was called "written by an older secaudit").
    assertThat(ShardCoverage.check(List.of(whole), false)).singleElement().asString()
        .contains("not 'scan --shard' results").doesNotContain("an older secaudit");
  }
}
