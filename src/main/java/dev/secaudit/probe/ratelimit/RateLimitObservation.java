package dev.secaudit.probe.ratelimit;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.Printable;
import dev.secaudit.probe.http.HttpExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What one rate-limit probe did: every request in order with its time, status and rate-limit
 * headers, why it stopped, and the recovery request when one was made. As sent and received;
 * redacted when written.
 *
 * @param id artifact id findings cite, e.g. {@code api/ratelimit-login}
 * @param policyIndex position in the policy's rate_limits list
 * @param skipped why nothing was sent (not opted in), or null when the probe ran
 * @param recoveryWait how long the probe waited before the recovery request, or null
 * @param recoveryNote why no recovery request was made although one was asked for, or null
 * @param credentials the request carried a body or a credential header, so a 401 or 403 is the
 *     endpoint's answer to an attempt rather than a refusal of the request itself
 * @param windowRequests the requests that watched the window after the burst (observe_window)
 * @param windowNote why the window watch stopped before the window's end, or null
 * @param plan the probe's plan as announced before the first request (burst, window watch,
 *     recovery), or null: the artifact states it in the same words
 * @param earlier requests secaudit itself had sent to the same host and path (any method) within
 *     one window before the burst: a limiter keyed by route counted them
 * @param earlierWait how long the probe waited before the burst so that the window since the
 *     last of those had passed, or null when it did not wait (and they may have counted)
 * @param setup the setup flow run before the burst (setup_flow), or null when there was none
 * @param secondLook the bursts sent again after waiting as the refusal asked, when that wait was
 *     shorter than the window (never null)
 */
