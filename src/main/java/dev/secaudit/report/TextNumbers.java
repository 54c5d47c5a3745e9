package dev.secaudit.report;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ObjIntConsumer;
import java.util.function.ToLongFunction;

/**
 * Distinct texts numbered as first met (the HTML's string table, the artifact ids a scan
 * recorded), held out of the heap: each text's bytes ({@link ArtifactDigests#key}) and number go
 * to a {@link SpillStore} (1 MiB in memory, then a temporary file) and the heap keeps a table of
 * 32-bit hashes and places, 8 bytes a slot, at most four slots in three used. Held as strings in
 * the heap they grew by ~90 bytes a text, the largest part of what a fleet's page kept live past
 * 427,000 findings (16.6 MB at 854,000); as 64-bit hashes and places the tables were still the
 * largest holder by distinct text at the page's peak (16.8 MB at 1,708,000).
 *
 * <p>A hash says where to look, never what was found: a text is compared with the stored bytes of
 * every entry of its hash, so texts that share a hash (a hand-made file can make them) keep their
 * own numbers. A text met again is nearly always met a few rows later (a target's findings are
 * listed together), so the last 8,192 texts met are kept, as strings, in a small table that
 * answers without reading the store. When more than a few stored texts share one hash (a file made so),
 * every text is read back into a map, whose trees keep each lookup short.
 */
final class TextNumbers implements AutoCloseable {
  /** Bytes of entries kept in memory before they go to a temporary file. */
  static final long MEMORY = 1 << 20;

  private static final int RECENT = 1 << 13;
  private static final int SAME_HASH = 8;
  // Entries begin at multiples of this, so an int place counts in its units: a store of up to
  // 16 GiB of texts (a fleet's 1,708,000 findings wrote ~60 MB).
  private static final int ALIGN = 4;
  private static final long MAX_PLACE = 0xFFFF_FFFEL * ALIGN;

  private final Path folder;
  private final long memory;
  private final ToLongFunction<byte[]> hash;
  // Whether the last texts met are kept: not for names each met once (a scan's targets, read
  // target by target), where they would only hold 8,192 strings alive.
  private final boolean recentKept;
  // Each entry: its number (4 bytes), its key's length (4 bytes), the key's bytes, then zeros to
  // a multiple of ALIGN.
  private SpillStore entries;
  // Open addressing over the 64-bit hash folded to 32 bits (a hit is compared with the stored
  // bytes anyway); a place is the entry's place / ALIGN + 1, unsigned (0: empty).
  private int[] hashes;
  private int[] places;
  private int size;
  // The last texts met, two a set (the last first), and their numbers: two ways rather than one
  // a slot, since a target's texts, met together, pushed each other out.
  private final String[] recent;
  private final int[] recentNumbers;
  private Map<String, Integer> crowded;
  private byte[] read = new byte[256];

  TextNumbers() {
    this(null, MEMORY, ArtifactDigests::hash);
  }

  /** As above, with the store's folder, its memory and the texts' hash given: a test's seams. */
  TextNumbers(Path folder, long memory, ToLongFunction<byte[]> hash) {
    this(folder, memory, hash, true);
  }

  /** As above; {@code recentKept} false: no text is kept as a string, every one is looked up. */
  TextNumbers(Path folder, long memory, ToLongFunction<byte[]> hash, boolean recentKept) {
    this.folder = folder;
    this.memory = memory;
    this.hash = hash;
    this.recentKept = recentKept;
    this.recent = new String[recentKept ? RECENT : 2];
    this.recentNumbers = new int[recent.length];
    start();
  }

  /**
   * Adds the text as the next number ({@link #size}) when it is new; false when it was met
   * before. For texts numbered only so (a set, or names in the order first met).
   */
  boolean add(String text) {
    int next = size();
    return numberOf(text, next) == next;
  }

  boolean contains(String text) {
    return find(text) >= 0;
  }

  /**
   * Every text with its number, in the order they were first met (the store's order): read back
   * from the store a block at a time.
   */
  void each(ObjIntConsumer<String> each) {
    for (Walk walk = new Walk(); walk.next(); ) {
      each.accept(walk.text, walk.number);
    }
  }

