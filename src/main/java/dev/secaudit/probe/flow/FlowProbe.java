package dev.secaudit.probe.flow;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.policy.Flow;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpProbe;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import okhttp3.HttpUrl;

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

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpProbe http;
  private final Clock clock;
  private final Supplier<String> idempotencyKeys;
  private final Consumer<String> announce;

  /**
   * @param idempotencyKeys a fresh Idempotency-Key for an idempotent expectation that gives none
   * @param announce told the caps before a flow starts; the CLI prints it on stderr
   */
  public FlowProbe(HttpProbe http, Clock clock,
      Supplier<String> idempotencyKeys, Consumer<String> announce) {
    this.http = http;
    this.clock = clock;
    this.idempotencyKeys = idempotencyKeys;
    this.announce = announce;
  }

  /** The same probe, sending nothing once the target's {@code budget} is spent. */
  public FlowProbe within(dev.secaudit.probe.TargetBudget budget) {
    return new FlowProbe(http.within(budget), clock, idempotencyKeys, announce);
  }

  /** Where a captured value is inserted, and so how it is escaped. */
  private enum Into {
    TEXT,
    JSON,
    /** A path or query: percent-encoded, so a value can never change the URL's structure. */
    URL
  }

  /** A request's answer, or why it was not sent (time cap, origin). */
  private record Sent(HttpProbe.Answer answer, String notSent) {}

  /** A run's mutable state: the captures so far and the cookies set. */
  private final class Run {
    final Policy.Target target;
    final HttpUrl base;
    final String id;
    final Instant start = clock.instant();
    final Map<String, String> values = new LinkedHashMap<>();
    final List<Header> setCookies = new ArrayList<>();
    int sent;

    Run(Policy.Target target, String id) {
      this.target = target;
      this.base = HttpUrl.parse(target.url());
      this.id = id;
    }

    boolean outOfTime() {
      return sent > 0 && !clock.instant().isBefore(start.plus(TIME_CAP));
    }

    /** Sends one request, or says why it may not be sent. */
    Sent send(String method, Flow.FlowRequest q, Map<String, String> headers,
        String payload) {
      if (outOfTime()) {
        return new Sent(null, "the flow's time cap of " + TIME_CAP.toSeconds() + "s passed");
      }
      HttpUrl url = base.resolve(fill(q.path(), Into.URL));
      if (!HttpProbe.sameOrigin(url, base)) {
        // The validator rejects such paths; this guard keeps credentials and captured values on
        // the target whatever a capture put into the path.
        return new Sent(null, "the path leaves the target's origin; nothing was sent");
      }
      sent++;
      HttpProbe.Answer a = http.answer(id + "-" + sent, method, url.toString(), headers, payload);
      for (Header h : a.rawHeaders()) {
        if (h.name().equalsIgnoreCase("Set-Cookie")) {
          setCookies.add(h);
        }
      }
      return new Sent(a, null);
    }

    /** The text with each {{name}} replaced by its capture, escaped for where it goes. */
    String fill(String text, Into into) {
      Matcher m = Flow.REFERENCE.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String v = values.get(m.group(1));
        if (v == null) {
          v = m.group();
        } else if (into == Into.JSON) {
          v = jsonEscape(v);
        } else if (into == Into.URL) {
          v = percentEncode(v);
        }
        m.appendReplacement(out, Matcher.quoteReplacement(v));
      }
      m.appendTail(out);
      return out.toString();
    }

    Map<String, String> headers(Flow.FlowRequest q, boolean targetHeaders) {
      Map<String, String> h = new LinkedHashMap<>();
      if (targetHeaders) {
        h.putAll(target.requestHeaders());
      }
      h.put("Accept", "application/json, */*;q=0.5");
      q.headers().forEach((k, v) -> h.put(k, fill(v, Into.TEXT)));
      return h;
    }

    /** The body as sent: form fields encoded, or the body with captures filled in. */
    String payload(Flow.FlowRequest q, List<String> dropFields, Map<String, String> headers) {
      if (!q.form().isEmpty()) {
        StringBuilder sb = new StringBuilder();
        q.form().forEach((k, v) -> {
          if (!dropFields.contains(k)) {
            sb.append(sb.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(fill(v, Into.TEXT), StandardCharsets.UTF_8));
          }
        });
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
          headers.put("Content-Type", "application/x-www-form-urlencoded");
        }
        return sb.toString();
      }
      if (q.body() == null) {
        return null;
      }
      String t = q.body().stripLeading();
      return fill(q.body(), t.startsWith("{") || t.startsWith("[") ? Into.JSON : Into.TEXT);
    }
  }

  /**
   * Runs one flow, or records why it was not run.
   *
   * @param optedOut why active probes may not run on this target, or null when they may
   */
  public FlowObservation probe(Policy.Target target, int policyIndex, Flow flow, String optedOut) {
    String id = target.name() + "/flow-" + flow.name();
    int cap = flow.requestCap();
    if (optedOut != null) {
      return FlowObservation.skipped(id, flow.name(), policyIndex, target.name(), cap, TIME_CAP,
          optedOut);
    }
    announce.accept("active probe: flow '" + flow.name() + "' on " + target.name() + ": "
        + flow.steps().size() + " step" + (flow.steps().size() == 1 ? "" : "s") + ", "
        + flow.expect().size() + " expectation" + (flow.expect().size() == 1 ? "" : "s")
        + ", at most " + cap + " requests, none started after " + TIME_CAP.toSeconds()
        + "s; captured values are redacted");
    Run run = new Run(target, id);
    List<FlowObservation.StepRun> steps = new ArrayList<>();
    String stopped = null;
    Instant lastAnswer = null;
    for (Flow.FlowStep step : flow.steps()) {
      Flow.FlowRequest q = step.request();
      Map<String, String> headers = run.headers(q, true);
      Sent r = run.send(q.method(), q, headers, run.payload(q, List.of(), headers));
      String where = "flow '" + flow.name() + "', step '" + step.name() + "'";
      if (r.notSent() != null) {
        stopped = where + ": not sent: " + r.notSent();
        break;
      }
      HttpProbe.Answer a = r.answer();
      HttpExchange ex = a.recorded();
      steps.add(new FlowObservation.StepRun(step.name(), ex));
      lastAnswer = ex.started();
      stopped = answerProblem(where, step, ex);
      if (stopped != null) {
        break;
      }
      for (Flow.FlowCapture c : step.capture()) {
        String v = capture(c, a);
        if (v == null) {
          stopped = where + ": capture '" + c.name() + "' (" + c.source() + ") found nothing in"
              + " the " + ex.status() + " answer";
          break;
        }
        run.values.put(c.name(), v);
      }
      if (stopped != null) {
        break;
      }
    }

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
        steps, stopped, expectations, jwt, List.copyOf(run.values.values()));
  }

  /** Why an answer cannot let the flow go on, naming the flow and step, or null. */
  private static String answerProblem(String where, Flow.FlowStep step, HttpExchange ex) {
    if (ex.failed()) {
      return where + ": no answer: " + ex.error();
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

  /** The captured value, or null when the answer does not hold it. */
  static String capture(Flow.FlowCapture c, HttpProbe.Answer a) {
    if (c.header() != null) {
      for (Header h : a.rawHeaders()) {
        if (h.name().equalsIgnoreCase(c.header()) && !h.value().isBlank()) {
          return h.value().trim();
        }
      }
      return null;
    }
    if (c.cookie() != null) {
      return cookieValue(a.rawHeaders(), c.cookie());
    }
    JsonNode at = jsonAt(a.rawBody(), c.json());
    return at != null && (at.isTextual() || at.isNumber()) && !at.asText().isEmpty()
        ? at.asText() : null;
  }

  /** The value of the last Set-Cookie of that name (case-sensitive), or null. */
  static String cookieValue(List<Header> headers, String name) {
    String value = null;
    for (Header h : headers) {
      if (!h.name().equalsIgnoreCase("Set-Cookie")) {
        continue;
      }
      String pair = h.value().split(";", 2)[0];
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
        String v = pair.substring(eq + 1).trim();
        value = v.isEmpty() ? null : v;
      }
    }
    return value;
  }

  private static JsonNode jsonAt(String body, String pointer) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null) {
        return null;
      }
      JsonNode at = root.at(JsonPointer.compile(pointer));
      return at.isMissingNode() ? null : at;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static JwtFacts jwt(Flow.FlowJwt rule, Run run, String stopped, Instant obtained) {
    String token = rule.capture() != null ? run.values.get(rule.capture())
        : cookieValue(run.setCookies, rule.cookie());
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

  private FlowObservation.ExpectationRun expect(Run run, int index, Flow.FlowExpectation e) {
    Flow.FlowRequest q = e.request();
    List<HttpExchange> requests = new ArrayList<>();
    List<HttpExchange> effect = new ArrayList<>();
    Long before = null;
    Long after = null;
    String notRun = null;
    String effectProblem = null;
    switch (e.kind()) {
      case "requires_auth" -> {
        // The target's request headers are often its credentials: they stay home.
        Map<String, String> h = run.headers(q, false);
        notRun = sendInto(run, q, h, run.payload(q, List.of(), h), requests);
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
      default -> {
        Map<String, String> h = run.headers(q, true);
        notRun = sendInto(run, q, h, run.payload(q, List.of(), h), requests);
      }
    }
    return new FlowObservation.ExpectationRun(index, e.name(), e.kind(), requests, effect, before,
        after, notRun, effectProblem);
  }

  private static String sendInto(Run run, Flow.FlowRequest q, Map<String, String> headers,
      String payload, List<HttpExchange> into) {
    Sent r = run.send(q.method(), q, headers, payload);
    if (r.notSent() != null) {
      return r.notSent();
    }
    into.add((r.answer()).recorded());
    return null;
  }

  private record Count(Long value, String notRun, String problem) {}

  /** Sends the counting request and reads the count: an array's length or a number. */
  private static Count count(Run run, Flow.FlowEffect effect, List<HttpExchange> into) {
    Flow.FlowRequest q = effect.request();
    Map<String, String> h = run.headers(q, true);
    Sent r = run.send(q.method(), q, h, run.payload(q, List.of(), h));
    if (r.notSent() != null) {
      return new Count(null, r.notSent(), null);
    }
    HttpProbe.Answer a = r.answer();
    into.add(a.recorded());
    if (a.recorded().failed()) {
      return new Count(null, null, "the counting request got no answer: " + a.recorded().error());
    }
    JsonNode at = jsonAt(a.rawBody(), effect.json());
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

  /** Every byte outside RFC 3986's unreserved characters, percent-encoded. */
  static String percentEncode(String v) {
    StringBuilder sb = new StringBuilder();
    for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
          || c == '.' || c == '_' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return sb.toString();
  }

  static String jsonEscape(String v) {
    StringBuilder sb = new StringBuilder();
    for (char c : v.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
