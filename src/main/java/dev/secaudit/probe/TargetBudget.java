package dev.secaudit.probe;

import dev.secaudit.probe.local.Deadline;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The time one target's probes may take from when its probing starts, once the host's gate lets
 * it through (settings.timeouts.target). A wait for one of the host's connections, and a loaded
 * machine's slowness, count: the budget bounds the time a target can hold a scan, which a clock
 * started at the first request would not (a target queued behind a slow host's others would
 * start its whole budget late).
 * Every probe asks it before opening a new request, hello or connection; once the budget is spent
 * nothing more is sent and the refusal is recorded as the probe's failure, so the checks that
 * needed it say why they could not judge. A request already in flight keeps its own total
 * timeout: the bound on a target is the budget plus one total timeout.
 *
 * <p>Shared by the threads that probe one target (its HTTP requests and its TLS hellos run side by
 * side); the first refusal fixes the reason, so every probe refused later names the same count.
 */
public final class TargetBudget {
  private final String label;
  private final Deadline deadline;
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicReference<String> spent = new AtomicReference<>();
  private final java.util.List<Sent> sent =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  /**
   * An HTTP request the budget let out: what a rate-limit probe must count, since a limiter
   * keyed by route counts secaudit's own page fetch, CORS probe or flow step on that path too.
   * Method and URL only; headers and bodies may be credentials and are never kept here.
   */
  public record Sent(String method, String url, java.time.Instant at) {}

  private TargetBudget(String label, Deadline deadline) {
    this.label = label;
    this.deadline = deadline;
  }

  /**
   * A budget that starts now, on the monotonic clock.
   *
   * @param label the budget as the policy wrote it (e.g. "120s"), for the reason users read
   */
  public static TargetBudget start(Duration budget, String label) {
    return new TargetBudget(label, Deadline.in(budget));
  }

  /**
   * Asks to send one more request, hello or connection: null when it may go (it is counted), or
   * why it may not.
   */
  public String admit() {
    String already = spent.get();
    if (already != null) {
      return already + "; not sent";
    }
    if (deadline.passed()) {
      spent.compareAndSet(null, "target time budget of " + label + " spent "
          + requests() + " (settings.timeouts.target)");
      return spent.get() + "; not sent";
    }
    admitted.incrementAndGet();
    return null;
  }

  /**
   * Remembers an admitted HTTP request as it goes out (after the client was built, which may
   * take seconds on first use: the limiter sees the request then).
   */
  public void sent(String method, String url, java.time.Instant at) {
    sent.add(new Sent(method, url, at));
  }

  /** The HTTP requests sent so far, in order. */
  public java.util.List<Sent> sent() {
    synchronized (sent) {
      return java.util.List.copyOf(sent);
    }
  }

  /** Whether a wait of {@code wait} ends inside the budget; unlike {@link #affords}, spends nothing. */
  public boolean wouldAfford(Duration wait) {
    return spent.get() == null && deadline.left().compareTo(wait) > 0;
  }

  /**
   * Asks to wait {@code wait} before the next request (a rate limiter's Retry-After): true when
   * the wait ends inside the budget. When it would not, the budget counts as spent now, so the
   * request after the wait, and every later one, is refused at once instead of after the wait.
   */
  public boolean affords(Duration wait) {
    if (wouldAfford(wait)) {
      return true;
    }
    spent.compareAndSet(null, "target time budget of " + label + " would run out during a "
        + wait.toSeconds() + "s wait, " + requests() + " (settings.timeouts.target)");
    return false;
  }

  private String requests() {
    int n = admitted.get();
    if (n == 0) {
      // "spent after 0 requests" read as a fault of the target (cap25, at load 45).
      return "before its first request or hello was sent (waiting for a connection to the host,"
          + " or for this machine)";
    }
    // HTTP requests and TLS hellos draw on the same budget, so the count names both.
    return "after " + n + (n == 1 ? " request or hello" : " requests and hellos");
  }

  /** Why later probes were not sent, or null while nothing was refused. */
  public String spent() {
    return spent.get();
  }
}
