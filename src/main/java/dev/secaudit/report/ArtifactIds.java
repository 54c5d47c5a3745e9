package dev.secaudit.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which artifact ids a scan recorded, for the HTML's evidence links and appendix (whether an
 * evidence id was recorded, whether an artifact is the first of its id), ~40 bytes an artifact:
 * the ids' bytes in pages, found through a table of offsets. Asked as each artifact arrives and
 * for every row of the page's data, so it stays in the heap; the CSV's digests, asked once a
 * row's ids change, are kept out of it ({@link ArtifactDigests}).
 */
final class ArtifactIds {
  // Entries one after another: the id's length (4 bytes) and its bytes (ArtifactDigests.key).
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

  /** True when no artifact of this id was known before: the id is then remembered. */
  boolean remember(String id) {
    byte[] key = ArtifactDigests.key(id);
    int hash = hash(key);
    int slot = find(key, hash);
    if (slots[slot] != 0) {
      return false;
    }
    reserve(4 + key.length);
    int at = (pages.size() - 1) << PAGE_BITS | used;
    arena[used] = (byte) (key.length >>> 24);
    arena[used + 1] = (byte) (key.length >>> 16);
    arena[used + 2] = (byte) (key.length >>> 8);
    arena[used + 3] = (byte) key.length;
    used += 4;
    System.arraycopy(key, 0, arena, used, key.length);
    used += key.length;
    slots[slot] = at + 1;
    hashes[slot] = hash;
    if (++size * 2 > slots.length) {
      grow();
    }
    return true;
  }

  /** Whether an artifact of this id is known. */
  boolean contains(String id) {
    byte[] key = ArtifactDigests.key(id);
    return slots[find(key, hash(key))] != 0;
  }

  int size() {
    return size;
  }

  /** Forgets every id: a file that lists its artifacts twice is read by its last list. */
  void clear() {
    pages.clear();
    arena = new byte[0];
    used = 0;
    size = 0;
    Arrays.fill(slots, 0);
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
    int length = (page[at] & 0xff) << 24 | (page[at + 1] & 0xff) << 16
        | (page[at + 2] & 0xff) << 8 | (page[at + 3] & 0xff);
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
}
