package dev.secaudit.report;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Which of many 64-bit digests were given more than once, told once they are all given, in
 * memory that does not grow with them: each digest and the place it was given at are held in a
 * table of one run ({@link #RUN} entries, 12 bytes each); a full table is sorted ({@link
 * HashOrder}) and written to a {@link SpillStore} (a temporary file), and at the end the sorted
 * runs are merged, a small window of each, so that equal digests meet. A file of up to one run
 * never touches the disk: its table is sorted where it is.
 *
 * <p>What comes out is the places of every repeated digest, which is a suspicion only: the
 * caller settles it by comparing what the digests were made from.
 */
final class RepeatedDigests implements AutoCloseable {
  /**
   * Entries held in the heap before a run goes to the file: 192 KiB of table. A few thousand
   * findings' census stays there; a fleet's writes a run every 16,384 findings.
   */
  static final int RUN = 1 << 14;

  private static final int ENTRY = 12;
  // The windows of every run while they are merged, together: 12 bytes an entry.
  private static final int MERGE_MEMORY = 1 << 18;
  private static final int MIN_WINDOW = ENTRY * 64;

  private final Path folder;
  private final int run;
  private long[] digests;
  private int[] places;
  private int filled;
  private int runs;
  private SpillStore store;
  private final byte[] page = new byte[ENTRY * 341];

  RepeatedDigests() {
    this(null, RUN);
  }

  /**
   * @param folder where the temporary file goes (null: the JVM's temporary folder)
   * @param run entries held before they go to the file (a test makes it small)
   */
  RepeatedDigests(Path folder, int run) {
    this.folder = folder;
    this.run = run;
    this.digests = new long[Math.min(run, 1 << 10)];
    this.places = new int[digests.length];
  }

  /** Another digest, given at {@code place} (places are given once each). */
  void add(long digest, int place) {
    if (digests == null) {
      throw new IllegalStateException("a digest given after the repeats were asked for");
    }
    if (filled == digests.length) {
      if (filled < run) {
        // A small census never holds a whole run's table.
        digests = Arrays.copyOf(digests, Math.min(run, filled * 2));
        places = Arrays.copyOf(places, digests.length);
      } else {
        writeRun();
      }
    }
    digests[filled] = digest;
    places[filled] = place;
    filled++;
  }

  /** The table sorted and written to the store as the next run; the table is empty again. */
  private void writeRun() {
    HashOrder.sort(digests, places, filled);
    if (store == null) {
      // Past one run this is a fleet's scan, read once: its runs go straight to the file. The
      // reading has not begun its output, but a temporary file that cannot be made is no reason
      // to refuse it: the runs then stay in memory, as the table did.
      store = new SpillStore(folder, 0).inMemoryWhenRefused();
    }
    ByteBuffer entries = ByteBuffer.wrap(page);
    for (int i = 0; i < filled; i++) {
      entries.putLong(digests[i]).putInt(places[i]);
      if (!entries.hasRemaining() || i == filled - 1) {
        store.write(page, 0, entries.position());
        entries.clear();
      }
    }
    runs++;
    filled = 0;
  }

  /**
   * The places, ascending, of every digest given more than once (each place of it, the first
   * too); none for digests given once each. No digest can be given after this.
   */
  int[] repeated() {
    if (digests == null) {
      throw new IllegalStateException("the repeats were asked for already");
    }
    Repeats out = new Repeats();
    if (store == null) {
      HashOrder.sort(digests, places, filled);
      for (int i = 0; i < filled; i++) {
        out.next(digests[i], places[i]);
      }
    } else {
      if (filled > 0) {
        writeRun();
      }
      digests = null;
      places = null;
      store.finishWriting();
      merge(out);
    }
    digests = null;
    places = null;
    close();
    int[] found = Arrays.copyOf(out.places, out.size);
    Arrays.sort(found);
    return found;
  }

  /** Every run's entries in one order (by digest, then place), handed to {@code out}. */
  private void merge(Repeats out) {
    long runBytes = (long) run * ENTRY;
    int window = Math.max(MIN_WINDOW, MERGE_MEMORY / runs / ENTRY * ENTRY);
    Window[] heap = new Window[runs];
    int size = 0;
    for (int r = 0; r < runs; r++) {
      long start = r * runBytes;
      Window w = new Window(start, Math.min(start + runBytes, store.size()), window);
      w.advance(store);
      heap[size++] = w;
    }
    for (int i = size / 2 - 1; i >= 0; i--) {
      siftDown(heap, i, size);
    }
    while (size > 0) {
      Window w = heap[0];
      out.next(w.digest, w.place);
      if (!w.advance(store)) {
        heap[0] = heap[--size];
      }
      siftDown(heap, 0, size);
    }
  }

  private static void siftDown(Window[] heap, int i, int end) {
    for (int child = 2 * i + 1; child < end; i = child, child = 2 * i + 1) {
      if (child + 1 < end && heap[child + 1].before(heap[child])) {
        child++;
      }
      if (!heap[child].before(heap[i])) {
        return;
      }
      Window t = heap[i];
      heap[i] = heap[child];
      heap[child] = t;
    }
  }

  /** One run while it is merged: its next entry, and a window of those after it. */
  private static final class Window {
    private final ByteBuffer bytes;
    private long next;
    private final long end;
    private int at;
    private int length;
    long digest;
    int place;

    Window(long start, long end, int size) {
      this.next = start;
      this.end = end;
      this.bytes = ByteBuffer.allocate((int) Math.min(size, end - start));
    }

    /** Moves to the run's next entry; false when it has none. */
    boolean advance(SpillStore store) {
      if (at == length) {
        if (next == end) {
          return false;
        }
        length = (int) Math.min(bytes.capacity(), end - next);
        store.readWritten(next, bytes.array(), length);
        next += length;
        at = 0;
      }
      digest = bytes.getLong(at);
      place = bytes.getInt(at + 8);
      at += ENTRY;
      return true;
    }

    boolean before(Window o) {
      return digest < o.digest || digest == o.digest && place < o.place;
    }
  }

  /** The entries in order, keeping the places of each digest met more than once. */
  private static final class Repeats {
    private int[] places = new int[0];
    private int size;
    private boolean any;
    private boolean again;
    private long last;
    private int lastPlace;

    void next(long digest, int place) {
      if (any && digest == last) {
        if (!again) {
          keep(lastPlace);
          again = true;
        }
        keep(place);
      } else {
        again = false;
      }
      any = true;
      last = digest;
      lastPlace = place;
    }

    private void keep(int place) {
      if (size == places.length) {
        places = Arrays.copyOf(places, Math.max(16, size * 2));
      }
      places[size++] = place;
    }
  }

  /** Whether runs went to the store (a test asks). */
  boolean spilled() {
    return store != null || runs > 0;
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
