package dev.secaudit.probe.flow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secaudit.policy.Target;
import dev.secaudit.probe.http.SetCookie;
import dev.secaudit.probe.http.SetCookieParser;
import dev.secaudit.policy.Flow;
import dev.secaudit.probe.TargetBudget;
import dev.secaudit.probe.flow.FlowObservation.Expiry;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.ratelimit.RateLimitProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a flow: its steps in order, capturing values from answers into later requests, then its
 * expectations. Active and so guarded like the rate-limit probe: only when opted in, caps
 * announced first, never more than the flow's request cap, none started after the time cap, every
 * request on the target's origin. Captured values are secrets: the observation lists them so the
 * run's redactor masks them in everything written; the exchanges keep what was sent and received.
 * Failures are recorded; nothing is thrown.
 */
public final class FlowProbe {
  /** No request of a flow starts later than this after its first. */
  public static final Duration TIME_CAP = Duration.ofMinutes(2);
  /** The Origin a forged cross-site request would carry. */
  public static final String FOREIGN_ORIGIN = "https://csrf-probe.secaudit.invalid";

  /** The letters a made-up password is drawn from: every class, nothing that needs escaping. */
  private static final String PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!";

  private final HttpProbe http;
  private final Clock clock;
  private final Supplier<String> idempotencyKeys;
  private final Consumer<String> announce;
  private final RateLimitProbe.Sleeper sleeper;
  private final java.util.Random random;
  private final boolean longProbes;
  private final TargetBudget budget;

  /**
   * A probe that runs no long probe (an expires expectation's wait).
   *
   * @param idempotencyKeys a fresh Idempotency-Key for an idempotent expectation that gives none
   * @param announce told the caps before a flow starts; the CLI prints it on stderr
   */
  public FlowProbe(HttpProbe http, Clock clock,
      Supplier<String> idempotencyKeys, Consumer<String> announce) {
    this(http, clock, idempotencyKeys, announce, RateLimitProbe.Sleeper.real(),
        new java.security.SecureRandom(), false);
  }

  /**
   * @param sleeper how an expires expectation waits
   * @param random draws the made-up passwords of password_length (a SecureRandom: the account
   *     may keep one when restoring it fails)
   * @param longProbes whether expires expectations may wait (scan --long-probes)
   */
  public FlowProbe(HttpProbe http, Clock clock, Supplier<String> idempotencyKeys,
      Consumer<String> announce, RateLimitProbe.Sleeper sleeper, java.util.Random random,
      boolean longProbes) {
    this(http, clock, idempotencyKeys, announce, sleeper, random, longProbes, null);
  }

  private FlowProbe(HttpProbe http, Clock clock, Supplier<String> idempotencyKeys,
      Consumer<String> announce, RateLimitProbe.Sleeper sleeper, java.util.Random random,
      boolean longProbes, TargetBudget budget) {
    this.http = http;
    this.clock = clock;
    this.idempotencyKeys = idempotencyKeys;
    this.announce = announce;
    this.sleeper = sleeper;
    this.random = random;
    this.longProbes = longProbes;
    this.budget = budget;
  }

  /** The same probe, sending nothing once the target's {@code budget} is spent. */
  public FlowProbe within(TargetBudget budget) {
    return new FlowProbe(http.within(budget), clock, idempotencyKeys, announce, sleeper, random,
        longProbes, budget);
  }


