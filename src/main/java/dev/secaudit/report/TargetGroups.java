package dev.secaudit.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The findings of a scan that come target by target, as {@code scan} and {@code merge} write them,
 * held one target at a time: a report keeps the target being read (its group), and when the next
 * target begins it writes the group's rows, sorted its own way, into a few stores ({@link
 * SpillStore}, one per part: a severity, say). Each store then holds every group's rows in the
 * file's order of targets, and {@link #order} gives the groups in the report's order, so a report
 * sorted by part, then target, then what it likes within a target, is read back without ever
 * holding more than one target's findings. Both the CSV ({@link CsvGroups}) and the HTML ({@link
 * HtmlGroups}) are written so.
 *
 * <p>A file whose findings of one target are not all together (hand-made, or reordered) is
 * refused with {@link NotGrouped}, and the caller reads it again in target order ({@link
 * FindingRuns}), or whole.
 */
final class TargetGroups implements AutoCloseable {
  /** Bytes kept in memory for each store before its rows go to a temporary file. */
  static final long MEMORY = 1 << 20;

  /** This file takes the whole in-memory way: its findings of a target are apart, say. */
  static final class NotGrouped extends RuntimeException {
    private final boolean scattered;

    NotGrouped() {
      this(false);
    }

    private NotGrouped(boolean scattered) {
      super(null, null, false, false);
      this.scattered = scattered;
    }

    /** Only because a target's findings are apart: the file can be read again in target order
     * ({@link FindingRuns}). */
    boolean scattered() {
      return scattered;
    }
  }

  private final SpillStore[] stores;
  // The targets in the file's order, and where each one's rows begin in each store.
  private final List<String> targets = new ArrayList<>();
  private final long[][] starts;
  private final Set<String> seen = new HashSet<>();
  private String current;

  /**
   * @param parts how many stores
   * @param folder where the temporary files go (null: the JVM's temporary folder)
   * @param memory bytes kept in memory for each store ({@link #MEMORY})
   */
  TargetGroups(int parts, Path folder, long memory) {
    stores = new SpillStore[parts];
    starts = new long[parts][];
    for (int s = 0; s < parts; s++) {
      stores[s] = new SpillStore(folder, memory);
      starts[s] = new long[64];
    }
  }

  /**
   * The next finding's target: when it begins a new group, {@code flush} is run first for the
   * group before (its rows go to the stores); a target met again after another is refused.
   */
  void arrive(String target, Runnable flush) {
    if (target.equals(current)) {
      return;
    }
    if (current != null) {
      flush.run();
    }
    if (!seen.add(target)) {
      throw new NotGrouped(true);
    }
    current = target;
  }

  /** The target being read. */
  String current() {
    return current;
  }

  /**
   * The group being read begins its rows here, in every store: called by the flush before it
   * writes any.
   */
  void begin() {
    int g = targets.size();
    targets.add(current);
    for (int s = 0; s < stores.length; s++) {
      if (g == starts[s].length) {
        starts[s] = Arrays.copyOf(starts[s], g * 2);
      }
      starts[s][g] = stores[s].size();
    }
  }

  SpillStore store(int part) {
    return stores[part];
  }

  /** The last finding has been read: the last group is flushed and the stores can be read. */
  void finish(Runnable flush) {
    if (current != null) {
      flush.run();
      current = null;
    }
    for (SpillStore s : stores) {
      s.finishWriting();
    }
  }

  /** How many groups. */
  int size() {
    return targets.size();
  }

  String target(int group) {
    return targets.get(group);
  }

  /** Where the group's rows in a store begin. */
  long from(int part, int group) {
    return starts[part][group];
  }

  /** Where the group's rows in a store end. */
  long to(int part, int group) {
    return group + 1 < targets.size() ? starts[part][group + 1] : stores[part].size();
  }

  /**
   * The groups in the report's order: the targets in population order ({@code population}: each
   * name's place), then the others by name.
   */
  int[] order(Map<String, Integer> population) {
    Integer[] order = new Integer[targets.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(
        (Integer g) -> population.getOrDefault(targets.get(g), Integer.MAX_VALUE))
        .thenComparing(targets::get));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  /** Whether any rows went to a temporary file. */
  boolean spilled() {
    return Arrays.stream(stores).anyMatch(SpillStore::inFile);
  }

  @Override
  public void close() {
    for (SpillStore s : stores) {
      s.close();
    }
  }
}
