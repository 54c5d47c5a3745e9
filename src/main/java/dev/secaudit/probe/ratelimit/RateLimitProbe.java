package dev.secaudit.probe.ratelimit;

import dev.secaudit.policy.RateLimit;
import dev.secaudit.policy.Target;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * Verifies a rate limit the only way it can be verified: by sending the same request one after
 * another until the server refuses. It is active and so guarded: it runs only when the user opted
 * in, it announces its caps before the first request, it never sends more than limit + tolerance
 * + {@link RateLimit#MARGIN} requests, starts none after the time cap, and stops at the
 * first refusal. Every answer and every failure is recorded; nothing is thrown.
 */
public final class RateLimitProbe {
  /** The longest the probe waits for Retry-After before the recovery request. */
  public static final Duration MAX_RECOVERY_WAIT = Duration.ofSeconds(60);
  /** No request starts later than this after the first, whatever the window. */
  public static final Duration MAX_TIME = Duration.ofMinutes(5);
  /** Consecutive requests without any answer after which the endpoint counts as unreachable. */
  static final int MAX_CONSECUTIVE_FAILURES = 3;

  /** Waits; injected so that tests of the recovery path do not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    static Sleeper real() {
      return d -> Thread.sleep(d.toMillis());
    }
  }

  private final HttpProbe http;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Consumer<String> announce;
  /** The target's time budget, asked before a Retry-After wait; null: no budget. */
  private final dev.secaudit.probe.TargetBudget budget;

  /**
   * @param announce told the caps before a probe starts; the CLI prints it on stderr
   */
  public RateLimitProbe(HttpProbe http, Clock clock, Sleeper sleeper,
      Consumer<String> announce) {
    this.http = http;
    this.clock = clock;
    this.sleeper = sleeper;
    this.announce = announce;
    this.budget = null;
  }

  private RateLimitProbe(RateLimitProbe shared, dev.secaudit.probe.TargetBudget budget) {
    this.http = shared.http.within(budget);
    this.clock = shared.clock;
    this.sleeper = shared.sleeper;
    this.announce = shared.announce;
    this.budget = budget;
  }

  /**
   * The same probe, sending nothing once the target's {@code budget} is spent, and not waiting
   * for a recovery the budget cannot afford.
   */
  public RateLimitProbe within(dev.secaudit.probe.TargetBudget budget) {
    return new RateLimitProbe(this, budget);
  }

  /**
   * Probes one rate_limits entry, or records why it was not probed.
   *
   * @param optedOut why active probes may not run on this target, or null when they may
   */
  public RateLimitObservation probe(Target target, int policyIndex, RateLimit rule,
      String optedOut) {
    return probe(target, policyIndex, rule, optedOut, null);
  }

  /**
   * Probes one rate_limits entry after running its setup flow, or records why it was not probed.
   *
   * @param setup runs the rule's setup_flow when asked, just before the burst; null: none
   */
  public RateLimitObservation probe(Target target, int policyIndex, RateLimit rule,
      String optedOut, java.util.function.Supplier<BurstSetup> setup) {
    String id = target.name() + "/ratelimit-" + rule.name();
    HttpUrl base = HttpUrl.parse(target.url());
    HttpUrl resolved = base.resolve(rule.request().path());
    String url = resolved == null ? target.url() + rule.request().path() : resolved.toString();
    String method = rule.request().method();
    int cap = rule.requestCap();
    Duration timeCap = timeCap(rule);
    boolean watch = rule.watchesWindow();
    if (optedOut == null && !HttpProbe.sameOrigin(resolved, base)) {
      // The validator rejects such paths; this guard keeps credentials on the target whatever
      // built the policy.
      optedOut = "the path leaves the target's origin; nothing was sent";
    }
    if (optedOut == null
        && dev.secaudit.policy.LoadedPolicy.isPlaceholder(rule.request().path())) {
      optedOut = "the request path is still " + dev.secaudit.policy.LoadedPolicy.PLACEHOLDER
          + " in the policy; nothing was sent";
    }
    if (optedOut != null) {
      return RateLimitObservation.skipped(id, rule.name(), policyIndex, target.name(), method,
          url, cap, timeCap, optedOut);
    }
    // One wording for the console and the artifact: the burst's cap alone in one and the burst
    // plus the window watch in the other read as two different plans.
    String caps = dev.secaudit.probe.ActivePlan.caps(rule.totalCap(), timeCap);
    String plan = (watch ? caps.replaceFirst(",", " (at most " + cap + " in the burst),") : caps)
        + "; stops at the first " + rule.expectStatus()
        + (watch ? "; then watches the " + rule.window().text() + " window with at most "
            + RateLimit.WINDOW_REQUESTS + " more, one every "
            + WindowWatch.step(rule.window().value()).toMillis() + " ms" : "")
        + (rule.recovery() ? "; then waits at most " + MAX_RECOVERY_WAIT.toSeconds()
            + "s and sends one more" : "")
        + (watch ? "" : "; if the " + rule.expectStatus() + " asks for a wait of at most "
            + MAX_RECOVERY_WAIT.toSeconds() + "s that ends within the " + rule.window().text()
            + " window, waits as asked and sends the burst again (at most "
            + SecondLook.MAX_ROUNDS + " more, " + (rule.limit() + rule.tolerance() + 1)
            + " requests each, none once more than twice the limit were accepted)")
        + (rule.keepCookies() ? "; each request sends back the cookies the answers before it"
            + " set (keep_cookies)" : "");
    announce.accept("active probe: rate limit '" + rule.name() + "' on " + target.name() + ": "
        + method + " " + url + ", " + plan);

    Map<String, String> headers = new LinkedHashMap<>(target.requestHeaders());
    headers.put("Accept", "*/*");
    headers.putAll(rule.request().headers());
    String body = rule.request().body();
    BurstSetup.Ran ran = null;
    if (setup != null) {
      // Before the wait below: the setup's own requests to the path are secaudit's too.
      BurstSetup s = setup.get();
      ran = s.ran();
      BurstSetup.Request q = ran.stopped() != null ? null
          : s.request(rule.request().path(), headers, body);
      String notSent = ran.stopped() != null ? ran.stopped() : q.notSent();
      if (notSent != null) {
        return new RateLimitObservation(id, rule.name(), policyIndex, target.name(), method, url,
            cap, timeCap, null, List.of(), RateLimitObservation.Stop.SKIPPED, null, null, null,
            false, List.of(), null, plan, List.of(), null,
            new BurstSetup.Ran(ran.flow(), ran.steps(), notSent, ran.secrets()));
      }
      resolved = q.url();
      url = resolved.toString();
      headers = new LinkedHashMap<>(q.headers());
      body = q.body();
    }
    // A limiter keyed by route (Flask-Limiter, express-rate-limit per router, nginx per
    // location) counts every request to the path, whatever its method: secaudit's own page
    // fetch had taken the slot a burst then did not count, and an 11-per-minute limit was
    // "verified" as 10. Waiting the window out makes the count exact; when the budget or the
    // window's length does not allow it, the requests are kept and the check counts them.
    List<dev.secaudit.probe.TargetBudget.Sent> earlier = earlier(resolved, rule);
    Duration earlierWait = null;
    if (!earlier.isEmpty() && rule.window().value().compareTo(MAX_EARLIER_WAIT) <= 0) {
      Duration wait = Duration.between(clock.instant(), earlier.get(earlier.size() - 1).at()
          .plus(rule.window().value()).plusSeconds(1));
      if (wait.isNegative()) {
        wait = Duration.ZERO;
      }
      if (budget.wouldAfford(wait.plus(need(rule)))) {
        announce.accept("active probe: rate limit '" + rule.name() + "' waits "
            + wait.toSeconds() + "s first: secaudit sent " + earlier.size() + " request"
            + (earlier.size() == 1 ? "" : "s") + " to " + resolved.encodedPath()
            + " within the last " + rule.window().text() + ", which the limiter may count");
        try {
          sleeper.sleep(wait);
          earlierWait = wait;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    List<HttpExchange> sent = new ArrayList<>();
    Instant start = clock.instant();
    RateLimitObservation.Stop stop = RateLimitObservation.Stop.REQUEST_CAP;
    int failuresInARow = 0;
    boolean credentials = UnprocessedAttempt.credentials(headers, body);
    BurstRequest request = new BurstRequest(http, clock, method, url, headers, body,
        rule.keepCookies());
    for (int n = 1; n <= cap; n++) {
      if (n > 1 && !clock.instant().isBefore(start.plus(timeCap))) {
        stop = RateLimitObservation.Stop.TIME_CAP;
        break;
      }
      HttpExchange ex = request.send(id + "-" + n);
      sent.add(ex);
      if (budget != null && ex.failed() && budget.spent() != null
          && ex.error().startsWith(budget.spent())) {
        // Not sent, so not unanswered: the budget, not the server, ended the burst.
        stop = RateLimitObservation.Stop.BUDGET;
        break;
      }
      if (ex.status() == rule.expectStatus()) {
        stop = RateLimitObservation.Stop.LIMITED;
        break;
      }
      if (UnprocessedAttempt.reason(ex, credentials) != null) {
        // Repeating a request the endpoint turns away sends traffic that shows nothing.
        stop = RateLimitObservation.Stop.NOT_PROCESSED;
        break;
      }
      failuresInARow = ex.failed() ? failuresInARow + 1 : 0;
      if (failuresInARow >= MAX_CONSECUTIVE_FAILURES) {
        stop = RateLimitObservation.Stop.UNREACHABLE;
        break;
      }
    }

    WindowWatch.Watched watched = WindowWatch.Watched.NONE;
    if (watch && stop == RateLimitObservation.Stop.LIMITED && sent.size() - 1 <= rule.limit()
        + rule.tolerance()) {
      // A burst already over the limit refutes the window by itself: nothing more to send.
      Instant first = sent.get(0).started() != null ? sent.get(0).started() : start;
      watched = new WindowWatch(clock, sleeper, budget).watch(first, rule,
          sent.size() - 1, credentials, n -> request.send(id + "-w" + n));
    }

    HttpExchange recovery = null;
    Duration waited = null;
    String note = null;
    if (rule.recovery() && stop == RateLimitObservation.Stop.LIMITED) {
      RateLimitHeaders limited = RateLimitHeaders.of(sent.get(sent.size() - 1));
      Long seconds = limited.retryAfterSeconds() != null ? limited.retryAfterSeconds()
          : limited.resetSeconds();
      if (seconds == null) {
        note = "the limited answer said neither Retry-After nor when the quota resets";
      } else if (seconds > MAX_RECOVERY_WAIT.toSeconds()) {
        note = "the server asks for " + seconds + "s, over the " + MAX_RECOVERY_WAIT.toSeconds()
            + "s the probe waits at most";
      } else {
        // One second more than asked: a limiter that counts whole seconds may still refuse
        // exactly at the boundary.
        waited = Duration.ofSeconds(seconds + 1);
        try {
          // Past the budget the recovery request is refused (and recorded so) without the wait.
          if (budget == null || budget.affords(waited)) {
            sleeper.sleep(waited);
          }
          recovery = request.send(id + "-recovery");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          note = "interrupted while waiting";
        }
      }
    }
    SecondLook.Looked looked = SecondLook.Looked.NONE;
    if (!watch && stop == RateLimitObservation.Stop.LIMITED && sent.size() > 1
        && sent.size() - 1 <= rule.limit() + rule.tolerance()
        && (recovery == null || RateLimitObservation.accepted(recovery, rule.expectStatus(),
            credentials))) {
      // Not watched, the window is judged by what a client that waits as told is given; a
      // recovery request that was refused already shows the server still limiting, and a first
      // request refused measured no limit to compare.
      Instant first = sent.get(0).started() != null ? sent.get(0).started() : start;
      int accepted = (int) sent.stream().filter(e -> RateLimitObservation.accepted(e,
          rule.expectStatus(), credentials)).count();
      looked = new SecondLook(clock, sleeper, budget).look(first, rule,
          sent.get(sent.size() - 1), accepted, credentials, recovery,
          (round, n) -> request.send(id + "-b" + (round + 1) + "-" + n));
    }
    return new RateLimitObservation(id, rule.name(), policyIndex, target.name(), method, url,
        cap, timeCap, null, sent, stop, recovery, waited, note, credentials,
        watched.requests(), watched.note(), plan, earlier, earlierWait, ran, looked);
  }

  /** The longest window the probe waits out before its burst; a longer one is counted instead. */
  public static final Duration MAX_EARLIER_WAIT = RateLimit.MAX_OBSERVED_WINDOW;

  /**
   * The requests the target's budget let out to the rule's host, port and path (the query
   * aside) within one window before now, oldest first; none without a budget to ask.
   */
  private List<dev.secaudit.probe.TargetBudget.Sent> earlier(HttpUrl resolved, RateLimit rule) {
    if (budget == null) {
      return List.of();
    }
    Instant since = clock.instant().minus(rule.window().value());
    List<dev.secaudit.probe.TargetBudget.Sent> out = new ArrayList<>();
    for (dev.secaudit.probe.TargetBudget.Sent s : budget.sent()) {
      HttpUrl u = HttpUrl.parse(s.url());
      if (u != null && s.at() != null && s.at().isAfter(since)
          && u.host().equalsIgnoreCase(resolved.host()) && u.port() == resolved.port()
          && u.encodedPath().equals(resolved.encodedPath())) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * About how long the probe of {@code rule} takes after its burst starts: the burst itself,
   * the window watch, the wait before the recovery request, and the bursts after a short wait.
   */
  public static Duration need(RateLimit rule) {
    Duration d = BURST_ALLOWANCE;
    if (rule.watchesWindow()) {
      d = d.plus(rule.window().value());
    }
    if (rule.recovery()) {
      d = d.plus(MAX_RECOVERY_WAIT).plusSeconds(1);
    }
    if (!rule.watchesWindow()) {
      // The bursts after a short wait the refusal asks for, which end within the window.
      Duration look = MAX_RECOVERY_WAIT.plusSeconds(1).plus(BURST_ALLOWANCE)
          .multipliedBy(SecondLook.MAX_ROUNDS);
      d = d.plus(look.compareTo(rule.window().value()) < 0 ? look : rule.window().value());
    }
    return d;
  }

  /**
   * What the default target budget grows by for {@code rule}: {@link #need} and, for a window
   * the probe would wait out, one window for secaudit's own earlier requests to the path.
   */
  public static Duration needWithWait(RateLimit rule) {
    return rule.window().value().compareTo(MAX_EARLIER_WAIT) <= 0
        ? need(rule).plus(rule.window().value()) : need(rule);
  }

  /** The most the default target budget grows to for rate-limit probes. */
  public static final Duration MAX_DEFAULT_BUDGET = Duration.ofMinutes(15);

  /** What a burst of a few dozen requests is given in the budget's arithmetic. */
  static final Duration BURST_ALLOWANCE = Duration.ofSeconds(10);

  /** Requests sent after the window has passed cannot show the limit; five minutes at most. */
  static Duration timeCap(RateLimit rule) {
    return rule.window().value().compareTo(MAX_TIME) < 0 ? rule.window().value() : MAX_TIME;
  }
}