  /**
   * Runs one flow, or records why it was not run.
   *
   * @param optedOut why active probes may not run on this target, or null when they may
   */
  public FlowObservation probe(Target target, int policyIndex, Flow flow, String optedOut) {
    String id = target.name() + "/flow-" + flow.name();
    int cap = flow.requestCap();
    if (optedOut == null && placeholderIn(flow)) {
      optedOut = "the flow still holds a " + dev.secaudit.policy.LoadedPolicy.PLACEHOLDER
          + " value in the policy (secaudit validate lists it); nothing was sent";
    }
    if (optedOut != null) {
      return FlowObservation.skipped(id, flow.name(), policyIndex, target.name(), cap, TIME_CAP,
          optedOut);
    }
    announce.accept("active probe: flow '" + flow.name() + "' on " + target.name() + ": "
        + flow.steps().size() + " step" + (flow.steps().size() == 1 ? "" : "s") + ", "
        + flow.expect().size() + " expectation" + (flow.expect().size() == 1 ? "" : "s")
        + ", " + dev.secaudit.probe.ActivePlan.caps(cap, TIME_CAP) + (flow.waits().isZero() ? "" : longProbes ? " plus waits of "
            + dev.secaudit.policy.PolicyDuration.written(flow.waits()) + " (long probe)"
            : " (its long probes wait only with --long-probes)")
        + "; captured values" + (flow.cookieJar() ? " and cookies" : "") + " are redacted");
    FlowRun run = new FlowRun(http, clock, target, id, flow.cookieJar());
    List<FlowObservation.StepRun> steps = new ArrayList<>();
    String stopped = FlowSetup.steps(run, flow, steps);
    Instant lastAnswer = steps.isEmpty() ? null : steps.get(steps.size() - 1).exchange()
        .started();

    JwtFacts jwt = null;
    if (flow.jwt() != null) {
      jwt = jwt(flow.jwt(), run, stopped, lastAnswer);
    }

    List<FlowObservation.ExpectationRun> expectations = new ArrayList<>();
    for (int i = 0; i < flow.expect().size(); i++) {
      Flow.FlowExpectation e = flow.expect().get(i);
      expectations.add(stopped != null
          ? new FlowObservation.ExpectationRun(i, e.name(), e.kind(), List.of(), List.of(), null,
              null, "not run: the steps did not complete (" + stopped + ")", null)
          : expect(run, i, e));
    }

    return new FlowObservation(id, flow.name(), policyIndex, target.name(), cap, TIME_CAP, null,
        steps, stopped, expectations, jwt, run.secrets());
  }

  /** Why an answer cannot let the flow go on, naming the flow and step, or null. */
  static String answerProblem(String where, Flow.FlowStep step, HttpExchange ex) {
    if (ex.failed()) {
      return where + ": no answer: " + ex.error();
    }
    if (ex.cutShort() != null) {
      // What a step captures comes from the body; half of one is not what the server meant.
      return where + ": answered " + ex.status() + ", but " + ex.bodyShortfall();
    }
    if (!step.expectStatus().isEmpty() && !step.expectStatus().contains(ex.status())) {
      return where + ": answered " + ex.status() + ", expected "
          + String.join(" or ", step.expectStatus().stream().map(String::valueOf).toList());
    }
    if (step.expectStatus().isEmpty() && ex.status() >= 400) {
      return where + ": answered " + ex.status() + (ex.status() >= 500 ? " (a server error)"
          : " (a step must answer below 400 unless expect_status says otherwise)");
    }
    return null;
  }

  private static JwtFacts jwt(Flow.FlowJwt rule, FlowRun run, String stopped, Instant obtained) {
    String token = rule.capture() != null ? run.values.get(rule.capture())
        : AnswerValues.cookieValue(run.setCookies, rule.cookie());
    if (token == null) {
      return JwtFacts.missing(rule.source(), stopped != null
          ? "no token: the steps did not complete"
          : "no token: the flow's answers set no cookie '" + rule.cookie() + "'");
    }
    if (rule.cookie() != null) {
      run.values.putIfAbsent("cookie " + rule.cookie(), token);
    }
    return JwtFacts.decode(rule.source(), token, obtained);
  }