  /**
   * Every text in the order first met (by {@link #add}, each one's number is its place in it),
   * read back a block of the store at a time as the caller goes: for a page that writes a row a
   * text without holding them all. The texts must not change while it is read.
   */
  java.util.Iterator<String> texts() {
    Walk walk = new Walk();
    return new java.util.Iterator<>() {
      private boolean ahead;
      private boolean more;

      @Override
      public boolean hasNext() {
        if (!ahead) {
          more = walk.next();
          ahead = true;
        }
        return more;
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        ahead = false;
        return walk.text;
      }
    };
  }

  /** The entries one by one, in the order first met. */
  private final class Walk {
    private final Block block = new Block();
    private long place;
    private java.util.Iterator<Map.Entry<String, Integer>> crowd;
    String text;
    int number;

    Walk() {
      if (crowded != null) {
        crowd = crowded.entrySet().stream().sorted(Map.Entry.comparingByValue()).iterator();
      }
    }

    boolean next() {
      if (crowd != null) {
        if (!crowd.hasNext()) {
          return false;
        }
        Map.Entry<String, Integer> e = crowd.next();
        text = e.getKey();
        number = e.getValue();
        return true;
      }
      if (place >= entries.size()) {
        return false;
      }
      number = number(block.at(place, 8), block.offset);
      int length = number(block.at(place, 8), block.offset + 4);
      byte[] b = block.at(place + 8, length);
      text = text(Arrays.copyOfRange(b, block.offset, block.offset + length));
      place += aligned(8 + length);
      return true;
    }
  }

  /** A window of the store, read a block at a time: each entry read alone was two reads of a file. */
  private final class Block {
    private byte[] bytes = new byte[SpillStore.CHUNK];
    private long start;
    private int length;
    // Where the bytes last asked for begin in {@code bytes}.
    int offset;

    byte[] at(long place, int wanted) {
      if (place < start || place + wanted > start + length) {
        if (bytes.length < wanted) {
          bytes = new byte[wanted];
        }
        start = place;
        length = (int) Math.min(bytes.length, entries.size() - place);
        entries.readWritten(place, bytes, length);
      }
      offset = (int) (place - start);
      return bytes;
    }
  }

  private void start() {
    // The page is being written by then: without a temporary file the entries stay in memory.
    entries = new SpillStore(folder, memory).inMemoryWhenRefused();
    hashes = new int[64];
    places = new int[64];
    size = 0;
    crowded = null;
    Arrays.fill(recent, null);
  }

  /** The text's number; {@code next} when it is new, and then it is kept with that. */
  int numberOf(String text, int next) {
    int r = recentSet(text);
    int known = recentNumber(text, r);
    if (known >= 0) {
      return known;
    }
    int number = crowded != null ? crowded.computeIfAbsent(text, t -> next) : lookUp(text, next);
    if (recentKept) {
      keepRecent(text, number, r);
    }
    return number;
  }

  /** The text's number, or -1 when it was never met. */
  int find(String text) {
    int r = recentSet(text);
    int known = recentNumber(text, r);
    if (known >= 0) {
      return known;
    }
    int number = crowded != null ? crowded.getOrDefault(text, -1) : lookUp(text, -1);
    if (number >= 0 && recentKept) {
      keepRecent(text, number, r);
    }
    return number;
  }

  /**
   * The number of a recent text in the two places of set {@code r}, the one met last first (a
   * text met in the second moves to the first); -1 when it is in neither.
   */
  private int recentNumber(String text, int r) {
    if (text.equals(recent[r])) {
      return recentNumbers[r];
    }
    if (!text.equals(recent[r + 1])) {
      return -1;
    }
    int number = recentNumbers[r + 1];
    recent[r + 1] = recent[r];
    recentNumbers[r + 1] = recentNumbers[r];
    recent[r] = text;
    recentNumbers[r] = number;
    return number;
  }

  /** The text first in its set; the one that was first becomes second, the second is let go. */
  private void keepRecent(String text, int number, int r) {
    recent[r + 1] = recent[r];
    recentNumbers[r + 1] = recentNumbers[r];
    recent[r] = text;
    recentNumbers[r] = number;
  }

  /** How many distinct texts. */
  int size() {
    return crowded != null ? crowded.size() : size;
  }