public record RateLimitObservation(
    String id,
    String name,
    int policyIndex,
    String target,
    String method,
    String url,
    int requestCap,
    Duration timeCap,
    String skipped,
    List<HttpExchange> requests,
    Stop stop,
    HttpExchange recovery,
    Duration recoveryWait,
    String recoveryNote,
    boolean credentials,
    List<HttpExchange> windowRequests,
    String windowNote,
    String plan,
    List<dev.secaudit.probe.TargetBudget.Sent> earlier,
    Duration earlierWait,
    BurstSetup.Ran setup,
    SecondLook.Looked secondLook) {

  /** Why the probe sent no further request. */
  public enum Stop {
    /** The expected status came back. */
    LIMITED,
    /** The request cap was reached without it. */
    REQUEST_CAP,
    /** The time cap passed before the request cap was reached. */
    TIME_CAP,
    /** Several requests in a row got no answer at all. */
    UNREACHABLE,
    /**
     * The endpoint turned the request away for another reason (405, 404, a 401 to a request
     * without credentials): the limit cannot be exercised by repeating it.
     */
    NOT_PROCESSED,
    /**
     * The target's time budget refused the next request (the last one recorded, which was not
     * sent).
     */
    BUDGET,
    /** Not opted in; nothing was sent. */
    SKIPPED
  }

  public RateLimitObservation {
    requests = List.copyOf(requests);
    windowRequests = windowRequests == null ? List.of() : List.copyOf(windowRequests);
    earlier = earlier == null ? List.of() : List.copyOf(earlier);
    secondLook = secondLook == null ? SecondLook.Looked.NONE : secondLook;
  }

  /** A probe that did not burst again after the refusal's wait. */
  public RateLimitObservation(String id, String name, int policyIndex, String target,
      String method, String url, int requestCap, Duration timeCap, String skipped,
      List<HttpExchange> requests, Stop stop, HttpExchange recovery, Duration recoveryWait,
      String recoveryNote, boolean credentials, List<HttpExchange> windowRequests,
      String windowNote, String plan, List<dev.secaudit.probe.TargetBudget.Sent> earlier,
      Duration earlierWait, BurstSetup.Ran setup) {
    this(id, name, policyIndex, target, method, url, requestCap, timeCap, skipped, requests, stop,
        recovery, recoveryWait, recoveryNote, credentials, windowRequests, windowNote, plan,
        earlier, earlierWait, setup, SecondLook.Looked.NONE);
  }

  /**
   * The earlier requests that may have counted against the limit: none once the probe waited
   * the window out.
   */
  public List<dev.secaudit.probe.TargetBudget.Sent> mayHaveCounted() {
    return earlierWait != null ? List.of() : earlier;
  }

  /** "GET https://…/signin at 02:31:07.412Z", each earlier request as the evidence names it. */
  public String describeEarlier() {
    return String.join(", ", earlier.stream().map(e -> e.method() + " " + e.url() + " at "
        + e.at()).toList());
  }

  /** A probe whose window was not watched. */
  public RateLimitObservation(String id, String name, int policyIndex, String target,
      String method, String url, int requestCap, Duration timeCap, String skipped,
      List<HttpExchange> requests, Stop stop, HttpExchange recovery, Duration recoveryWait,
      String recoveryNote, boolean credentials) {
    this(id, name, policyIndex, target, method, url, requestCap, timeCap, skipped, requests,
        stop, recovery, recoveryWait, recoveryNote, credentials, List.of(), null, null,
        List.of(), null, null);
  }

  /**
   * Whether an answer is an attempt the endpoint let through: answered, not the refusal, not a
   * server error, and an attempt it processed.
   */
  public static boolean accepted(HttpExchange e, int expectStatus, boolean credentials) {
    return !e.failed() && e.status() != expectStatus && e.status() < 500
        && UnprocessedAttempt.reason(e, credentials) == null;
  }

  /**
   * From the start of the first request to the end of the last one of the burst: how long the
   * attempts a refusal was counted over took. Null when nothing was sent.
   */
  public Duration burstElapsed() {
    if (requests.isEmpty() || requests.get(0).started() == null) {
      return null;
    }
    HttpExchange last = requests.get(requests.size() - 1);
    Instant end = last.started() == null ? requests.get(0).started()
        : last.started().plusMillis(last.millis());
    return Duration.between(requests.get(0).started(), end);
  }

  /** From the start of the first request to the start of the window watch's last, or null. */
  public Duration watched() {
    if (windowRequests.isEmpty() || requests.isEmpty() || requests.get(0).started() == null) {
      return null;
    }
    HttpExchange last = windowRequests.get(windowRequests.size() - 1);
    return last.started() == null ? null
        : Duration.between(requests.get(0).started(), last.started());
  }

  /**
   * Whether the window watch reached the window's end: its last request started no earlier than
   * twice the watch's margin before it (one margin is the plan, the other slack for a slow
   * answer before it).
   */
  public boolean watchedWholeWindow(Duration window) {
    Duration w = watched();
    return w != null && w.compareTo(window.minus(WindowWatch.margin(window).multipliedBy(2)))
        >= 0;
  }

  /** "0.8 s", "12.3 s": a span as the evidence states it, to a tenth of a second. */
  public static String seconds(Duration d) {
    long tenths = Math.round(d.toMillis() / 100.0);
    return tenths / 10 + "." + tenths % 10 + " s";
  }

  /** A probe whose request carried no credentials. */
  public RateLimitObservation(String id, String name, int policyIndex, String target,
      String method, String url, int requestCap, Duration timeCap, String skipped,
      List<HttpExchange> requests, Stop stop, HttpExchange recovery, Duration recoveryWait,
      String recoveryNote) {
    this(id, name, policyIndex, target, method, url, requestCap, timeCap, skipped, requests,
        stop, recovery, recoveryWait, recoveryNote, false);
  }

  /** Why the last answer shows the endpoint never processed the attempt, or null. */
  public String notProcessed() {
    return requests.isEmpty() ? null
        : UnprocessedAttempt.reason(requests.get(requests.size() - 1), credentials);
  }

  static RateLimitObservation skipped(String id, String name, int policyIndex, String target,
      String method, String url, int cap, Duration timeCap, String why) {
    return new RateLimitObservation(id, name, policyIndex, target, method, url, cap, timeCap, why,
        List.of(), Stop.SKIPPED, null, null, null, false, List.of(), null, null, List.of(),
        null, null);
  }

  /**
   * Every request as one line (time, offset, status, duration, rate-limit headers), then the
   * limited answer in full: what an auditor opens to see the limit being reached.
   */
  public Artifact artifact(int bodyExcerpt) {
    StringBuilder sb = new StringBuilder();
    sb.append("# rate limit '").append(name).append("': ").append(method).append(' ').append(url)
        .append('\n');
    sb.append("# ").append(plan != null ? plan
        : dev.secaudit.probe.ActivePlan.caps(requestCap, timeCap)).append('\n');
    sb.append("# stopped: ").append(stop.name().toLowerCase(Locale.ROOT).replace('_', ' '))
        .append(" after ").append(requests.size()).append(" request")
        .append(requests.size() == 1 ? "" : "s").append('\n');
    if (!requests.isEmpty()) {
      sb.append("# request headers sent:");
      for (Header h : requests.get(0).requestHeaders()) {
        sb.append(' ').append(h.written()).append(';');
      }
      sb.append(" body not recorded\n");
    }
    if (setup != null) {
      sb.append("# setup flow '").append(setup.flow()).append("': ")
          .append(setup.steps().size()).append(" step").append(setup.steps().size() == 1 ? ""
              : "s").append(setup.stopped() == null ? ", completed; its captures and cookies go"
              + " with every request (redacted)\n" : "; stopped: " + setup.stopped() + "\n");
      int s = 0;
      for (HttpExchange e : setup.steps()) {
        line(sb, "setup" + ++s, e, null);
      }
    }
    if (!earlier.isEmpty()) {
      sb.append("# secaudit's own earlier requests to this path within the window: ")
          .append(describeEarlier()).append(earlierWait == null
              ? "; not waited out, so a limiter keyed by path may have counted them\n"
              : "; waited " + earlierWait.toMillis() + " ms for the window to pass first\n");
    }
    Instant start = requests.isEmpty() ? null : requests.get(0).started();
    int n = 0;
    for (HttpExchange e : requests) {
      line(sb, "#" + ++n, e, start);
    }
    if (!windowRequests.isEmpty() || windowNote != null) {
      sb.append("# window watch: ").append(windowRequests.size()).append(" request")
          .append(windowRequests.size() == 1 ? "" : "s").append(" after the burst")
          .append(windowNote == null ? "" : "; stopped: " + windowNote).append('\n');
    }
    int w = 0;
    for (HttpExchange e : windowRequests) {
      line(sb, "w" + ++w, e, start);
    }
    if (recoveryWait != null) {
      sb.append("# recovery: waited ").append(recoveryWait.toMillis()).append(" ms\n");
    }
    if (recovery != null) {
      line(sb, "recovery", recovery, start);
    }
    if (recoveryNote != null) {
      sb.append("# recovery not tested: ").append(recoveryNote).append('\n');
    }
    int round = 1;
    for (SecondLook.Round r : secondLook.rounds()) {
      round++;
      sb.append("# burst ").append(round).append(": ").append(r.askedBy()).append(" asked for ")
          .append(r.askedSeconds()).append("s; ").append(r.waited().isZero()
              ? "the recovery request above waited it and is this burst's first"
              : "waited " + r.waited().toMillis() + " ms").append('\n');
      int k = 0;
      for (HttpExchange e : r.requests()) {
        line(sb, "b" + round + "." + ++k, e, start);
      }
    }
    if (secondLook.note() != null) {
      sb.append("# not sent again: ").append(secondLook.note()).append('\n');
    }
    if (stop == Stop.NOT_PROCESSED) {
      sb.append("# not processed: ").append(notProcessed()).append('\n');
    }
    if (stop == Stop.LIMITED) {
      sb.append("\n# the limited answer in full:\n")
          .append(requests.get(requests.size() - 1).transcript(bodyExcerpt));
    }
    String summary = skipped != null ? "rate limit '" + name + "' not probed: " + skipped
        : "rate limit '" + name + "': " + requests.size() + " request"
            + (requests.size() == 1 ? "" : "s") + ", " + stop.name().toLowerCase(Locale.ROOT)
            + (burstElapsed() == null ? "" : " in " + seconds(burstElapsed()))
            + (windowRequests.isEmpty() ? "" : "; then " + windowRequests.size()
                + " watching the window")
            + (secondLook.rounds().isEmpty() ? "" : "; then " + secondLook.rounds().size()
                + " more burst" + (secondLook.rounds().size() == 1 ? "" : "s")
                + " after the waits the refusals asked for");
    List<HttpExchange> sent = new java.util.ArrayList<>(requests);
    sent.addAll(windowRequests);
    secondLook.rounds().forEach(r -> sent.addAll(r.requests()));
    if (recovery != null) {
      sent.add(recovery);
    }
    Long took = HttpExchange.spanMillis(sent);
    return new Artifact(id, target, ArtifactKind.Known.RATE_LIMIT_PROBE, start, summary,
        sb.toString(), Artifact.sha256(sb.toString()), took, null);
  }

  private static void line(StringBuilder sb, String label, HttpExchange e, Instant start) {
    sb.append(label).append(' ').append(e.started());
    if (start != null) {
      sb.append(" +").append(Duration.between(start, e.started()).toMillis()).append("ms");
    }
    sb.append(" → ").append(e.failed() ? "failed: " + Printable.of(e.error())
        : String.valueOf(e.status()))
        .append(" (").append(e.millis()).append(" ms)");
    for (Header h : e.responseHeaders()) {
      String n = h.name().toLowerCase(Locale.ROOT);
      if (n.contains("ratelimit") || n.equals("retry-after")) {
        sb.append("; ").append(h.written());
      }
    }
    sb.append('\n');
  }
}