  private FlowObservation.ExpectationRun expect(FlowRun run, int index, Flow.FlowExpectation e) {
    Flow.FlowRequest q = e.request();
    List<HttpExchange> requests = new ArrayList<>();
    List<HttpExchange> effect = new ArrayList<>();
    Long before = null;
    Long after = null;
    String notRun = null;
    String effectProblem = null;
    Expiry expiry = null;
    switch (e.kind()) {
      case "requires_auth" -> {
        // The target's request headers are often its credentials: they stay home, and so do
        // the jar's cookies.
        Map<String, String> h = run.headers(q, false);
        FlowRun.Sent r = run.send(q.method(), q, h, run.payload(q, List.of(), h), false);
        if (r.notSent() != null) {
          notRun = r.notSent();
        } else {
          requests.add(r.answer().recorded());
        }
      }
      case "one_shot" -> {
        for (int n = 0; n < 2 && notRun == null; n++) {
          Map<String, String> h = run.headers(q, true);
          notRun = sendInto(run, q, h, run.payload(q, List.of(), h), requests);
        }
      }
      case "idempotent" -> {
        Map<String, String> h = run.headers(q, true);
        if (h.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Idempotency-Key"))) {
          h.put("Idempotency-Key", idempotencyKeys.get());
        }
        String payload = run.payload(q, List.of(), h);
        if (e.effect() != null) {
          Count c = count(run, e.effect(), effect);
          notRun = c.notRun();
          effectProblem = c.problem();
          before = c.value();
        }
        for (int n = 0; n < 2 && notRun == null; n++) {
          notRun = sendInto(run, q, new LinkedHashMap<>(h), payload, requests);
        }
        if (e.effect() != null && notRun == null && effectProblem == null) {
          Count c = count(run, e.effect(), effect);
          notRun = c.notRun();
          effectProblem = c.problem();
          after = c.value();
        }
        // Without a count, only a control tells a replayed answer from a server that answers
        // everything alike: the same request under a fresh key must get an answer of its own.
        if (e.effect() == null && notRun == null) {
          Map<String, String> control = new LinkedHashMap<>(h);
          control.keySet().removeIf(k -> k.equalsIgnoreCase("Idempotency-Key"));
          control.put("Idempotency-Key", idempotencyKeys.get());
          notRun = sendInto(run, q, control, payload, requests);
        }
      }
      case "csrf" -> {
        Map<String, String> h = run.headers(q, true);
        h.keySet().removeIf(k -> e.withoutHeaders().stream().anyMatch(k::equalsIgnoreCase));
        h.put("Origin", FOREIGN_ORIGIN);
        notRun = sendInto(run, q, h, run.payload(q, e.withoutFormFields(), h), requests);
        if (e.control() && notRun == null) {
          Map<String, String> full = run.headers(q, true);
          notRun = sendInto(run, q, full, run.payload(q, List.of(), full), requests);
        }
      }
      case "csrf_token" -> {
        // From the target's own origin, as its pages would send it: only the token is wrong.
        for (FlowRun.TokenUse use : List.of(FlowRun.TokenUse.WITHOUT, FlowRun.TokenUse.WRONG)) {
          if (notRun == null) {
            Map<String, String> h = tokenHeaders(run, e, use);
            h.put("Origin", run.origin());
            notRun = sendInto(run, q, h, run.payload(q, e.withoutFormFields(), use, h),
                requests);
          }
        }
        if (e.control() && notRun == null) {
          Map<String, String> full = run.headers(q, true);
          full.put("Origin", run.origin());
          notRun = sendInto(run, q, full, run.payload(q, List.of(), full), requests);
        }
      }
      case "password_length" -> notRun = passwordLength(run, e, requests, effect);
      case "expires" -> {
        Expiry found = expiry(run, e);
        expiry = found;
        if (found.stated() == null && e.waitFor() != null) {
          Waited w = waitAndRetry(run, e, requests, found);
          expiry = w.expiry();
          notRun = w.notRun();
        }
      }
      default -> {
        Map<String, String> h = run.headers(q, true);
        notRun = sendInto(run, q, h, run.payload(q, List.of(), h), requests);
      }
    }
    return new FlowObservation.ExpectationRun(index, e.name(), e.kind(), requests, effect, before,
        after, notRun, effectProblem, expiry);
  }

