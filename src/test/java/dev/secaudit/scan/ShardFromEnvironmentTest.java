package dev.secaudit.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.policy.UsageException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --shard auto: each scheduler's variables, their first index, and what is refused. */
class ShardFromEnvironmentTest {
  private static Shard.FromEnvironment read(Map<String, String> env, Integer count) {
    return Shard.fromEnvironment(env::get, count);
  }

  @Test
  void eachSchedulersIndexAndCount() {
    // Kubernetes counts pods from 0 and publishes no count: it comes from the option or env.
    assertThat(read(Map.of("JOB_COMPLETION_INDEX", "0"), 4).shard()).isEqualTo(new Shard(1, 4));
    assertThat(read(Map.of("JOB_COMPLETION_INDEX", "3"), 4).shard()).isEqualTo(new Shard(4, 4));
    // GitLab's parallel jobs count from 1.
    assertThat(read(Map.of("CI_NODE_INDEX", "2", "CI_NODE_TOTAL", "5"), null).shard())
        .isEqualTo(new Shard(2, 5));
    // Buildkite and CircleCI count from 0.
    assertThat(read(Map.of("BUILDKITE_PARALLEL_JOB", "0", "BUILDKITE_PARALLEL_JOB_COUNT", "3"),
        null).shard()).isEqualTo(new Shard(1, 3));
    assertThat(read(Map.of("CIRCLE_NODE_INDEX", "2", "CIRCLE_NODE_TOTAL", "3"), null).shard())
        .isEqualTo(new Shard(3, 3));
    // secaudit's own (a GitHub matrix sets them) count from 1, like --shard.
    Shard.FromEnvironment own = read(Map.of("SECAUDIT_SHARD_INDEX", "2",
        "SECAUDIT_SHARD_COUNT", "4"), 4);
    assertThat(own.shard()).isEqualTo(new Shard(2, 4));
    assertThat(own.source()).isEqualTo("SECAUDIT_SHARD_INDEX=2, SECAUDIT_SHARD_COUNT=4");
  }

  @Test
  void secauditsOwnVariablesWinOverTheSchedulers() {
    // CircleCI sets its variables on every job; a job that says which shard it is, is believed.
    assertThat(read(Map.of("CIRCLE_NODE_INDEX", "0", "CIRCLE_NODE_TOTAL", "1",
        "SECAUDIT_SHARD_INDEX", "3", "SECAUDIT_SHARD_COUNT", "3"), null).shard())
        .isEqualTo(new Shard(3, 3));
  }

  @Test
  void refusesWhatCannotBeAPart() {
    assertThatThrownBy(() -> read(Map.of(), 4)).isInstanceOf(UsageException.class)
        .hasMessageContaining("none of SECAUDIT_SHARD_INDEX, JOB_COMPLETION_INDEX, CI_NODE_INDEX,"
            + " BUILDKITE_PARALLEL_JOB, CIRCLE_NODE_INDEX is set");
    assertThatThrownBy(() -> read(Map.of("JOB_COMPLETION_INDEX", "1"), null))
        .hasMessageContaining("--shard-count N or SECAUDIT_SHARD_COUNT");
    assertThatThrownBy(() -> read(Map.of("JOB_COMPLETION_INDEX", "4"), 4))
        .hasMessageContaining("JOB_COMPLETION_INDEX=4, count 4 is not a part of 4"
            + " (JOB_COMPLETION_INDEX counts from 0)");
    assertThatThrownBy(() -> read(Map.of("CI_NODE_INDEX", "two", "CI_NODE_TOTAL", "4"), null))
        .hasMessageContaining("CI_NODE_INDEX='two' is not a whole number");
    assertThatThrownBy(() -> read(Map.of("CI_NODE_INDEX", "1", "CI_NODE_TOTAL", "4"), 3))
        .hasMessageContaining("CI_NODE_TOTAL is 4 but --shard-count (or SECAUDIT_SHARD_COUNT)"
            + " is 3");
  }
}
