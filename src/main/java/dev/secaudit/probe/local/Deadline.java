package dev.secaudit.probe.local;

import java.time.Duration;

/** The end of a probe's time budget, on the monotonic clock (wall-clock jumps do not move it). */
public record Deadline(long nanos) {
  public static Deadline in(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  public boolean passed() {
    return System.nanoTime() - nanos > 0;
  }

  public Duration left() {
    return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
  }
}