  /** The request's headers with the token's headers left out or made wrong. */
  private static Map<String, String> tokenHeaders(FlowRun run, Flow.FlowExpectation e,
      FlowRun.TokenUse use) {
    Map<String, String> h = run.headers(e.request(), true);
    for (var entry : h.entrySet()) {
      if (e.withoutHeaders().stream().anyMatch(entry.getKey()::equalsIgnoreCase)
          && use == FlowRun.TokenUse.WRONG) {
        entry.setValue(run.wrong(entry.getValue()));
      }
    }
    if (use == FlowRun.TokenUse.WITHOUT) {
      h.keySet().removeIf(k -> e.withoutHeaders().stream().anyMatch(k::equalsIgnoreCase));
    }
    return h;
  }

  /**
   * Sends a made-up password one character short of the minimum, then one of the minimum; after
   * each that is accepted, the restore request (when the policy gives one) sets the account's
   * password back, so the next is judged against the account as it was.
   */
  private String passwordLength(FlowRun run, Flow.FlowExpectation e, List<HttpExchange> requests,
      List<HttpExchange> restores) {
    Flow.FlowRequest q = e.request();
    String kept = run.values.get(Flow.PASSWORD);
    try {
      for (int length : new int[] {e.minLength() - 1, e.minLength()}) {
        String password = password(length);
        run.madeUp.add(password);
        run.values.put(Flow.PASSWORD, password);
        Map<String, String> h = run.headers(q, true);
        String notRun = sendInto(run, q, h, run.payload(q, List.of(), h), requests);
        if (notRun != null) {
          return notRun;
        }
        HttpExchange last = requests.get(requests.size() - 1);
        if (e.restore() != null && !last.failed() && last.status() < 400) {
          Map<String, String> r = run.headers(e.restore(), true);
          notRun = sendInto(run, e.restore(), r, run.payload(e.restore(), List.of(), r),
              restores);
          if (notRun != null) {
            return notRun;
          }
        }
      }
      return null;
    } finally {
      if (kept == null) {
        run.values.remove(Flow.PASSWORD);
      } else {
        run.values.put(Flow.PASSWORD, kept);
      }
    }
  }

