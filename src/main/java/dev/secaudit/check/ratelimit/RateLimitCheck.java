package dev.secaudit.check.ratelimit;

import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Counted;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.ratelimit.RateLimitHeaders;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import dev.secaudit.probe.ratelimit.UnprocessedAttempt;
import dev.secaudit.probe.ratelimit.RateLimitObservation.Stop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges each rate-limit probe against the policy's claim: that the server refused at or before
 * limit + tolerance + 1 requests, said when to come back (Retry-After), advertises what it
 * enforces, and, when asked, accepts again after the wait. A server that answers 5xx or slows
 * down instead of refusing is not limiting in a way clients can act on: a warning, not a pass.
 */
public final class RateLimitCheck extends DeclaredCheck {
  public RateLimitCheck() {
    super(REPORTS, Set.of(Aspect.RATE_LIMITS));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("ratelimit.enforced",
          "A burst of requests is refused after at most the stated"
            + " count (active probe; the window is ratelimit.window's)",
          Severity.MEDIUM,
          "rate_limits",
          ControlAreas.ABUSE,
          "Enforce the limit the page states (per key, session or client) and answer the first"
            + " request over it with 429; fix the page if the real limit differs.",
          "RFC 6585 §4; OWASP API Security Top 10 API4:2023"),
      CheckInfo.of("ratelimit.window",
          "The stated limit holds over a whole window (active probe,"
            + " opt-in: observe_window)",
          Severity.MEDIUM,
          "rate_limits",
          ControlAreas.ABUSE,
          "Count attempts over the window the page states (not per second), or state the window"
            + " the limiter really has; set observe_window: true to have it watched.",
          "RFC 6585 §4; OWASP API Security Top 10 API4:2023"),
      CheckInfo.of("ratelimit.retry_after",
          "A refused request says when to retry"
            + " (Retry-After)",
          Severity.LOW,
          "rate_limits",
          ControlAreas.ABUSE,
          "Send Retry-After (seconds or an HTTP-date) with every 429 so clients back off instead"
            + " of retrying at once.",
          "RFC 9110 §10.2.3; RFC 6585 §4"),
      CheckInfo.of("ratelimit.headers",
          "Advertised rate-limit headers entail the stated limit (at most the stated count in"
            + " any span of the stated window)",
          Severity.INFO,
          "rate_limits",
          ControlAreas.ABUSE,
          "Advertise the quota with RateLimit-Policy and its window (w), no larger than the stated"
            + " limit allows: 600 per hour is not 10 per minute, as all 600 may come in one"
            + " minute; a bare X-RateLimit-Limit states no window, and what is left (RateLimit r,"
            + " X-RateLimit-Remaining) no quota: both are only for review. No header at all"
            + " is INFO, or a FAIL with require_headers: true.",
          "draft-ietf-httpapi-ratelimit-headers-10"),
      CheckInfo.of("ratelimit.recovery",
          "The endpoint accepts requests again after the"
            + " wait it asked for",
          Severity.LOW,
          "rate_limits",
          ControlAreas.ABUSE,
          "Make the limiter's window match Retry-After, so that a client that waits as told is"
            + " served.",
          "RFC 9110 §10.2.3"));

  static final String ENFORCED = "ratelimit.enforced";
  static final String WINDOW = "ratelimit.window";
  static final String RETRY_AFTER = "ratelimit.retry_after";
  static final String HEADERS = "ratelimit.headers";
  static final String RECOVERY = "ratelimit.recovery";

  /** An answer this many times slower than the first ones counts as the server slowing down... */
  static final int SLOW_FACTOR = 4;
  /** ...and at least this slow, so that loopback jitter of a few milliseconds is not one. */
  static final long SLOW_FLOOR_MS = 250;

  @Override
  public boolean appliesTo(Policy policy) {
    return !policy.rateLimits().isEmpty();
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    List<Finding> out = new ArrayList<>();
    for (RateLimitObservation obs : ctx.observations().rateLimits()) {
      RateLimit rule = ctx.policy().rateLimits().get(obs.policyIndex());
      judge(ctx, rule, obs, out);
    }
    return out;
  }

