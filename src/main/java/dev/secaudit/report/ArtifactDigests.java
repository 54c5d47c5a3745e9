package dev.secaudit.report;

import dev.secaudit.model.Artifact;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Each artifact's SHA-256 by its id, for the CSV's evidence column: the first artifact of an id
 * wins, as a map filled with putIfAbsent would. A fleet's scan records tens of thousands of
 * artifacts, and the rows ask for their digests only once every artifact is read, so the ids and
 * digests go to a {@link SpillStore} (1 MiB in memory, then a temporary file) and the heap holds
 * a table of each entry's 64-bit id hash and place, sorted by hash, then place: 12 bytes an
 * artifact. Held in the heap as bytes and a table of offsets they were ~90 bytes, 6 MB of the
 * old generation at 67,735 artifacts.
 *
 * <p>A hash says where to look, never what was found: every entry of a hash is read back and its
 * id compared, the first in the list's order that matches wins, so ids that share a hash (a
 * hand-made file can make them) cannot swap their digests.
 */
final class ArtifactDigests implements ArtifactSink, AutoCloseable {
  /** Bytes of entries kept in memory before they go to a temporary file. */
  static final long MEMORY = 1 << 20;

  private static final byte HEX = 1;
  private static final byte TEXT = 2;
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();
  private static final int PAGE = 1 << 12;

  private final Path folder;
  private final long memory;
  private final ToLongFunction<byte[]> hash;
  // Each entry: the id's length (4 bytes), its key's bytes, then the digest as HEX and 32
  // bytes, or as TEXT, its length and its UTF-8 bytes (a hand-made file's digest).
  private SpillStore entries;
  // While the artifacts arrive, hashes and places in pages (never copied, so no dead copies);
  // then one table of each, sorted.
  private final List<long[]> hashPages = new ArrayList<>();
  private final List<int[]> placePages = new ArrayList<>();
  private int count;
  private long[] hashes;
  private int[] places;
  private int distinct = -1;
  private byte[] read = new byte[64];

  ArtifactDigests() {
    this(null, MEMORY);
  }

  /**
   * @param folder where the temporary file goes (null: the JVM's temporary folder)
   * @param memory bytes of entries kept in memory before they go to a file
   */
  ArtifactDigests(Path folder, long memory) {
    this(folder, memory, ArtifactDigests::hash);
  }

  /** As above, with the ids' hash given: a test makes ids collide with it. */
  ArtifactDigests(Path folder, long memory, ToLongFunction<byte[]> hash) {
    this.folder = folder;
    this.memory = memory;
    this.hash = hash;
    this.entries = newStore();
  }

  private SpillStore newStore() {
    // The rows are being written by then: without a temporary file the entries stay in memory.
    return new SpillStore(folder, memory).inMemoryWhenRefused();
  }

  static ArtifactDigests of(List<Artifact> artifacts) {
    ArtifactDigests digests = new ArtifactDigests();
    for (Artifact a : artifacts) {
      digests.add(a);
    }
    return digests;
  }

  /** Another artifact of the scan; of two of one id, the first is the one looked up. */
  @Override
  public void add(Artifact a) {
    if (hashes != null) {
      throw new IllegalStateException("digests already looked up");
    }
    byte[] id = key(a.id());
    long place = entries.size();
    if (place > Integer.MAX_VALUE) {
      throw new IllegalStateException("more artifact ids than a report can index");
    }
    if (count % PAGE == 0) {
      hashPages.add(new long[PAGE]);
      placePages.add(new int[PAGE]);
    }
    hashPages.get(count / PAGE)[count % PAGE] = hash.applyAsLong(id);
    placePages.get(count / PAGE)[count % PAGE] = (int) place;
    count++;
    entries.writeInt(id.length);
    entries.write(id);
    String digest = CsvReport.text(a.sha256());
    if (packable(digest)) {
      entries.writeByte(HEX);
      for (int i = 0; i < 32; i++) {
        entries.writeByte(Character.digit(digest.charAt(2 * i), 16) << 4
            | Character.digit(digest.charAt(2 * i + 1), 16));
      }
    } else {
      byte[] text = digest.getBytes(StandardCharsets.UTF_8);
      entries.writeByte(TEXT);
      entries.writeInt(text.length);
      entries.write(text);
    }
  }