  /** A password of that many characters, every class present once it is long enough. */
  private String password(int length) {
    String[] classes = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789",
        "-_.!"};
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      String from = i < classes.length ? classes[i] : PASSWORD_ALPHABET;
      sb.append(from.charAt(random.nextInt(from.length())));
    }
    return sb.toString();
  }

  /** What the named token says of its own expiry. */
  private static Expiry expiry(FlowRun run, Flow.FlowExpectation e) {
    Flow.FlowToken t = e.token();
    if (t == null) {
      return new Expiry(null, null, null, null, null, null, null);
    }
    if (t.capture() != null) {
      String v = run.values.get(t.capture());
      JwtFacts jwt = v == null ? null : JwtFacts.decode(t.source(), v, run.start);
      return new Expiry(t.source(), jwt != null && jwt.problem() == null ? jwt : null,
          run.expiresIn.get(t.capture()), null, null, null, null);
    }
    HttpExchange answer = run.cookieAnswers.get(t.cookie());
    SetCookie cookie = null;
    JwtFacts jwt = null;
    if (answer != null) {
      for (String v : answer.headers("Set-Cookie")) {
        SetCookie c = SetCookieParser.parse(v, answer.url());
        if (c.name().equals(t.cookie())) {
          cookie = c;
        }
      }
      String value = AnswerValues.cookieValue(run.setCookies, t.cookie());
      jwt = value == null ? null : JwtFacts.decode(t.source(), value, answer.started());
      if (value != null) {
        run.values.putIfAbsent("cookie " + t.cookie(), value);
      }
    }
    return new Expiry(t.source(), jwt != null && jwt.problem() == null ? jwt : null, null,
        cookie, answer, null, null);
  }

  /** A long probe's outcome: the facts, and why it did not finish (a request not sent). */
  private record Waited(Expiry expiry, String notRun) {}

  /**
   * The long probe: the request once (unless before is false), the wait, the request again.
   * Runs only with --long-probes and when the target's budget covers the wait.
   */
  private Waited waitAndRetry(FlowRun run, Flow.FlowExpectation e, List<HttpExchange> requests,
      Expiry found) {
    Duration wait = e.waitFor().value();
    String written = e.waitFor().text();
    if (!longProbes) {
      return new Waited(found.notWaited("a long probe (waits " + written + "): rerun with scan"
          + " --long-probes, e.g. in a nightly job"), null);
    }
    Flow.FlowRequest q = e.request();
    if (e.before()) {
      Map<String, String> h = run.headers(q, true);
      String notRun = sendInto(run, q, h, run.payload(q, List.of(), h), requests);
      if (notRun != null) {
        return new Waited(found, notRun);
      }
    }
    if (budget != null && !budget.affords(wait)) {
      return new Waited(found, "the target's time budget (settings.timeouts.target) does not"
          + " cover the " + written + " wait");
    }
    Instant began = clock.instant();
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return new Waited(found, "the wait was interrupted");
    }
    run.waited = run.waited.plus(wait);
    Map<String, String> h = run.headers(q, true);
    String notRun = sendInto(run, q, h, run.payload(q, List.of(), h), requests);
    if (notRun != null) {
      return new Waited(found, notRun);
    }
    HttpExchange last = requests.get(requests.size() - 1);
    Instant from = e.before() ? requests.get(0).started() : began;
    return new Waited(found.waited(Duration.between(from, last.started())), null);
  }

  private static String sendInto(FlowRun run, Flow.FlowRequest q, Map<String, String> headers,
      String payload, List<HttpExchange> into) {
    FlowRun.Sent r = run.send(q.method(), q, headers, payload);
    if (r.notSent() != null) {
      return r.notSent();
    }
    into.add((r.answer()).recorded());
    return null;
  }

  private record Count(Long value, String notRun, String problem) {}

  /** Sends the counting request and reads the count: an array's length or a number. */
  private static Count count(FlowRun run, Flow.FlowEffect effect, List<HttpExchange> into) {
    Flow.FlowRequest q = effect.request();
    Map<String, String> h = run.headers(q, true);
    FlowRun.Sent r = run.send(q.method(), q, h, run.payload(q, List.of(), h));
    if (r.notSent() != null) {
      return new Count(null, r.notSent(), null);
    }
    HttpProbe.Answer a = r.answer();
    into.add(a.recorded());
    if (a.recorded().bodyUnjudged() != null) {
      return new Count(null, null, "the counting request got no whole answer: "
          + a.recorded().bodyUnjudged());
    }
    JsonNode at = AnswerValues.jsonAt(a.rawBody(), effect.json());
    if (at == null) {
      return new Count(null, null, "the counting request's " + a.recorded().status()
          + " answer has nothing at JSON pointer " + effect.json());
    }
    if (at.isArray() || at.isObject()) {
      return new Count((long) at.size(), null, null);
    }
    if (at.isIntegralNumber()) {
      return new Count(at.asLong(), null, null);
    }
    return new Count(null, null, "JSON pointer " + effect.json() + " holds neither an array nor a"
        + " whole number");
  }

  /** A flow init wrote from a page, whose sign-in path or capture a person has not filled in. */
  private static boolean placeholderIn(Flow flow) {
    List<Flow.FlowRequest> requests = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Flow.FlowStep step : flow.steps()) {
      requests.add(step.request());
      step.capture().forEach(c -> values.add(c.json()));
    }
    for (Flow.FlowExpectation e : flow.expect()) {
      requests.add(e.request());
      requests.add(e.restore());
      requests.add(e.effect() == null ? null : e.effect().request());
    }
    requests.stream().filter(java.util.Objects::nonNull).forEach(q -> {
      values.add(q.path());
      values.add(q.body());
    });
    return values.stream().anyMatch(dev.secaudit.policy.LoadedPolicy::isPlaceholder);
  }
}
