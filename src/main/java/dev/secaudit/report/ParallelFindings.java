package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.Finding;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The findings list of a large scan.json read on every core. One thread cuts the list's bytes
 * into runs of whole findings (it only follows strings and brackets, which costs a fraction of
 * parsing them); each run is parsed by a worker with its own parser and {@link FindingReader}.
 * Parsing was half the time of rendering a 213,500-finding scan as CSV (docs/benchmarks.md,
 * "Reports at scale").
 *
 * <p>Only a list as secaudit writes it is read here: anything else (a finding that is not an
 * object, a value a finding refuses, a file cut short) ends this reading with {@link Unusual},
 * and the caller reads the file again one finding after another, which names the fault exactly
 * as it always did (file, line, {@code findings[3].status}).
 */
final class ParallelFindings {
  /** Files smaller than this are read on one thread: starting workers would cost more. */
  static final long MIN_BYTES = 16L << 20;

  /** The bytes of findings one worker parses at a time. */
  private static final int RUN_BYTES = 1 << 20;

  private static final int BLOCK = 1 << 18;

  /** A parser and a finding reader that belong to one worker thread. */
  record Worker(ObjectMapper json, FindingReader findings) {}

  /** The findings in file order, and the file from just after the list's closing bracket. */
  record Read(List<Finding> findings, InputStream after) {}

  /** Anything the one-thread reader must report in its own words. */
  static final class Unusual extends Exception {
    Unusual(String why, Throwable cause) {
      super(why, cause, false, false);
    }
  }

  private final Supplier<Worker> workers;
  private final int threads;
  // The buffers runs are copied into, two per worker, used again and again: memory holds the
  // findings, not the file, and the collector does not copy runs' bytes (fresh ones were a
  // third of its time).
  private final BlockingQueue<byte[]> free;
  // Where the cutting stands: inside a string, after its backslash, how deep in a finding.
  private boolean inString;
  private boolean escaped;
  private int depth;

  /** @param workers makes each worker thread its own parser and finding reader */
  ParallelFindings(Supplier<Worker> workers, int threads) {
    this.workers = workers;
    this.threads = threads;
    this.free = new ArrayBlockingQueue<>(threads * 2);
    for (int i = 0; i < threads * 2; i++) {
      free.add(new byte[RUN_BYTES + 2 * BLOCK]);
    }
  }

  /**
   * Reads the findings list whose opening bracket was just read: {@code buffered} are the bytes
   * read ahead of it, {@code in} the rest of the file.
   */
  Read read(byte[] buffered, InputStream in) throws Unusual {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "secaudit-findings");
      t.setDaemon(true);
      return t;
    });
    ThreadLocal<Worker> worker = ThreadLocal.withInitial(workers);
    List<Future<List<Finding>>> runs = new ArrayList<>();
    try {
      byte[] buf = Arrays.copyOf(buffered, Math.max(buffered.length, BLOCK) + BLOCK);
      int length = buffered.length;
      int scanned = 0;
      int runStart = 0;
      int lastEnd = -1;
      int count = 0;
      int runFirst = 0;
      while (true) {
        int end = -1;
        for (int i = scanned; i < length; i++) {
          byte b = buf[i];
          if (inString) {
            if (escaped) {
              escaped = false;
            } else if (b == '\\') {
              escaped = true;
            } else if (b == '"') {
              inString = false;
            }
          } else if (b == '"') {
            inString = true;
          } else if (b == '{' || b == '[') {
            depth++;
          } else if (b == '}' || b == ']') {
            if (--depth == 0 && b == '}') {
              lastEnd = i + 1;
              count++;
            } else if (depth < 0) {
              end = i;
              break;
            }
          }
        }
        if (end >= 0) {
          runs.add(submit(pool, worker, buf, runStart, end, runFirst));
          // What follows the list (a comma or the closing brace) is read into the buffer too.
          int next = end + 1;
          while (true) {
            while (next < length && isSpace(buf[next])) {
              next++;
            }
            if (next < length) {
              break;
            }
            if (length == buf.length) {
              buf = Arrays.copyOf(buf, buf.length + BLOCK);
            }
            int n = in.read(buf, length, buf.length - length);
            if (n < 0) {
              break;
            }
            length += n;
          }
          return new Read(collect(runs), after(buf, next, length, in));
        }
        scanned = length;
        if (lastEnd - runStart >= RUN_BYTES) {
          runs.add(submit(pool, worker, buf, runStart, lastEnd, runFirst));
          runFirst = count;
          System.arraycopy(buf, lastEnd, buf, 0, length - lastEnd);
          length -= lastEnd;
          scanned -= lastEnd;
          runStart = 0;
          lastEnd = 0;
        }
        if (buf.length - length < BLOCK) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, length, buf.length - length);
        if (n < 0) {
          throw new Unusual("the file ends inside the findings", null);
        }
        length += n;
      }
    } catch (IOException e) {
      throw new Unusual("unreadable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unusual("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Parses bytes {@code from}…{@code to} of {@code buf}, whole findings, on a worker. */
  private Future<List<Finding>> submit(ExecutorService pool, ThreadLocal<Worker> worker,
      byte[] buf, int from, int to, int first) throws InterruptedException {
    // The run as a list of its own: a bracket, the findings (a run after the first begins
    // with the comma that followed the one before), a bracket.
    int start = from;
    while (start < to && isSpace(buf[start])) {
      start++;
    }
    if (first > 0 && start < to && buf[start] == ',') {
      start++;
    }
    int length = to - start + 2;
    byte[] taken = free.take();
    byte[] run = taken.length >= length ? taken : new byte[length];
    run[0] = '[';
    System.arraycopy(buf, start, run, 1, to - start);
    run[length - 1] = ']';
    return pool.submit(() -> {
      try {
        return parse(worker.get(), run, length, first);
      } finally {
        free.add(taken);
      }
    });
  }

  private static List<Finding> parse(Worker w, byte[] run, int length, int first)
      throws Exception {
    List<Finding> found = new ArrayList<>();
    try (JsonParser p = w.json().createParser(run, 0, length)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new Unusual("not a list", null);
      }
      JsonToken token;
      int index = first;
      while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
        if (token != JsonToken.START_OBJECT) {
          throw new Unusual("a finding that is not an object", null);
        }
        found.add(w.findings().read(p, "findings[" + index++ + "]"));
      }
      if (p.nextToken() != null) {
        throw new Unusual("more than whole findings", null);
      }
    }
    return found;
  }

  private static List<Finding> collect(List<Future<List<Finding>>> runs)
      throws Unusual, InterruptedException {
    int size = 0;
    List<List<Finding>> lists = new ArrayList<>(runs.size());
    for (Future<List<Finding>> run : runs) {
      try {
        List<Finding> l = run.get();
        size += l.size();
        lists.add(l);
      } catch (ExecutionException e) {
        throw new Unusual("a run of findings", e.getCause());
      }
    }
    List<Finding> all = new ArrayList<>(size);
    lists.forEach(all::addAll);
    return all;
  }

  /**
   * The file after the list, as the rest of an object: an opening brace, then what followed
   * the comma after the list's closing bracket (or the closing brace itself).
   */
  private static InputStream after(byte[] buf, int from, int length, InputStream in) {
    int start = from;
    if (start < length && buf[start] == ',') {
      start++;
    }
    byte[] head = new byte[length - start + 1];
    head[0] = '{';
    System.arraycopy(buf, start, head, 1, length - start);
    return new SequenceInputStream(new ByteArrayInputStream(head), in);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
