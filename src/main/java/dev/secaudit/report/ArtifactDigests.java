package dev.secaudit.report;

import dev.secaudit.model.Artifact;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Each artifact's SHA-256 by its id, for the CSV's evidence column: the first artifact of an id
 * wins, as a map filled with putIfAbsent would. A fleet's scan records tens of thousands of
 * artifacts; kept as records and a map of Strings they cost ~300 bytes each (the record, the id,
 * the 64-character digest, the target, the summary, the time, the map's node), here about 70:
 * the id's bytes and the digest's 32 bytes in one array, found through a table of offsets.
 */
final class ArtifactDigests implements ArtifactSink {
  private static final byte HEX = 1;
  private static final byte TEXT = 2;
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  // Entries one after another: the id's length (4 bytes), its UTF-8 bytes, then the digest as
  // HEX and 32 bytes, or as TEXT, its length and its UTF-8 bytes (a hand-made file's digest).
  private byte[] arena = new byte[4096];
  private int used;
  // Open addressing: each slot holds an entry's offset + 1 (0: empty) and its id's hash.
  private int[] slots = new int[64];
  private int[] hashes = new int[64];
  private int size;
  private final boolean keepDigests;

  ArtifactDigests() {
    this(true);
  }

  /**
   * {@code keepDigests} false: only which ids are known (the HTML's evidence links say whether
   * an artifact was recorded), ~40 bytes an artifact.
   */
  ArtifactDigests(boolean keepDigests) {
    this.keepDigests = keepDigests;
  }

  static ArtifactDigests of(List<Artifact> artifacts) {
    ArtifactDigests digests = new ArtifactDigests();
    for (Artifact a : artifacts) {
      digests.add(a);
    }
    return digests;
  }

  /** Another artifact of the scan; one whose id is already known is passed over. */
  @Override
  public void add(Artifact a) {
    remember(a);
  }

  /** As {@link #add}; true when the artifact's id was not known before. */
  boolean remember(Artifact a) {
    byte[] id = key(a.id());
    int hash = hash(id);
    int slot = find(id, hash);
    if (slots[slot] != 0) {
      return false;
    }
    String digest = keepDigests ? CsvReport.text(a.sha256()) : "";
    byte[] text = packable(digest) ? null : digest.getBytes(StandardCharsets.UTF_8);
    reserve(4 + id.length + 1 + (text == null ? 32 : 4 + text.length));
    int at = used;
    putInt(id.length);
    System.arraycopy(id, 0, arena, used, id.length);
    used += id.length;
    if (text == null) {
      arena[used++] = HEX;
      for (int i = 0; i < 32; i++) {
        arena[used++] = (byte) (Character.digit(digest.charAt(2 * i), 16) << 4
            | Character.digit(digest.charAt(2 * i + 1), 16));
      }
    } else {
      arena[used++] = TEXT;
      putInt(text.length);
      System.arraycopy(text, 0, arena, used, text.length);
      used += text.length;
    }
    slots[slot] = at + 1;
    hashes[slot] = hash;
    if (++size * 2 > slots.length) {
      grow();
    }
    return true;
  }

  /** Whether an artifact of this id is known. */
  boolean contains(String id) {
    byte[] bytes = key(id);
    return slots[find(bytes, hash(bytes))] != 0;
  }

  /**
   * An id as the bytes it is found by: its UTF-8, unless it holds half a surrogate pair, which
   * UTF-8 would write as '?' (so two ids would meet): then 0xFF and its chars, two bytes each,
   * since no UTF-8 holds that byte.
   */
  private static byte[] key(String id) {
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

  /** Appends the digest of the artifact {@code id}; false, appending nothing, when none is known. */
  boolean appendTo(String id, StringBuilder out) {
    byte[] bytes = key(id);
    int slot = find(bytes, hash(bytes));
    if (slots[slot] == 0) {
      return false;
    }
    int at = slots[slot] - 1;
    at += 4 + intAt(at);
    if (arena[at] == HEX) {
      for (int i = at + 1; i < at + 33; i++) {
        out.append(DIGITS[(arena[i] >> 4) & 0xf]).append(DIGITS[arena[i] & 0xf]);
      }
    } else {
      out.append(new String(arena, at + 5, intAt(at + 1), StandardCharsets.UTF_8));
    }
    return true;
  }

  int size() {
    return size;
  }

  /** Forgets every artifact: a file that lists its artifacts twice is read by its last list. */
  @Override
  public void clear() {
    used = 0;
    size = 0;
    Arrays.fill(slots, 0);
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

  /** The slot of {@code id}: its entry's, or the empty one where it would go. */
  private int find(byte[] id, int hash) {
    int mask = slots.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      if (slots[slot] == 0 || hashes[slot] == hash && sameId(slots[slot] - 1, id)) {
        return slot;
      }
    }
  }

  private boolean sameId(int at, byte[] id) {
    int length = intAt(at);
    return length == id.length && Arrays.equals(arena, at + 4, at + 4 + length, id, 0, length);
  }

  private void grow() {
    int[] oldSlots = slots;
    int[] oldHashes = hashes;
    slots = new int[oldSlots.length * 2];
    hashes = new int[oldSlots.length * 2];
    int mask = slots.length - 1;
    for (int i = 0; i < oldSlots.length; i++) {
      if (oldSlots[i] != 0) {
        int slot = oldHashes[i] & mask;
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = oldSlots[i];
        hashes[slot] = oldHashes[i];
      }
    }
  }

  /** A spread of the id's bytes: ids of a fleet differ mostly in a counter in their middle. */
  private static int hash(byte[] id) {
    int h = Arrays.hashCode(id);
    return h ^ (h >>> 16);
  }

  /** Every id is in: the entries take no more room than they use (grown by doubling, up to
   * twice that). More can still be added. */
  void trim() {
    arena = Arrays.copyOf(arena, used);
  }

  private void reserve(int bytes) {
    if (used + bytes > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(used + bytes, arena.length * 2));
    }
  }

  private void putInt(int v) {
    arena[used] = (byte) (v >>> 24);
    arena[used + 1] = (byte) (v >>> 16);
    arena[used + 2] = (byte) (v >>> 8);
    arena[used + 3] = (byte) v;
    used += 4;
  }

  private int intAt(int at) {
    return (arena[at] & 0xff) << 24 | (arena[at + 1] & 0xff) << 16 | (arena[at + 2] & 0xff) << 8
        | (arena[at + 3] & 0xff);
  }
}
