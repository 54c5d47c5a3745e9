package dev.secaudit.report;

import dev.secaudit.model.Artifact;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
  // In pages of PAGE bytes that are never copied (an entry longer than a page has one of its
  // own): one array grown by doubling left each old copy dead in the old generation (4 MiB at
  // 67,735 artifacts, beside ~4 MB of old copies) and up to half of it unused.
  private static final int PAGE_BITS = 16;
  private static final int PAGE = 1 << PAGE_BITS;
  private final List<byte[]> pages = new ArrayList<>();
  private byte[] arena = new byte[0];
  private int used;
  // Open addressing: each slot holds an entry's place + 1 (0: empty), its page's number above
  // PAGE_BITS and its offset in the page below, and its id's hash.
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
    int at = (pages.size() - 1) << PAGE_BITS | used;
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
    byte[] page = pages.get((slots[slot] - 1) >>> PAGE_BITS);
    int at = (slots[slot] - 1) & (PAGE - 1);
    at += 4 + intAt(page, at);
    if (page[at] == HEX) {
      for (int i = at + 1; i < at + 33; i++) {
        out.append(DIGITS[(page[i] >> 4) & 0xf]).append(DIGITS[page[i] & 0xf]);
      }
    } else {
      out.append(new String(page, at + 5, intAt(page, at + 1), StandardCharsets.UTF_8));
    }
    return true;
  }

  int size() {
    return size;
  }

  /** Forgets every artifact: a file that lists its artifacts twice is read by its last list. */
  @Override
  public void clear() {
    pages.clear();
    arena = new byte[0];
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

  private boolean sameId(int place, byte[] id) {
    byte[] page = pages.get(place >>> PAGE_BITS);
    int at = place & (PAGE - 1);
    int length = intAt(page, at);
    return length == id.length && Arrays.equals(page, at + 4, at + 4 + length, id, 0, length);
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

  /** Every id is in: the last page takes no more room than it uses. More can still be added. */
  void trim() {
    if (!pages.isEmpty() && used < arena.length) {
      arena = Arrays.copyOf(arena, used);
      pages.set(pages.size() - 1, arena);
    }
  }

  /**
   * Room for an entry of {@code bytes} in the page being filled: the first page grows by
   * doubling up to PAGE (a small scan's few artifacts take a few KiB), then a new one begins.
   */
  private void reserve(int bytes) {
    if (!pages.isEmpty() && used + bytes <= arena.length) {
      return;
    }
    if (pages.size() == 1 && used + bytes <= PAGE) {
      arena = Arrays.copyOf(arena, Math.min(PAGE, Math.max(used + bytes, arena.length * 2)));
      pages.set(0, arena);
      return;
    }
    if (pages.size() >= (1 << (31 - PAGE_BITS)) - 1) {
      throw new IllegalStateException("more artifact ids than a report can index");
    }
    arena = new byte[pages.isEmpty() ? Math.max(bytes, 4096) : Math.max(bytes, PAGE)];
    pages.add(arena);
    used = 0;
  }

  private void putInt(int v) {
    arena[used] = (byte) (v >>> 24);
    arena[used + 1] = (byte) (v >>> 16);
    arena[used + 2] = (byte) (v >>> 8);
    arena[used + 3] = (byte) v;
    used += 4;
  }

  private static int intAt(byte[] page, int at) {
    return (page[at] & 0xff) << 24 | (page[at + 1] & 0xff) << 16 | (page[at + 2] & 0xff) << 8
        | (page[at + 3] & 0xff);
  }
}