  private static void judge(CheckContext ctx, RateLimit rule, RateLimitObservation obs,
      List<Finding> out) {
    String pointer = PolicyPointer.entry(PolicyPointer.RATE_LIMITS, obs.policyIndex());
    String subject = rule.name();
    List<String> evidence = List.of(obs.id());
    int allowed = rule.limit() + rule.tolerance();
    // A burst shows the count a refusal comes at, never the window: the claim is stated beside
    // it, not as what was verified.
    String expected = rule.expectStatus() + " at or before request " + (allowed + 1)
        + " of a burst (claimed: " + rule.limit() + " per " + rule.window().text()
        + (rule.tolerance() > 0 ? ", tolerance " + rule.tolerance() : "") + ")";
    List<String> ids = rule.recovery()
        ? List.of(ENFORCED, WINDOW, RETRY_AFTER, HEADERS, RECOVERY)
        : List.of(ENFORCED, WINDOW, RETRY_AFTER, HEADERS);
    // Each finding is about the endpoint the rule limits, under the rule's name.
    Judged judged = new Judged(ctx, new Subject(Subject.Kind.URL, obs.url()), subject, evidence,
        pointer);

    if (obs.skipped() != null || obs.requests().isEmpty()) {
      String why = obs.skipped() != null ? obs.skipped() : obs.setup() != null
          && obs.setup().stopped() != null ? obs.setup().stopped() + "; no request of the burst"
          + " was sent" : "no request was recorded";
      for (String id : ids) {
        out.add(judged.finding(id).evidence(List.of())
            .status(obs.skipped() != null ? Status.SKIPPED : Status.ERROR).expected(expected)
            .observed(why).build());
      }
      return;
    }
    // The request by which the limit should come, and the one it came at.
    Value by = new Value.Count(allowed + 1, null);

    List<HttpExchange> requests = obs.requests();
    HttpExchange limited = obs.stop() == Stop.LIMITED ? requests.get(requests.size() - 1) : null;
    String statuses = statuses(requests);
    String unprocessed = unprocessed(obs);
    if (unprocessed != null) {
      // Neither a pass nor a failure: the attempts the limit counts were never made.
      HttpExchange turned = requests.stream()
          .filter(e -> UnprocessedAttempt.reason(e, obs.credentials()) != null)
          .findFirst().orElseThrow();
      String notRun = "the limit was not exercised: " + unprocessed;
      out.add(judged.finding(ENFORCED).status(Status.ERROR).expected(expected, by)
          .observed(notRun + " (" + statuses + "); send the request the endpoint processes"
              + " (its method, path, body or test credentials)",
              new Value.Setting("status", String.valueOf(turned.status()))).build());
      for (String id : rule.recovery() ? List.of(WINDOW, RETRY_AFTER, RECOVERY)
          : List.of(WINDOW, RETRY_AFTER)) {
        out.add(judged.finding(id).status(Status.SKIPPED).expected(id.equals(RETRY_AFTER)
            ? "Retry-After on the " + rule.expectStatus() : id.equals(WINDOW)
            ? RateLimitWindow.expected(rule) : "recovery after the wait")
            .observed(notRun).build());
      }
      headers(judged, rule, obs, out);
      return;
    }
    if (obs.stop() == Stop.BUDGET) {
      // Not an unanswered server: the requests were never sent. Say which setting, by how much.
      HttpExchange refused = requests.get(requests.size() - 1);
      String why = "not sent: " + refused.error().replaceFirst("; not sent$", "")
          + (requests.size() > 1 ? " (" + (requests.size() - 1) + " of the burst were sent"
              + " first)" : "") + "; this probe needs about "
          + dev.secaudit.probe.ratelimit.RateLimitProbe.need(rule).toSeconds() + "s (the burst"
          + (rule.watchesWindow() ? ", the " + rule.window().text() + " window watched" : "")
          + (rule.recovery() ? ", the recovery wait" : "") + "): raise settings.timeouts.target"
          + " by at least that much, or leave it unset for a default that grows with the"
          + " rate-limit probes";
      for (String id : ids) {
        out.add(judged.finding(id).status(Status.ERROR).expected(expected).observed(why)
            .build());
      }
      return;
    }
    // A request with no answer (a connection the server closed) was not accepted, and may never
    // have reached the limiter: a fresh-eyes user's server closed every other connection, and
    // the burst was called "every request accepted".
    long unanswered = requests.stream().filter(HttpExchange::failed).count();
    RefusedBeforeAttempt early = RefusedBeforeAttempt.of(requests, limited != null);
    // Requests refused before the attempt prove limiting of such requests only; counted as
    // attempts when the policy says the limiter counts every request.
    boolean notAttempts = early.any() && !rule.requestsAreAttempts();
    long attempts = requests.size() - (limited != null ? 1 : 0) - unanswered - early.count();
    int judgedFrom = out.size();
    if (notAttempts && attempts <= allowed) {
      String said = limited != null
          ? "refused after " + (requests.size() - 1) + " answered in "
              + RateLimitObservation.seconds(obs.burstElapsed()) + ": " + limited.status()
              + " at request " + requests.size() + " (" + statuses + "); but " + early.describe()
              + ", so the limit was shown on requests the application turned away, not on "
              + attempts + " attempt" + (attempts == 1 ? "" : "s")
          : "no " + rule.expectStatus() + " in " + requests.size() + " requests (" + statuses
              + "); " + early.describe() + ", so the limit was not exercised by attempts";
      out.add(judged.finding(ENFORCED).status(Status.WARN).expected(expected, by)
          .observed(said + "; " + RefusedBeforeAttempt.remedy(rule)).build());
      out.add(judged.finding(WINDOW).status(Status.SKIPPED).expected(RateLimitWindow
          .expected(rule)).observed("the burst's requests were refused before the attempt was"
              + " made (see ratelimit.enforced)").build());
    } else {
      // Every answer before the refusal may be an attempt: the count is judged against the
      // limit, then the window.
      enforced(judged, rule, new Burst(obs, limited, unanswered, statuses, allowed), early,
          expected, by, out);
      out.add(RateLimitWindow.judge(judged.finding(WINDOW), rule, obs, limited != null
          && requests.size() - 1 <= allowed).build());
    }
    String cookies = BurstCookies.note(rule, requests);
    for (int i = judgedFrom; i < out.size() && !cookies.isEmpty(); i++) {
      // Whatever the verdict, it holds for one kind of client: the finding says which.
      Finding f = out.get(i);
      if (f.checkId().equals(ENFORCED)) {
        out.set(i, f.toBuilder().observed(f.observed() + cookies, f.observedValue()).build());
      }
    }
    retryAfter(judged, rule, limited, out);
    headers(judged, rule, obs, out);
    if (rule.recovery()) {
      recovery(judged, rule, obs, limited, pointer, out);
    }
  }

