package dev.secaudit.check.ratelimit;

import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.ratelimit.RateLimitHeaders;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
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
          "The endpoint refuses requests beyond the stated"
            + " limit (active probe)",
          Severity.MEDIUM,
          "rate_limits",
          ControlAreas.ABUSE,
          "Enforce the limit the page states (per key, session or client) and answer the first"
            + " request over it with 429; fix the page if the real limit differs.",
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
          "Advertised rate-limit headers match the policy",
          Severity.INFO,
          "rate_limits",
          ControlAreas.ABUSE,
          "Advertise the quota with RateLimit-Policy and RateLimit (or keep legacy X-RateLimit-*"
            + " consistent) and make them agree with the stated limit.",
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
    String expected = rule.expectStatus() + " at or before request " + (allowed + 1) + " ("
        + rule.limit() + " per " + rule.window().text()
        + (rule.tolerance() > 0 ? ", tolerance " + rule.tolerance() : "") + ")";
    List<String> ids = rule.recovery() ? List.of(ENFORCED, RETRY_AFTER, HEADERS, RECOVERY)
        : List.of(ENFORCED, RETRY_AFTER, HEADERS);

    if (obs.skipped() != null || obs.requests().isEmpty()) {
      String why = obs.skipped() != null ? obs.skipped() : "no request was recorded";
      for (String id : ids) {
        out.add(obs.skipped() != null
            ? ctx.finding(id, subject, Status.SKIPPED, expected, why, List.of(), pointer)
            : ctx.error(id, subject, expected, why, List.of(), pointer));
      }
      return;
    }

    List<HttpExchange> requests = obs.requests();
    HttpExchange limited = obs.stop() == Stop.LIMITED ? requests.get(requests.size() - 1) : null;
    String method = obs.method() + " " + obs.url();
    String statuses = statuses(requests);
    if (limited != null) {
      int k = requests.size();
      if (k - 1 <= allowed) {
        out.add(ctx.finding(ENFORCED, subject, Status.PASS, expected, limited.status()
            + " at request " + k + " after " + (k - 1) + " accepted (" + statuses + ")"
            + (k == 1 ? "; the first request was already refused, so earlier traffic may have"
                + " used the quota and the limit itself was not measured" : ""),
            evidence, pointer));
      } else {
        out.add(ctx.finding(ENFORCED, subject, Status.FAIL, expected, "looser than declared: "
            + limited.status() + " only at request " + k + ", after " + (k - 1) + " accepted ("
            + statuses + ")", evidence, pointer + "/limit"));
      }
    } else {
      Anomalies a = anomalies(requests);
      boolean answered = requests.stream().anyMatch(e -> !e.failed());
      if (a.any() && answered) {
        out.add(ctx.finding(ENFORCED, subject, Status.WARN, expected, "no " + rule.expectStatus()
            + " in " + requests.size() + " requests; instead " + a.describe() + " (" + statuses
            + "): the server degrades rather than refusing", evidence, pointer));
      } else if (obs.stop() == Stop.UNREACHABLE) {
        HttpExchange last = requests.get(requests.size() - 1);
        out.add(ctx.error(ENFORCED, subject, expected, "no answer to several requests in a row"
            + " to " + method + ": " + last.error() + " (" + statuses + ")", evidence, pointer));
      } else if (obs.stop() == Stop.TIME_CAP) {
        out.add(ctx.error(ENFORCED, subject, expected, "only " + requests.size() + " of "
            + obs.requestCap() + " requests fit in the " + obs.timeCap().toSeconds()
            + "s time cap, none refused (" + statuses + "); the limit was not reached",
            evidence, pointer));
      } else {
        out.add(ctx.finding(ENFORCED, subject, Status.FAIL, expected, "no " + rule.expectStatus()
            + " in " + requests.size() + " requests (the probe's cap): every request was"
            + " accepted (" + statuses + ")", evidence, pointer + "/limit"));
      }
    }

    retryAfter(ctx, rule, limited, subject, evidence, pointer, out);
    headers(ctx, rule, requests, subject, evidence, pointer, out);
    if (rule.recovery()) {
      recovery(ctx, rule, obs, limited, subject, evidence, pointer, out);
    }
  }

  private static void retryAfter(CheckContext ctx, RateLimit rule, HttpExchange limited,
      String subject, List<String> evidence, String pointer, List<Finding> out) {
    String expected = "Retry-After on the " + rule.expectStatus() + " (delta-seconds or an"
        + " HTTP-date)";
    if (limited == null) {
      out.add(ctx.finding(RETRY_AFTER, subject, Status.SKIPPED, expected, "no "
          + rule.expectStatus() + " answer to read it from", evidence, pointer));
      return;
    }
    RateLimitHeaders h = RateLimitHeaders.of(limited);
    if (h.retryAfter() == null) {
      Long reset = h.resetSeconds();
      out.add(reset != null
          ? ctx.finding(RETRY_AFTER, subject, Status.WARN, expected, "no Retry-After; only the"
              + " rate-limit headers say when to retry (" + reset + "s: " + h.describe() + ")",
              evidence, pointer)
          : ctx.finding(RETRY_AFTER, subject, Status.FAIL, expected, limited.status()
              + " without Retry-After or any reset time: clients cannot tell when to retry",
              evidence, pointer));
    } else if (h.retryAfterSeconds() == null) {
      out.add(ctx.finding(RETRY_AFTER, subject, Status.FAIL, expected,
          String.join("; ", h.problems()), evidence, pointer));
    } else {
      out.add(ctx.finding(RETRY_AFTER, subject, Status.PASS, expected, "Retry-After: "
          + h.retryAfter() + " (" + h.retryAfterForm() + ", " + h.retryAfterSeconds() + "s)",
          evidence, pointer));
    }
  }

  private static void headers(CheckContext ctx, RateLimit rule,
      List<HttpExchange> requests, String subject, List<String> evidence, String pointer,
      List<Finding> out) {
    String claimed = rule.limit() + " per " + rule.window().seconds() + "s";
    String expected = "advertised limits (optional) agree with the policy: " + claimed;
    RateLimitHeaders seen = null;
    List<String> problems = new ArrayList<>();
    for (HttpExchange e : requests) {
      if (e.failed()) {
        continue;
      }
      RateLimitHeaders h = RateLimitHeaders.of(e);
      for (String p : h.problems()) {
        if (!problems.contains(p)) {
          problems.add(p);
        }
      }
      if (seen == null && h.advertisesLimits()) {
        seen = h;
      }
    }
    if (seen == null) {
      out.add(ctx.finding(HEADERS, subject, problems.isEmpty() ? Status.PASS : Status.WARN,
          expected, "advertises no RateLimit, RateLimit-Policy or X-RateLimit-* headers"
              + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)), evidence,
          pointer));
      return;
    }
    String differs = null;
    long window = rule.window().seconds();
    RateLimitHeaders.QuotaPolicy match = null;
    for (RateLimitHeaders.QuotaPolicy p : seen.policies()) {
      if (p.quota() != null && p.windowSeconds() != null
          && (match == null || p.windowSeconds() == window)) {
        match = p;
      }
    }
    if (match != null) {
      // Compare rates, so that 600 per hour and 10 per minute agree.
      if (match.quota() * window != (long) rule.limit() * match.windowSeconds()) {
        differs = "RateLimit-Policy " + match.describe();
      }
    } else if (seen.legacyLimit() != null && seen.legacyLimit() != (long) rule.limit()) {
      differs = seen.legacyPrefix() + "Limit " + seen.legacyLimit() + " (window not stated)";
    }
    if (differs != null) {
      problems.add(0, "the server advertises " + differs + "; the policy states " + claimed);
    }
    out.add(ctx.finding(HEADERS, subject, problems.isEmpty() ? Status.PASS : Status.WARN,
        expected, "advertises " + seen.describe()
            + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)), evidence, pointer));
  }

  private static void recovery(CheckContext ctx, RateLimit rule, RateLimitObservation obs,
      HttpExchange limited, String subject, List<String> evidence, String pointer,
      List<Finding> out) {
    String expected = "after the wait Retry-After asks for, one more request is not refused";
    String at = pointer + "/recovery";
    HttpExchange r = obs.recovery();
    if (limited == null) {
      out.add(ctx.finding(RECOVERY, subject, Status.SKIPPED, expected, "never limited, so there"
          + " was nothing to recover from", evidence, at));
    } else if (r == null) {
      out.add(ctx.finding(RECOVERY, subject, Status.WARN, expected, "not tested: "
          + (obs.recoveryNote() == null ? "no recovery request was made" : obs.recoveryNote()),
          evidence, at));
    } else if (r.failed()) {
      out.add(ctx.error(RECOVERY, subject, expected, "the recovery request failed: " + r.error(),
          evidence, at));
    } else if (r.status() == rule.expectStatus() || r.status() >= 500) {
      out.add(ctx.finding(RECOVERY, subject, Status.FAIL, expected, "still " + r.status()
          + " after waiting " + obs.recoveryWait().toSeconds() + "s", evidence, at));
    } else {
      out.add(ctx.finding(RECOVERY, subject, Status.PASS, expected, r.status() + " after waiting "
          + obs.recoveryWait().toSeconds() + "s", evidence, at));
    }
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
    for (HttpExchange e : requests) {
      if (!e.failed() && first.size() < 3) {
        first.add(e.millis());
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
      } else if (e.millis() >= threshold) {
        slow.add(i + 1);
      }
    }
    return new Anomalies(errors, timeouts, slow, baseline);
  }
}