  /** Forgets every text. */
  void clear() {
    entries.close();
    start();
  }

  @Override
  public void close() {
    entries.close();
  }

  /**
   * The number of the stored entry that is {@code text}; when there is none, {@code next} (kept
   * for it, unless negative).
   */
  private int lookUp(String text, int next) {
    byte[] key = ArtifactDigests.key(text);
    long wide = hash.applyAsLong(key);
    int h = (int) (wide ^ wide >>> 32);
    int mask = hashes.length - 1;
    int same = 0;
    int slot = h & mask;
    for (; places[slot] != 0; slot = slot + 1 & mask) {
      if (hashes[slot] == h) {
        int number = stored(place(places[slot]), key);
        if (number >= 0) {
          return number;
        }
        if (++same == SAME_HASH) {
          crowd();
          return next < 0 ? crowded.getOrDefault(text, -1) : crowded.computeIfAbsent(text,
              t -> next);
        }
      }
    }
    if (next < 0) {
      return next;
    }
    long place = entries.size();
    if (place > MAX_PLACE) {
      // Sixteen GiB of distinct texts: no scan.json a report can be made of comes near it.
      throw new IllegalStateException("more than 16 GiB of distinct texts");
    }
    hashes[slot] = h;
    places[slot] = (int) (place / ALIGN + 1);
    entries.writeInt(next);
    entries.writeInt(key.length);
    entries.write(key);
    for (int pad = aligned(8 + key.length) - 8 - key.length; pad > 0; pad--) {
      entries.writeByte(0);
    }
    if (++size * 4 > hashes.length * 3) {
      grow();
    }
    return next;
  }

  /** The number of the entry at {@code place} when its key is {@code key}, else -1. */
  private int stored(long place, byte[] key) {
    int length = (int) Math.min(8 + key.length, entries.size() - place);
    if (read.length < length) {
      read = new byte[Math.max(length, read.length * 2)];
    }
    entries.readWritten(place, read, length);
    boolean same = length == 8 + key.length && number(read, 4) == key.length
        && Arrays.equals(read, 8, length, key, 0, key.length);
    return same ? number(read, 0) : -1;
  }

  /** Where the entry of a slot's place begins in the store. */
  private static long place(int slotPlace) {
    return (Integer.toUnsignedLong(slotPlace) - 1) * ALIGN;
  }

  private static int aligned(int length) {
    return (length + ALIGN - 1) / ALIGN * ALIGN;
  }

  private static int number(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8
        | b[at + 3] & 0xff;
  }

  private void grow() {
    int[] oldHashes = hashes;
    int[] oldPlaces = places;
    hashes = new int[oldHashes.length * 2];
    places = new int[oldHashes.length * 2];
    int mask = hashes.length - 1;
    for (int i = 0; i < oldHashes.length; i++) {
      if (oldPlaces[i] != 0) {
        int h = oldHashes[i];
        int slot = h & mask;
        while (places[slot] != 0) {
          slot = slot + 1 & mask;
        }
        hashes[slot] = h;
        places[slot] = oldPlaces[i];
      }
    }
  }

  /** Every stored text read back into a map; the store and the table are let go. */
  private void crowd() {
    Map<String, Integer> all = new HashMap<>();
    each(all::put);
    crowded = all;
    entries.close();
    hashes = null;
    places = null;
  }

  /** The text whose key is {@code key} ({@link ArtifactDigests#key}'s inverse). */
  static String text(byte[] key) {
    if (key.length == 0 || key[0] != (byte) 0xff) {
      return new String(key, UTF_8);
    }
    char[] chars = new char[(key.length - 1) / 2];
    for (int k = 0; k < chars.length; k++) {
      chars[k] = (char) ((key[1 + 2 * k] & 0xff) << 8 | key[2 + 2 * k] & 0xff);
    }
    return new String(chars);
  }

  /**
   * Where a text's set of two places among the recent ones begins: from its String hash (kept by
   * the string), bits mixed.
   */
  private int recentSet(String text) {
    if (!recentKept) {
      return 0;
    }
    int h = text.hashCode() * 0x9E3779B9;
    return (h ^ h >>> 16) & (RECENT - 2);
  }
}
