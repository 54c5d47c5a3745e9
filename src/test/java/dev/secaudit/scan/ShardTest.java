package dev.secaudit.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.policy.UsageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardTest {
  private static List<String> names(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add("host-" + i + ".acme.test");
    }
    return names;
  }

  @Test
  void everyTargetIsInExactlyOneShardAndTheShardsAreRoughlyEven() {
    List<String> names = names(3000);
    int[] sizes = new int[4];
    for (String n : names) {
      int owners = 0;
      for (int i = 1; i <= 4; i++) {
        if (new Shard(i, 4).contains(n)) {
          owners++;
          sizes[i - 1]++;
        }
      }
      assertThat(owners).isEqualTo(1);
    }
    for (int s : sizes) {
      assertThat(s).isBetween(650, 850);
    }
  }

  @Test
  void aTargetsShardDependsOnItsNameAloneNotOnTheOtherLines() {
    List<String> names = names(200);
    Map<String, Integer> before = new HashMap<>();
    names.forEach(n -> before.put(n, Shard.of(n, 5)));
    List<String> shuffled = new ArrayList<>(names.subList(0, 150));
    shuffled.add("new.acme.test");
    Collections.shuffle(shuffled, new Random(7));
    for (String n : shuffled) {
      if (before.containsKey(n)) {
        assertThat(Shard.of(n, 5)).isEqualTo(before.get(n));
      }
    }
    assertThat(Shard.of("app.acme.test", 1)).isEqualTo(1);
  }

  @Test
  void badShardsAreUsageErrors() {
    assertThat(Shard.parse(" 2/4 ")).isEqualTo(new Shard(2, 4));
    for (String bad : List.of("0/4", "5/4", "1/0", "a/b", "2", "1/2/3", "")) {
      assertThatThrownBy(() -> Shard.parse(bad)).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("--shard:");
    }
  }
}