  /**
   * What {@link #judge} read of a burst once, for the verdicts drawn from it: the refusal (null
   * when none came), the requests with no answer, the statuses as said, and limit + tolerance.
   */
  private record Burst(RateLimitObservation obs, HttpExchange limited, long unanswered,
      String statuses, int allowed) {}

  /**
   * Judges ratelimit.enforced from a burst whose answers before the refusal may all be attempts:
   * refused in time, looser than declared, never refused, or not measured (no answers, a cap).
   */
  private static void enforced(Judged judged, RateLimit rule, Burst burst,
      RefusedBeforeAttempt early, String expected, Value by, List<Finding> out) {
    RateLimitObservation obs = burst.obs();
    HttpExchange limited = burst.limited();
    List<HttpExchange> requests = obs.requests();
    int allowed = burst.allowed();
    long unanswered = burst.unanswered();
    String statuses = burst.statuses();
    String pointer = judged.pointer();
    String counted = early.any() ? "; " + early.describe() + ", counted as attempts"
        + " (requests_are_attempts)" : "";
    if (limited != null) {
      int k = requests.size();
      String in = RateLimitObservation.seconds(obs.burstElapsed());
      // What the burst showed, as data: its attempts, those accepted, the refusal, how long.
      Value at = new Value.Items(List.of(new Value.Setting("attempts", String.valueOf(k)),
          new Value.Setting("accepted", String.valueOf(k - 1 - unanswered)),
          new Value.Setting("status", String.valueOf(limited.status())),
          new Value.Setting("elapsed_ms", String.valueOf(obs.burstElapsed().toMillis()))));
      int before = obs.mayHaveCounted().size();
      if (k - 1 <= allowed && k - 1 + before > allowed) {
        out.add(judged.finding(ENFORCED).status(Status.WARN).expected(expected, by)
            .observed("refused after " + (k - 1) + " accepted in " + in + ": "
                + limited.status() + " at request " + k + " (" + statuses + "); but "
                + earlierCounted(obs, rule, k - 1), at).build());
      } else if (k - 1 <= allowed) {
        out.add(judged.finding(ENFORCED).status(Status.PASS).expected(expected, by)
            .observed("refused after " + (k - 1) + " accepted in " + in + ": "
                + limited.status() + " at request " + k + " (" + statuses + ")"
                + (k == 1 ? "; the first request was already"
                + " refused, so earlier traffic may have used the quota and the limit itself"
                + " was not measured" : "") + counted + waitedOut(obs), at).build());
      } else if (k - 1 - unanswered <= allowed) {
        out.add(judged.finding(ENFORCED).status(Status.ERROR).expected(expected, by)
            .observed(limited.status() + " at request " + k + ", after " + (k - 1 - unanswered)
                + " accepted and " + unanswered + " with no answer (" + statuses + "): those may"
                + " never have reached the limiter, so whether it holds is not known", at)
            .build());
      } else {
        out.add(judged.finding(ENFORCED).status(Status.FAIL).expected(expected, by)
            .observed("looser than declared: " + limited.status() + " only at request " + k
                + ", after " + (k - 1 - unanswered) + " accepted in " + in + " (" + statuses
                + ")", at)
            .rule(pointer + "/limit").build());
      }
    } else {
      Anomalies a = anomalies(requests);
      boolean answered = requests.stream().anyMatch(e -> !e.failed());
      // Never refused: no request to name, whatever the reason.
      Finding.Builder f = judged.finding(ENFORCED).expected(expected, by);
      if (a.any() && answered) {
        out.add(f.status(Status.WARN).observed("no " + rule.expectStatus() + " in "
            + requests.size() + " requests; instead " + a.describe() + " (" + statuses
            + "): the server degrades rather than refusing").build());
      } else if (obs.stop() == Stop.UNREACHABLE) {
        HttpExchange last = requests.get(requests.size() - 1);
        out.add(f.status(Status.ERROR).observed("no answer to several requests in a row to "
            + obs.method() + " " + obs.url() + ": " + last.error() + " (" + statuses + ")")
            .build());
      } else if (obs.stop() == Stop.TIME_CAP) {
        out.add(f.status(Status.ERROR).observed("only " + requests.size() + " of "
            + obs.requestCap() + " requests fit in the " + obs.timeCap().toSeconds()
            + "s time cap, none refused (" + statuses + "); the limit was not reached").build());
      } else if (unanswered > 0 && requests.size() - unanswered <= allowed) {
        out.add(f.status(Status.ERROR).observed("no " + rule.expectStatus() + " in "
            + requests.size() + " requests, but only " + (requests.size() - unanswered)
            + " were answered (" + statuses + "): the limit was not reached by requests the"
            + " server answered, so it was not measured").build());
      } else {
        out.add(f.status(Status.FAIL).observed("no " + rule.expectStatus() + " in "
            + requests.size() + " requests (the probe's cap): " + (unanswered == 0
                ? "every request was accepted" : (requests.size() - unanswered)
                    + " accepted, more than allowed, and " + unanswered + " with no answer")
            + " (" + statuses + ")").rule(pointer + "/limit").build());
      }
    }

  }