  /** Forgets every artifact: a file that lists its artifacts twice is read by its last list. */
  @Override
  public void clear() {
    entries.close();
    entries = newStore();
    hashPages.clear();
    placePages.clear();
    count = 0;
    hashes = null;
    places = null;
    distinct = -1;
  }

  /** Every artifact is in: the table sorted, the entries readable. */
  private void finish() {
    if (hashes != null) {
      return;
    }
    entries.finishWriting();
    hashes = new long[count];
    places = new int[count];
    for (int p = 0; p < hashPages.size(); p++) {
      int n = Math.min(PAGE, count - p * PAGE);
      System.arraycopy(hashPages.get(p), 0, hashes, p * PAGE, n);
      System.arraycopy(placePages.get(p), 0, places, p * PAGE, n);
    }
    hashPages.clear();
    placePages.clear();
    HashOrder.sort(hashes, places, count);
  }

  /** Appends the digest of the artifact {@code id}; false, appending nothing, when none is known. */
  boolean appendTo(String id, StringBuilder out) {
    finish();
    byte[] key = key(id);
    int at = first(key);
    if (at < 0) {
      return false;
    }
    if (entries.readByte() == HEX) {
      for (int i = 0; i < 32; i++) {
        int b = entries.readByte();
        out.append(DIGITS[b >> 4]).append(DIGITS[b & 0xf]);
      }
    } else {
      int length = entries.readInt();
      out.append(new String(bytes(length), 0, length, StandardCharsets.UTF_8));
    }
    return true;
  }

  /**
   * The table's place of the first entry whose id is {@code key}, the store then at its digest;
   * or -1.
   */
  private int first(byte[] key) {
    long h = hash.applyAsLong(key);
    // The first entry of the hash: the lowest place among equal hashes, the list's first.
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (hashes[mid] < h) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = lo; i < count && hashes[i] == h; i++) {
      entries.seek(places[i]);
      int length = entries.readInt();
      if (length == key.length && Arrays.equals(bytes(length), 0, length, key, 0, length)) {
        return i;
      }
    }
    return -1;
  }

  /** The next {@code length} bytes of the store, at the start of a reused array. */
  private byte[] bytes(int length) {
    if (read.length < length) {
      read = new byte[Math.max(length, read.length * 2)];
    }
    entries.read(read, length);
    return read;
  }

  /** How many distinct ids. */
  int size() {
    finish();
    if (distinct < 0) {
      distinct = 0;
      for (int i = 0; i < count; i++) {
        entries.seek(places[i]);
        int length = entries.readInt();
        if (first(Arrays.copyOf(bytes(length), length)) == i) {
          distinct++;
        }
      }
    }
    return distinct;
  }

  /** Whether the entries went to a temporary file. */
  boolean spilled() {
    return entries.inFile();
  }

  @Override
  public void close() {
    entries.close();
  }

  /**
   * An id as the bytes it is found by: its UTF-8, unless it holds half a surrogate pair, which
   * UTF-8 would write as '?' (so two ids would meet): then 0xFF and its chars, two bytes each,
   * since no UTF-8 holds that byte.
   */
  static byte[] key(String id) {
    String s = CsvReport.text(id);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1));
      if (paired) {
        i++;
      } else if (Character.isSurrogate(c)) {
        // Char by char: an encoder would write half a pair as a replacement too.
        byte[] key = new byte[1 + 2 * s.length()];
        key[0] = (byte) 0xff;
        for (int k = 0; k < s.length(); k++) {
          key[1 + 2 * k] = (byte) (s.charAt(k) >>> 8);
          key[2 + 2 * k] = (byte) s.charAt(k);
        }
        return key;
      }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Lower-case hex of 32 bytes, as every digest secaudit writes: kept as its bytes. */
  private static boolean packable(String digest) {
    if (digest.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = digest.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** A 64-bit hash of an id's bytes (FNV-1a, then spread: a fleet's ids differ in a counter). */
  static long hash(byte[] id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
