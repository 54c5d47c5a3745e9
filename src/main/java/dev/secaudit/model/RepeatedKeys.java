package dev.secaudit.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys ({@link Finding#key()}) a list of findings holds more than once. Baselines, SARIF
 * fingerprints, waivers, {@code merge} and {@code answer} take a key for one verdict, and every
 * scan.json reader refuses a key twice; a scan or merge that wrote one would be refused by its
 * own readers, so the scanner and {@code merge} assert there is none (the test suite runs with
 * assertions on: every scan it makes is held to it).
 */
public final class RepeatedKeys {
  private RepeatedKeys() {}

  /** Each key held more than once, as "check|target|subject (n times)", in first-seen order. */
  public static List<String> of(List<Finding> findings) {
    Map<String, Integer> counts = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (Finding f : findings) {
      if (counts.merge(f.key(), 1, Integer::sum) == 2) {
        order.add(f.key());
      }
    }
    return order.stream().map(k -> k + " (" + counts.get(k) + " times)").toList();
  }
}