  /**
   * Why a count that looks within the limit is not shown to be: secaudit's own earlier requests
   * to the path, which a limiter keyed by route counted, and how to leave them out.
   */
  static String earlierCounted(RateLimitObservation obs, RateLimit rule, int accepted) {
    int before = obs.mayHaveCounted().size();
    return "secaudit had sent " + before + " request" + (before == 1 ? "" : "s") + " to the same"
        + " path within the " + rule.window().text() + " before the burst ("
        + obs.describeEarlier() + "), which a limiter keyed by path counts: between " + accepted
        + " and " + (accepted + before) + " were accepted, so a limit of "
        + (rule.limit() + rule.tolerance()) + " is not shown; leave the path out of the"
        + " target's paths and cors.paths, or raise settings.timeouts.target so the probe can"
        + " wait the window out first";
  }

  /** The PASS's note that the probe waited out secaudit's own earlier requests to the path. */
  static String waitedOut(RateLimitObservation obs) {
    return obs.earlierWait() == null ? "" : "; waited "
        + RateLimitObservation.seconds(obs.earlierWait()) + " first, so that secaudit's own "
        + obs.earlier().size() + " earlier request" + (obs.earlier().size() == 1 ? "" : "s")
        + " to the path had left the window";
  }

  /** What every finding of one rule shares: the endpoint, the rule's name, evidence, pointer. */
  private record Judged(CheckContext ctx, Subject about, String subject, List<String> evidence,
      String pointer) {
    Finding.Builder finding(String id) {
      return ctx.finding(id).about(about).subject(subject).evidence(evidence).rule(pointer);
    }
  }

