package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Arrays;

/**
 * The texts of a scan being read, each distinct one kept once: a fleet's findings repeat titles,
 * remediations, expectations, observations and target names thousands of times.
 *
 * <p>A text the parser is at is looked up from the parser's own characters, so a text seen
 * before makes no new String: making one for each of a fleet's millions of repeated texts, then
 * hashing and comparing it to find the one kept, was a fifth of the time of reading a
 * 213,500-finding scan (docs/benchmarks.md, "Reports at scale").
 */
final class TextPool {
  /**
   * Texts kept per generation. A fleet's texts that repeat (titles, remediations, checks) are
   * met again within a generation and carried into the next; those of one target (its name, its
   * evidence ids) are not, and go with the generation before last, so a report that holds one
   * target's findings at a time holds a bounded pool (at 427,000 findings the pool was 80,000
   * texts, 13 MB, growing with the fleet). Small, so that a generation is dropped before the
   * collector moves it to the old generation: at 16,384 texts each one outlived two young
   * collections, every dropped one filled the old generation (16 MB of dead pools at the CSV's
   * one full collection at 427,000 findings) and that space stayed in the peak RSS.
   */
  static final int GENERATION = 1 << 11;

  // Open addressing, linear probing; each text beside its characters, which the lookups compare.
  private String[] texts = new String[1 << 12];
  private char[][] chars = new char[1 << 12][];
  private int size;
  // The generation before: looked in when the current one misses, its texts carried over.
  private String[] olderTexts = new String[0];
  private char[][] olderChars = new char[0][];

  /**
   * Forgets every text (the strings stay with whatever holds them). The pool outlives its reader:
   * Jackson's shared type cache keeps the deserializers that look texts up here, so a kept pool
   * held a fleet's 80,000 texts, their copies and tables (13 MB at 427,000 findings) until exit.
   */
  void release() {
    texts = new String[16];
    chars = new char[16][];
    size = 0;
    olderTexts = new String[0];
    olderChars = new char[0][];
  }

  /** The text of the string token {@code p} is at. */
  String of(JsonParser p) throws IOException {
    char[] buffer = p.getTextCharacters();
    int offset = p.getTextOffset();
    int length = p.getTextLength();
    int hash = 0;
    for (int i = offset, end = offset + length; i < end; i++) {
      hash = 31 * hash + buffer[i];
    }
    int mask = texts.length - 1;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      String known = texts[i];
      if (known == null) {
        String older = older(hash, buffer, offset, length);
        return add(older != null ? older : new String(buffer, offset, length), i);
      }
      char[] c = chars[i];
      if (known.hashCode() == hash && c.length == length
          && Arrays.equals(c, 0, length, buffer, offset, offset + length)) {
        return known;
      }
    }
  }

  /** The text the generation before kept for these characters, or null. */
  private String older(int hash, char[] buffer, int offset, int length) {
    if (olderTexts.length == 0) {
      return null;
    }
    int mask = olderTexts.length - 1;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      String known = olderTexts[i];
      if (known == null) {
        return null;
      }
      char[] c = olderChars[i];
      if (known.hashCode() == hash && c.length == length
          && Arrays.equals(c, 0, length, buffer, offset, offset + length)) {
        return known;
      }
    }
  }

  /** {@code s} itself or the equal text kept before it; null stays null. */
  String of(String s) {
    if (s == null) {
      return null;
    }
    int hash = s.hashCode();
    int mask = texts.length - 1;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      String known = texts[i];
      if (known == null) {
        String older = olderTexts.length == 0 ? null : older(hash, s.toCharArray(), 0, s.length());
        return add(older != null ? older : s, i);
      }
      if (known.hashCode() == hash && known.equals(s)) {
        return known;
      }
    }
  }

  /** Keeps {@code s} in the free slot {@code i}. */
  private String add(String s, int i) {
    texts[i] = s;
    chars[i] = s.toCharArray();
    if (++size >= GENERATION) {
      // A new generation: the one before is dropped, this one is only looked in.
      olderTexts = texts;
      olderChars = chars;
      texts = new String[1 << 12];
      chars = new char[1 << 12][];
      size = 0;
    } else if (size * 2 > texts.length) {
      grow();
    }
    return s;
  }

  private void grow() {
    String[] oldTexts = texts;
    char[][] oldChars = chars;
    texts = new String[oldTexts.length * 2];
    chars = new char[oldTexts.length * 2][];
    int mask = texts.length - 1;
    for (int j = 0; j < oldTexts.length; j++) {
      if (oldTexts[j] != null) {
        int i = spread(oldTexts[j].hashCode()) & mask;
        while (texts[i] != null) {
          i = (i + 1) & mask;
        }
        texts[i] = oldTexts[j];
        chars[i] = oldChars[j];
      }
    }
  }

  /** String's hash with its high bits folded in, as HashMap does, for a table indexed by mask. */
  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }
}
