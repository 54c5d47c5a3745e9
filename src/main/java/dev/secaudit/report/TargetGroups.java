package dev.secaudit.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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
  // The targets in the file's order, and where each one's rows lie in each store it wrote to
  // (Ranges): a fleet's target writes to a few of the stores (the CSV's 48 statuses and
  // severities), and a row of every store's start for every group was 384 bytes a target, 6.8 MB
  // at 17,670 targets, dead weight in the old generation.
  // A group's number is its target's in `names` (both the order first met), and its name is read
  // back once the findings are read: a String and a set's node a target, held while the file was
  // read, were ~100 bytes of each of a fleet's targets (3.7 MB at 36,864), twice over past it.
  private TextNumbers names;
  private String[] targets;
  private int size;
  private final Ranges[] ranges;
  // Each store's size when the group being written began.
  private final long[] began;
  private String current;

  /**
   * @param parts how many stores
   * @param folder where the temporary files go (null: the JVM's temporary folder)
   * @param memory bytes kept in memory for each store ({@link #MEMORY})
   */
  TargetGroups(int parts, Path folder, long memory) {
    stores = new SpillStore[parts];
    ranges = new Ranges[parts];
    for (int s = 0; s < parts; s++) {
      stores[s] = new SpillStore(folder, memory);
      ranges[s] = new Ranges();
    }
    began = new long[parts];
    names = new TextNumbers(folder, memory, ArtifactDigests::hash, false);
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
    if (!names.add(target)) {
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
    ended();
    size++;
    for (int s = 0; s < stores.length; s++) {
      began[s] = stores[s].size();
    }
  }

  // The group begun last has written its rows: each store it wrote to records where they begin.
  private void ended() {
    int g = size - 1;
    if (g < 0) {
      return;
    }
    for (int s = 0; s < stores.length; s++) {
      if (stores[s].size() > began[s]) {
        ranges[s].add(g, began[s]);
      }
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
    ended();
    for (SpillStore s : stores) {
      s.finishWriting();
    }
  }

  /** How many groups. */
  int size() {
    return size;
  }

  /** The group's target: the names are read back at the first call, after the findings. */
  String target(int group) {
    if (targets == null) {
      targets = new String[size];
      // A target whose group was never begun (its reading refused) has no place.
      names.each((name, g) -> {
        if (g < size) {
          targets[g] = name;
        }
      });
      names.close();
      names = null;
    }
    return targets[group];
  }

  /**
   * Every group's target with its number, in the file's order, read back a block of the store at
   * a time: for a caller that keeps no list of them ({@link PagePopulation}), before {@link
   * #target} (which reads them into one) and {@link #forgetNames}.
   */
  void eachTarget(java.util.function.ObjIntConsumer<String> each) {
    names.each((name, g) -> {
      if (g < size) {
        each.accept(name, g);
      }
    });
  }

  /** The names' store is let go, by a caller done with {@link #eachTarget}; no {@link #target}. */
  void forgetNames() {
    if (names != null) {
      names.close();
      names = null;
    }
  }

  /**
   * The group's target henceforth named by {@code name}, an equal String the caller holds anyway:
   * a fleet's names were held twice, as the findings and as the targets list them.
   */
  void sameName(int group, String name) {
    if (!target(group).equals(name)) {
      throw new IllegalArgumentException("not the group's target");
    }
    targets[group] = name;
  }

  /** Where the group's rows in a store begin (as {@link #to} when it has none there). */
  long from(int part, int group) {
    int i = ranges[part].find(group);
    return i < 0 ? 0 : ranges[part].start(i);
  }

  /** Where the group's rows in a store end. */
  long to(int part, int group) {
    Ranges r = ranges[part];
    int i = r.find(group);
    return i < 0 ? 0 : i + 1 < r.size ? r.start(i + 1) : stores[part].size();
  }

  /**
   * The groups that wrote to one store, in the file's order, and where each one's rows begin
   * there (they end where the next one's begin): 12 bytes a group that wrote, in pages of PAGE.
   */
  private static final class Ranges {
    private final List<int[]> groups = new ArrayList<>();
    private final List<long[]> starts = new ArrayList<>();
    private int size;
    // Where the last look-up ended: the report asks for the groups mostly in the file's order.
    private int hint;

    void add(int group, long start) {
      if (size % PAGE == 0) {
        groups.add(new int[PAGE]);
        starts.add(new long[PAGE]);
      }
      groups.get(size / PAGE)[size % PAGE] = group;
      starts.get(size / PAGE)[size % PAGE] = start;
      size++;
    }

    long start(int i) {
      return starts.get(i / PAGE)[i % PAGE];
    }

    private int group(int i) {
      return groups.get(i / PAGE)[i % PAGE];
    }

    /** The place of {@code group} in the list, or -1 when it wrote nothing here. */
    int find(int group) {
      if (size == 0) {
        return -1;
      }
      int h = hint;
      int at = group(h);
      if (at == group) {
        return h;
      }
      if (at < group && (h + 1 == size || group(h + 1) >= group)) {
        if (h + 1 < size && group(h + 1) == group) {
          return hint = h + 1;
        }
        return -1;
      }
      int lo = 0;
      int hi = size - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int m = group(mid);
        if (m < group) {
          lo = mid + 1;
        } else if (m > group) {
          hi = mid - 1;
        } else {
          return hint = mid;
        }
      }
      hint = Math.max(0, lo - 1);
      return -1;
    }
  }

  /**
   * The groups in the report's order: the targets in population order ({@code population}: each
   * name's place), then the others by name.
   */
  int[] order(Map<String, Integer> population) {
    Integer[] order = new Integer[size];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(
        (Integer g) -> population.getOrDefault(target(g), Integer.MAX_VALUE))
        .thenComparing(this::target));
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
    if (names != null) {
      names.close();
    }
  }
}
