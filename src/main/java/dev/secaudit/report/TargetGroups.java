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

  private static final int PAGE = 1 << 10;
  private final SpillStore[] stores;
  // The targets in the file's order, and where each one's rows begin in each store: a row of
  // the stores' sizes a group, in pages of PAGE groups (an array a store, grown by doubling,
  // held up to twice the 96 bytes a target of a fleet's).
  private final List<String> targets = new ArrayList<>();
  private final List<long[]> starts = new ArrayList<>();
  // The targets met, while the findings are read.
  private Set<String> seen = new HashSet<>();
  private String current;

  /**
   * @param parts how many stores
   * @param folder where the temporary files go (null: the JVM's temporary folder)
   * @param memory bytes kept in memory for each store ({@link #MEMORY})
   */
  TargetGroups(int parts, Path folder, long memory) {
    stores = new SpillStore[parts];
    for (int s = 0; s < parts; s++) {
      stores[s] = new SpillStore(folder, memory);
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
    if (g % PAGE == 0) {
      starts.add(new long[PAGE * stores.length]);
    }
    long[] page = starts.get(g / PAGE);
    for (int s = 0; s < stores.length; s++) {
      page[g % PAGE * stores.length + s] = stores[s].size();
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
    seen = Set.of();
  }

  /** How many groups. */
  int size() {
    return targets.size();
  }

  String target(int group) {
    return targets.get(group);
  }

  /**
   * The group's target henceforth named by {@code name}, an equal String the caller holds anyway:
   * a fleet's names were held twice, as the findings and as the targets list them.
   */
  void sameName(int group, String name) {
    if (!targets.get(group).equals(name)) {
      throw new IllegalArgumentException("not the group's target");
    }
    targets.set(group, name);
  }

  /** Where the group's rows in a store begin. */
  long from(int part, int group) {
    return starts.get(group / PAGE)[group % PAGE * stores.length + part];
  }

  /** Where the group's rows in a store end. */
  long to(int part, int group) {
    return group + 1 < targets.size() ? from(part, group + 1) : stores[part].size();
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
