package dev.secaudit.probe.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs a target's independent probes side by side, a few connections at a time: against a real
 * host each hello waits a round trip or two, so width 2 halves a one-host scan, while the cap keeps
 * to the per-host politeness the policy sets (settings.per_host). The caller's thread takes part;
 * results come back in the order of the input.
 */
final class Fanout {
  private Fanout() {}

  /** Runs each task on a daemon thread of its own, named {@code name}: a probe that waits. */
  static java.util.concurrent.Executor ownThread(String name) {
    return task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      t.start();
    };
  }

  /** {@code task} must not throw: probes report trouble as observations. */
  static <T, R> List<R> inOrder(List<T> items, int width, Function<T, R> task) {
    int n = items.size();
    if (width <= 1 || n <= 1) {
      List<R> out = new ArrayList<>(n);
      for (T item : items) {
        out.add(task.apply(item));
      }
      return out;
    }
    Object[] results = new Object[n];
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        results[i] = task.apply(items.get(i));
      }
    };
    List<Thread> helpers = new ArrayList<>();
    for (int h = 1; h < Math.min(width, n); h++) {
      Thread t = new Thread(worker, "secaudit-tls-fanout");
      t.setDaemon(true);
      t.start();
      helpers.add(t);
    }
    worker.run();
    for (Thread t : helpers) {
      boolean interrupted = false;
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          // The helpers end on their own within the probes' time limits; finish waiting.
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    @SuppressWarnings("unchecked")
    List<R> out = (List<R>) Arrays.asList(results);
    return out;
  }
}
