package dev.secaudit.report;

import java.util.Map;
import java.util.function.Function;

/**
 * What a renderer makes from a value of a finding (a cell, a list of links, a time's text), made
 * once for each distinct value and kept for the findings after it: a fleet's findings share their
 * texts, evidence lists, mapping lists and times by the thousand. At most {@link #KEPT} are kept
 * (the map starts again when full), so a scan of all-different values holds no more than that.
 *
 * @param <K> the finding's value (compared as {@code kept} compares keys: by identity for a list
 *     the reader keeps once, by equality otherwise)
 */
final class KeptValues<K, V> {
  // Small for the same reason as TextPool.GENERATION: a full map of a fleet's one-target
  // values lived through several young collections and went dead into the old generation.
  private static final int KEPT = 1 << 11;
  private final Map<K, V> kept;

  /** @param kept an empty map, which decides how keys are compared */
  KeptValues(Map<K, V> kept) {
    this.kept = kept;
  }

  /** What {@code make} makes of {@code key}, made before or now; a null it makes is not kept. */
  V of(K key, Function<K, V> make) {
    V known = kept.get(key);
    if (known == null) {
      known = make.apply(key);
      if (known != null) {
        if (kept.size() >= KEPT) {
          // Start again rather than stop keeping: the values a fleet repeats are made again at
          // once, and what is kept stays as small at 400,000 findings as at 50,000 (a full
          // map of 65,536 held its keys and values to the end).
          kept.clear();
        }
        kept.put(key, known);
      }
    }
    return known;
  }
}
