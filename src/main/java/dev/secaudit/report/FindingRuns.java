package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * A scan.json whose findings of a target are not all together (hand-made, reordered, merged by
 * another tool), presented as the same file with its findings list in target order: a target's
 * findings follow each other, the targets in the order the file first names them, each one's
 * findings in the file's order. The reports that read a file target by target ({@link
 * CsvGroups}, {@link HtmlGroups}) then read it so too, instead of holding every finding.
 *
 * <p>The first pass only walks the findings' tokens, noting where each run of one target's
 * findings begins and ends and which target it is (a token walk costs a fraction of binding the
 * findings). The second reads those byte ranges in the new order, with the bytes before and
 * after the list as they are, so every value is read and checked by the same reader as before.
 * What this pass cannot place (a finding that is not an object, a target that is not text or is
 * named twice, a file that is not what it was) makes {@link #of} give up: the caller reads the
 * file whole, as before, and refuses it as before.
 */
final class FindingRuns {
  private static final JsonFactory JSON = new JsonFactory();

  private final Path file;
  private final long size;
  private final long listStart;
  private long listEnd;
  // Each run: its bytes [start, end), the place of its first finding, how many, its target.
  private long[] starts = new long[64];
  private long[] ends = new long[64];
  private int[] firsts = new int[64];
  private int[] counts = new int[64];
  private int[] targets = new int[64];
  private int runs;
  // The runs in the new order, and the place in the new order each begins at.
  private int[] order;
  private int[] from;

  private FindingRuns(Path file, long size, long listStart) {
    this.file = file;
    this.size = size;
    this.listStart = listStart;
  }

  /** A report's reading of a scan target by target, as {@link #read} tries it. */
  interface GroupedReading<T> {
    /**
     * Reads the scan's findings, {@code places} giving each one's place in the file from the
     * place it is read at; null when the file must be read whole after all (no temporary file,
     * say). Throws {@link TargetGroups.NotGrouped} when the findings cannot be read so.
     */
    T read(ScanReader reader, IntUnaryOperator places);
  }

  /**
   * Reads a scan.json target by target: in the file's order, and when a target's findings are
   * apart, again in target order. Null when the file must be read whole: then a fault met only in
   * target order is left to the whole read, which names the first in the file's order.
   */
  static <T> T read(Path file, boolean artifactContent, GroupedReading<T> reading) {
    try (ScanReader reader = ScanReader.open(file, artifactContent)) {
      return reading.read(reader, IntUnaryOperator.identity());
    } catch (TargetGroups.NotGrouped e) {
      if (!e.scattered()) {
        return null;
      }
    }
    FindingRuns runs = of(file);
    if (runs == null) {
      return null;
    }
    try (ScanReader reader = ScanReader.open(file, runs, artifactContent)) {
      return reading.read(reader, runs::fileIndex);
    } catch (TargetGroups.NotGrouped | UsageException e) {
      return null;
    }
  }

  /** The runs of a scan.json's findings list, or null when the file must be read whole. */
  static FindingRuns of(Path file) {
    try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
      long size = Files.size(file);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("findings")) {
          return value == JsonToken.START_ARRAY ? walk(file, size, p) : null;
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      // A file this walk cannot read is one the whole read refuses, naming what is wrong.
      return null;
    }
  }

  private static FindingRuns walk(Path file, long size, JsonParser p) throws IOException {
    long listStart = p.currentTokenLocation().getByteOffset();
    Map<String, Integer> ids = new HashMap<>();
    FindingRuns r = null;
    int last = -1;
    int place = 0;
    long runStart = -1;
    long runEnd = -1;
    int runFirst = 0;
    JsonToken token;
    while ((token = p.nextToken()) == JsonToken.START_OBJECT) {
      long start = p.currentTokenLocation().getByteOffset();
      String target = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (field.equals("target")) {
          if (v != JsonToken.VALUE_STRING || target != null) {
            return null;
          }
          target = p.getText();
        } else {
          p.skipChildren();
        }
      }
      long end = p.currentLocation().getByteOffset();
      if (target == null) {
        return null;
      }
      int id = ids.computeIfAbsent(target, k -> ids.size());
      if (id != last) {
        if (last >= 0) {
          r = add(r, file, size, listStart, runStart, runEnd, runFirst, place - runFirst, last);
        }
        last = id;
        runStart = start;
        runFirst = place;
      }
      runEnd = end;
      place++;
    }
    if (token != JsonToken.END_ARRAY) {
      return null;
    }
    long listEnd = p.currentTokenLocation().getByteOffset();
    if (last >= 0) {
      r = add(r, file, size, listStart, runStart, runEnd, runFirst, place - runFirst, last);
    }
    if (r == null) {
      return null;
    }
    r.regroup(ids.size());
    return !r.grouped() && r.checked(listEnd) ? r : null;
  }

  private static FindingRuns add(FindingRuns r, Path file, long size, long listStart, long start,
      long end, int first, int count, int target) {
    FindingRuns runs = r == null ? new FindingRuns(file, size, listStart) : r;
    int i = runs.runs++;
    if (i == runs.starts.length) {
      int n = i * 2;
      runs.starts = Arrays.copyOf(runs.starts, n);
      runs.ends = Arrays.copyOf(runs.ends, n);
      runs.firsts = Arrays.copyOf(runs.firsts, n);
      runs.counts = Arrays.copyOf(runs.counts, n);
      runs.targets = Arrays.copyOf(runs.targets, n);
    }
    runs.starts[i] = start;
    runs.ends[i] = end;
    runs.firsts[i] = first;
    runs.counts[i] = count;
    runs.targets[i] = target;
    return runs;
  }

  /** The runs by target (in the order targets are first named), each target's in file order. */
  private void regroup(int targetCount) {
    int[] perTarget = new int[targetCount + 1];
    for (int i = 0; i < runs; i++) {
      perTarget[targets[i] + 1]++;
    }
    for (int t = 0; t < targetCount; t++) {
      perTarget[t + 1] += perTarget[t];
    }
    order = new int[runs];
    for (int i = 0; i < runs; i++) {
      order[perTarget[targets[i]]++] = i;
    }
    from = new int[runs + 1];
    for (int k = 0; k < runs; k++) {
      from[k + 1] = from[k] + counts[order[k]];
    }
  }

  /**
   * The list's end noted, and its brackets where the walk said: the file is read as it was (each
   * run's braces are checked as it is read).
   */
  private boolean checked(long end) throws IOException {
    listEnd = end;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() != size || byteAt(ch, listStart) != '[' || byteAt(ch, end) != ']') {
        return false;
      }
    }
    return true;
  }

  private static int byteAt(FileChannel ch, long at) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    return at >= 0 && ch.read(one, at) == 1 ? one.get(0) : -1;
  }

  /** Whether the findings were in target order already: the walk and the reader disagree. */
  private boolean grouped() {
    for (int k = 0; k < runs; k++) {
      if (order[k] != k) {
        return false;
      }
    }
    return true;
  }

  /** The place in the file of the finding at {@code position} in the new order. */
  int fileIndex(int position) {
    int k = Arrays.binarySearch(from, position);
    // Runs are never empty, so each place begins at most one run.
    k = k >= 0 ? k : -k - 2;
    return firsts[order[k]] + position - from[k];
  }

  /**
   * The file with its findings in the new order: its bytes up to the list's '[', each run's
   * bytes (a ',' between runs), then its bytes from the list's ']' to the end.
   */
  InputStream open() throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    return new InputStream() {
      // The piece being read: -1 the bytes before the list, 0..runs-1 the runs in order,
      // runs the bytes after; whether the piece's ',' is still to come.
      private int piece = -1;
      private long at = 0;
      private long to = listStart + 1;
      private boolean comma;

      @Override
      public int read() throws IOException {
        byte[] b = new byte[1];
        return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        // The caller's buffer is filled across pieces: a round-robin file's runs are one finding
        // each, and the parser reads again for every short answer.
        int n = 0;
        while (n < len) {
          if (comma) {
            comma = false;
            buf[off + n++] = ',';
          } else if (at < to) {
            int got = ch.read(ByteBuffer.wrap(buf, off + n, (int) Math.min(len - n, to - at)), at);
            boolean run = piece >= 0 && piece < runs;
            if (got <= 0 || run && (at == starts[order[piece]] && buf[off + n] != '{'
                || at + got == to && buf[off + n + got - 1] != '}')) {
              // The reader refuses this; the caller then reads the file whole.
              throw new IOException(file + " changed while it was read");
            }
            at += got;
            n += got;
          } else if (piece == runs) {
            break;
          } else if (++piece == runs) {
            at = listEnd;
            to = size;
          } else {
            at = starts[order[piece]];
            to = ends[order[piece]];
            comma = piece > 0;
          }
        }
        return n == 0 && len > 0 ? -1 : n;
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }
}
