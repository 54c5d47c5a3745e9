package dev.secaudit.probe.local;

import java.util.concurrent.TimeUnit;

/** Ends a process that ran out of time together with every process it started. */
public final class ProcessTree {
  private ProcessTree() {}

  /**
   * Children first, so none is left running (and holding an output pipe open) after its parent;
   * then waits up to {@code waitMillis} for the parent to be gone.
   */
  public static void kill(Process process, long waitMillis) {
    process.descendants().toList().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