  private static void retryAfter(Judged judged, RateLimit rule, HttpExchange limited,
      List<Finding> out) {
    Finding.Builder f = judged.finding(RETRY_AFTER).expected("Retry-After on the "
        + rule.expectStatus() + " (delta-seconds or an HTTP-date)");
    if (limited == null) {
      out.add(f.status(Status.SKIPPED).observed("no " + rule.expectStatus() + " answer to read"
          + " it from").build());
      return;
    }
    RateLimitHeaders h = RateLimitHeaders.of(limited);
    // The header as the refusal sent it, or not sent.
    Value sent = new Value.Header("Retry-After", h.retryAfter());
    if (h.retryAfter() == null) {
      Long reset = h.resetSeconds();
      out.add(reset != null
          ? f.status(Status.WARN).observed("no Retry-After; only the rate-limit headers say when"
              + " to retry (" + reset + "s: " + h.describe() + ")", sent).build()
          : f.status(Status.FAIL).observed(limited.status() + " without Retry-After or any"
              + " reset time: clients cannot tell when to retry", sent).build());
    } else if (h.retryAfterSeconds() == null) {
      out.add(f.status(Status.FAIL).observed(String.join("; ", h.problems()), sent).build());
    } else {
      out.add(f.status(Status.PASS).observed("Retry-After: " + h.retryAfter() + " ("
          + h.retryAfterForm() + ", " + h.retryAfterSeconds() + "s)", sent).build());
    }
  }

