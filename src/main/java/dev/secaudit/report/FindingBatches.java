package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * A scan read on a thread of its own while its findings are handed to the caller's thread in
 * batches, a few batches ahead at most: the reading (parsing, binding, checking) and the
 * caller's work on the findings share the two cores, and no more than those batches are held.
 */
final class FindingBatches {
  private static final int BATCH = 1024;
  private static final int BATCHES_AHEAD = 8;

  private FindingBatches() {}

  /**
   * Every finding of {@code scan} to {@code each} on this thread, then the scan without its
   * findings. A refusal of the file, or what {@code each} throws, is thrown here; either stops
   * the reading.
   */
  static ScanResult forEach(ScanReader scan, String file, Consumer<Finding> each) {
    BlockingQueue<Object> batches = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    Thread reading = new Thread(() -> {
      Object last;
      try {
        List<Finding> batch = new ArrayList<>(BATCH);
        while (scan.hasNext()) {
          batch.add(scan.next());
          if (batch.size() == BATCH) {
            batches.put(batch);
            batch = new ArrayList<>(BATCH);
          }
        }
        batches.put(batch);
        last = scan.withoutFindings();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | Error e) {
        last = e;
      }
      try {
        batches.put(last);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "secaudit-scan-reader");
    reading.setDaemon(true);
    reading.start();
    boolean read = false;
    try {
      while (true) {
        Object taken = batches.take();
        if (taken instanceof List<?> batch) {
          for (Object f : batch) {
            each.accept((Finding) f);
          }
        } else if (taken instanceof ScanResult rest) {
          read = true;
          reading.join();
          return rest;
        } else if (taken instanceof RuntimeException e) {
          throw e;
        } else {
          throw (Error) taken;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + file, e);
    } finally {
      if (!read) {
        // Stopped early: the reading thread must not go on using the parser the caller closes.
        reading.interrupt();
        joinQuietly(reading);
      }
    }
  }

  private static void joinQuietly(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
