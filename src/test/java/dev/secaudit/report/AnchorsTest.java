package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Anchors#make} starts a clashing base's search at the counter its last id took. The ids
 * must be those of the plain rule (the base, else base-2, base-3 … the first not taken), however
 * ids made from other parts already spell a base's counters (`a-2` made as a base of its own,
 * before or after `a` is met again).
 */
class AnchorsTest {
  /** The rule as first written: every counter tried from 2. */
  private static final class PlainRule {
    private final Anchors bases = new Anchors();
    private final Set<String> used = new HashSet<>();

    String make(String... parts) {
      String base = bases.base("f-", parts);
      String id = base;
      for (int n = 2; !used.add(id); n++) {
        id = base + "-" + n;
      }
      return id;
    }
  }

  @Test
  void sameIdsAsThePlainRuleWhateverClashes() {
    // Parts whose bases spell other bases' counters: "a" gives f-a, "a 2" and "a-2" give f-a-2,
    // "a-2-2" gives f-a-2-2; a lossy part ("a!") adds a hash and clashes only with itself.
    String[] parts = {"a", "a-2", "a 2", "a-3", "a-2-2", "a-2-3", "b", "b-2", "a!", "a-10"};
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      Anchors anchors = new Anchors();
      PlainRule plain = new PlainRule();
      List<String> made = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String part = parts[random.nextInt(random.nextBoolean() ? 2 : parts.length)];
        String id = anchors.make("f-", part);
        assertThat(id).as("seed %d, id %d (%s)", seed, i, part).isEqualTo(plain.make(part));
        made.add(id);
      }
      assertThat(new HashSet<>(made)).hasSize(made.size());
    }
  }
}
