package dev.secaudit.probe.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * One output stream of a process (stdout or stderr), read to its end on a thread of its own so
 * the process never blocks on a full pipe, keeping at most {@code cap} bytes and counting the
 * rest.
 */
public final class ProcessOutput {
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final int cap;
  private final Thread thread;
  private volatile long total;

  private ProcessOutput(InputStream in, int cap, String threadName) {
    this.cap = cap;
    this.thread = new Thread(() -> drain(in), threadName);
    this.thread.setDaemon(true);
  }

  /** Starts reading {@code in} now. */
  public static ProcessOutput start(InputStream in, int cap, String threadName) {
    ProcessOutput c = new ProcessOutput(in, cap, threadName);
    c.thread.start();
    return c;
  }

  private void drain(InputStream in) {
    byte[] buf = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buf)) != -1; ) {
        synchronized (kept) {
          int room = (int) Math.max(0, cap - kept.size());
          kept.write(buf, 0, Math.min(n, room));
        }
        total += n;
      }
    } catch (IOException e) {
      // the pipe closed under us (the process was killed): what was read is kept
    }
  }

  /** Waits for the end of the stream, at most {@code millis}. */
  public void join(long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Bytes the stream carried, kept or not. */
  public long total() {
    return total;
  }

  public boolean truncated() {
    return total > cap;
  }

  /** The bytes kept, as UTF-8. */
  public String text() {
    synchronized (kept) {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }
}