  /**
   * Judges the advertised headers. Unless require_headers says otherwise they are optional and
   * informational: only headers that contradict the claim (another quota or window) warn, and a
   * PASS needs a quota that was seen and entails it: headers that state only what is left, or
   * none at all, are INFO, since nothing was compared. A field the server garbled is INFO, said
   * once with how many answers carried it, so that it neither sinks a claim whose behaviour was
   * verified nor repeats for every request of the burst. With no answer to read, nothing was
   * observed: SKIPPED, never "advertises none".
   */
  private static void headers(Judged judged, RateLimit rule, RateLimitObservation obs,
      List<Finding> out) {
    List<HttpExchange> requests = obs.requests();
    String claimed = rule.limit() + " per " + rule.window().seconds() + "s";
    String expected = "advertised limits (" + (rule.requireHeaders() ? "required" : "optional")
        + ") entail the policy's: at most " + rule.limit() + " in any " + rule.window().seconds()
        + "s";
    RateLimitHeaders seen = null;
    // The first problem of each field, and on how many answers the field had one.
    Map<String, String> firstProblem = new java.util.LinkedHashMap<>();
    Map<String, Integer> problemCount = new java.util.HashMap<>();
    int answered = 0;
    for (HttpExchange e : requests) {
      if (e.failed()) {
        continue;
      }
      answered++;
      RateLimitHeaders h = RateLimitHeaders.of(e);
      for (String p : h.problems()) {
        String field = p.substring(0, Math.max(0, p.indexOf(' ')));
        firstProblem.putIfAbsent(field, p);
        problemCount.merge(field, 1, Integer::sum);
      }
      if (seen == null && h.advertisesLimits()) {
        seen = h;
      }
    }
    if (answered == 0) {
      out.add(judged.finding(HEADERS).status(Status.SKIPPED).expected(expected)
          .observed("no request was answered, so no header was seen").build());
      return;
    }
    List<String> problems = new ArrayList<>();
    final int of = answered;
    firstProblem.forEach((field, p) -> problems.add(p + (of == 1 ? "" : " (on "
        + problemCount.get(field) + " of " + of + " answers)")));
    Status garbled = problems.isEmpty() ? Status.PASS : Status.INFO;
    if (seen == null) {
      // Nothing advertised is nothing compared: never agreement, and a failure only when the
      // policy asks for the headers.
      String none = "advertises no RateLimit, RateLimit-Policy or X-RateLimit-* headers on "
          + Counted.of(answered, "answer") + (problems.isEmpty() ? "" : "; "
          + String.join("; ", problems));
      Finding.Builder f = judged.finding(HEADERS).expected(expected);
      out.add(rule.requireHeaders()
          ? f.status(Status.FAIL).observed(none + "; the policy requires them (require_headers)")
              .rule(judged.pointer() + "/require_headers").build()
          : f.status(Status.INFO).observed(none + ", so nothing was compared with the "
              + claimed + " the policy states").build());
      return;
    }
    // Only a header that entails the claim agrees; one that allows more warns, and one that
    // cannot be compared (a count with no window) is for review, not agreement.
    AdvertisedQuota.Verdict v = AdvertisedQuota.judge(rule, seen);
    if (v == null) {
      // Only what is left, or when it resets: no quota, so never agreement.
      v = AdvertisedRemaining.judge(rule, obs);
    }
    Status status = garbled;
    if (v != null) {
      if (!v.said().isEmpty()) {
        problems.add(0, v.said() + "; the policy states " + claimed);
      }
      status = switch (v.reading()) {
        case CONTRADICTS -> Status.WARN;
        case UNDECIDED -> Status.INFO;
        case ENTAILS -> garbled;
      };
    }
    out.add(judged.finding(HEADERS).status(status)
        .expected(expected).observed("advertises " + seen.describe()
            + (problems.isEmpty() ? "" : "; " + String.join("; ", problems))).build());
  }

  private static void recovery(Judged judged, RateLimit rule, RateLimitObservation obs,
      HttpExchange limited, String pointer, List<Finding> out) {
    Finding.Builder f = judged.finding(RECOVERY).expected("after the wait Retry-After asks for,"
        + " one more request is not refused").rule(pointer + "/recovery");
    HttpExchange r = obs.recovery();
    if (limited == null) {
      out.add(f.status(Status.SKIPPED).observed("never limited, so there was nothing to recover"
          + " from").build());
    } else if (r == null) {
      out.add(f.status(Status.WARN).observed("not tested: " + (obs.recoveryNote() == null
          ? "no recovery request was made" : obs.recoveryNote())).build());
    } else if (r.failed()) {
      boolean budget = r.error().endsWith("(settings.timeouts.target); not sent");
      out.add(f.status(Status.ERROR).observed(budget ? "the recovery request was not sent: "
          + r.error().replaceFirst("; not sent$", "") + "; raise settings.timeouts.target by at"
          + " least " + (obs.recoveryWait() == null ? "" : obs.recoveryWait().toSeconds() + "s")
          + " or leave it unset for a default that grows with the rate-limit probes"
          : "the recovery request failed: " + r.error()).build());
    } else {
      // The status of the request after the wait.
      Value answered = new Value.Setting("status", String.valueOf(r.status()));
      String waited = " after waiting " + obs.recoveryWait().toSeconds() + "s";
      out.add(r.status() == rule.expectStatus() || r.status() >= 500
          ? f.status(Status.FAIL).observed("still " + r.status() + waited, answered).build()
          : f.status(Status.PASS).observed(r.status() + waited, answered).build());
    }
  }

