package dev.secaudit.report;

/**
 * Sorts a table of 64-bit hashes and the places they were taken at, the two arrays moving
 * together, by hash then place: the order in which the tables kept out of the heap ({@link
 * ArtifactDigests}, {@link RepeatedDigests}) find every entry of a hash next to each other, the
 * first-written first. A heap sort: the hashes come from a file anyone can write, and no input
 * makes it slower than n log n or makes it need more memory than the two arrays.
 */
final class HashOrder {
  private final long[] hashes;
  private final int[] places;

  private HashOrder(long[] hashes, int[] places) {
    this.hashes = hashes;
    this.places = places;
  }

  /** Sorts the first {@code count} entries of the two arrays. */
  static void sort(long[] hashes, int[] places, int count) {
    HashOrder order = new HashOrder(hashes, places);
    for (int i = count / 2 - 1; i >= 0; i--) {
      order.siftDown(i, count);
    }
    for (int end = count - 1; end > 0; end--) {
      order.swap(0, end);
      order.siftDown(0, end);
    }
  }

  private void siftDown(int i, int end) {
    for (int child = 2 * i + 1; child < end; i = child, child = 2 * i + 1) {
      if (child + 1 < end && before(child, child + 1)) {
        child++;
      }
      if (!before(i, child)) {
        return;
      }
      swap(i, child);
    }
  }

  private boolean before(int a, int b) {
    return hashes[a] < hashes[b] || hashes[a] == hashes[b] && places[a] < places[b];
  }

  private void swap(int a, int b) {
    long h = hashes[a];
    hashes[a] = hashes[b];
    hashes[b] = h;
    int p = places[a];
    places[a] = places[b];
    places[b] = p;
  }
}
