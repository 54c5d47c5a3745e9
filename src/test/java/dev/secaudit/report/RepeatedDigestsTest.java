package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digests sorted in runs out of the heap and merged must tell the same repeats as a map of every
 * digest to its places would, whether the runs stayed in the heap (one run) or went to a file,
 * whatever the run's size against the digests' count.
 */
class RepeatedDigestsTest {
  @TempDir Path dir;

  /** The places of every digest given more than once, ascending, as a map tells them. */
  private static int[] expected(long[] digests) {
    Map<Long, List<Integer>> places = new HashMap<>();
    for (int i = 0; i < digests.length; i++) {
      places.computeIfAbsent(digests[i], d -> new ArrayList<>()).add(i);
    }
    return places.values().stream().filter(p -> p.size() > 1).flatMap(List::stream)
        .mapToInt(Integer::intValue).sorted().toArray();
  }

  private static long[] digests(Random random, int count, int repeats, int range) {
    long[] digests = new long[count];
    for (int i = 0; i < count; i++) {
      // Few repeats, many, all one digest, or the extremes a signed order can get wrong.
      digests[i] = random.nextInt(100) < repeats ? random.nextInt(range) - range / 2
          : random.nextLong();
      if (random.nextInt(500) == 0) {
        digests[i] = random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
    }
    return digests;
  }

  @Test
  void tellTheRepeatsAsAMapWouldInTheHeapAndThroughAFile() throws Exception {
    Random random = new Random(24);
    for (int round = 0; round < 60; round++) {
      int count = random.nextInt(3000);
      int run = 1 + random.nextInt(round % 3 == 0 ? 5000 : 200);
      long[] given = digests(random, count, random.nextInt(4) * 10, 1 + random.nextInt(50));
      try (RepeatedDigests digests = new RepeatedDigests(dir, run)) {
        for (int i = 0; i < count; i++) {
          digests.add(given[i], i);
        }
        assertThat(digests.repeated()).as("round %d: %d digests, runs of %d", round, count, run)
            .containsExactly(expected(given));
        assertThat(digests.spilled()).isEqualTo(count > run);
      }
    }
  }

  @Test
  void oneDigestForAllIsEveryPlaceAndNoneRepeatedIsNone() {
    for (int run : new int[] {1, 7, 1000}) {
      RepeatedDigests same = new RepeatedDigests(dir, run);
      RepeatedDigests distinct = new RepeatedDigests(dir, run);
      for (int i = 0; i < 500; i++) {
        same.add(42, i);
        distinct.add(i * 0x9E3779B97F4A7C15L, i);
      }
      assertThat(same.repeated()).hasSize(500).isSorted();
      assertThat(distinct.repeated()).isEmpty();
    }
  }

  @Test
  void theRunsLeaveNoFileAndNoDigestIsTakenAfterTheAnswer() throws Exception {
    RepeatedDigests digests = new RepeatedDigests(dir, 3);
    for (int i = 0; i < 10; i++) {
      digests.add(i % 4, i);
    }
    assertThat(digests.repeated()).containsExactly(expected(new long[] {0, 1, 2, 3, 0, 1, 2, 3,
        0, 1}));
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
    assertThatThrownBy(() -> digests.add(1, 11)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(digests::repeated).isInstanceOf(IllegalStateException.class);
  }
}