  /**
   * The first answer that shows the endpoint never processed the request, with the request
   * that got it, or null when every answer may be an attempt the limit counts.
   */
  static String unprocessed(RateLimitObservation obs) {
    List<HttpExchange> requests = obs.requests();
    for (int i = 0; i < requests.size(); i++) {
      String why = UnprocessedAttempt.reason(requests.get(i), obs.credentials());
      if (why != null) {
        return "request " + (i + 1) + " (" + obs.method() + " " + obs.url()
            + (obs.credentials() ? "" : ", no body or credential header") + ") got " + why;
      }
    }
    return null;
  }

  /** "200×10, 429×1": what the server answered, in status order. */
  static String statuses(List<HttpExchange> requests) {
    Map<String, Integer> counts = new TreeMap<>();
    for (HttpExchange e : requests) {
      counts.merge(e.failed() ? "no answer" : String.valueOf(e.status()), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((s, n) -> parts.add(s + "×" + n));
    return String.join(", ", parts);
  }

  /** Signs of a server degrading under the probe instead of refusing it. */
  record Anomalies(List<Integer> serverErrors, List<Integer> timeouts, List<Integer> slow,
      long baselineMs) {
    boolean any() {
      return !serverErrors.isEmpty() || !timeouts.isEmpty() || !slow.isEmpty();
    }

    String describe() {
      List<String> parts = new ArrayList<>();
      if (!serverErrors.isEmpty()) {
        parts.add(serverErrors.size() + " server error" + (serverErrors.size() == 1 ? "" : "s")
            + " (5xx at request " + join(serverErrors) + ")");
      }
      if (!timeouts.isEmpty()) {
        parts.add(timeouts.size() + " timeout" + (timeouts.size() == 1 ? "" : "s")
            + " (at request " + join(timeouts) + ")");
      }
      if (!slow.isEmpty()) {
        parts.add(slow.size() + " slowed answer" + (slow.size() == 1 ? "" : "s") + " (request "
            + join(slow) + ", at least " + SLOW_FACTOR + "× the first answers' " + baselineMs
            + " ms and " + SLOW_FLOOR_MS + " ms)");
      }
      return String.join(", ", parts);
    }

    private static String join(List<Integer> ns) {
      return String.join(", ", ns.stream().map(String::valueOf).toList());
    }
  }

  static Anomalies anomalies(List<HttpExchange> requests) {
    List<Long> first = new ArrayList<>();
    // The answers the baseline is made of are not measured against it: the first request of a
    // burst pays for the connection (and a JVM's first use of it), so it alone being slow is
    // set-up, not a server slowing down under the burst.
    int measured = 0;
    for (int i = 0; i < requests.size() && first.size() < 3; i++) {
      if (!requests.get(i).failed()) {
        first.add(requests.get(i).millis());
        measured = i + 1;
      }
    }
    List<Long> sorted = first.stream().sorted().toList();
    long baseline = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    long threshold = Math.max(SLOW_FLOOR_MS, SLOW_FACTOR * baseline);
    List<Integer> errors = new ArrayList<>();
    List<Integer> timeouts = new ArrayList<>();
    List<Integer> slow = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      HttpExchange e = requests.get(i);
      if (e.failed()) {
        if (e.error().contains("timed out") || e.error().contains("timeout")) {
          timeouts.add(i + 1);
        }
      } else if (e.status() >= 500) {
        errors.add(i + 1);
      } else if (i >= measured && e.millis() >= threshold) {
        slow.add(i + 1);
      }
    }
    return new Anomalies(errors, timeouts, slow, baseline);
  }
}
