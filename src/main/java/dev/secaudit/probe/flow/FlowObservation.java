package dev.secaudit.probe.flow;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.probe.http.HttpExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one flow did: each step's exchange, why the steps stopped early (if they did), what each
 * expectation sent and saw, and the facts of the flow's JWT, as sent and received. The captured
 * values are listed for the run's redactor; the transcript never prints them.
 *
 * @param id artifact id findings cite, e.g. {@code api/flow-login}
 * @param policyIndex position in the policy's flows list
 * @param skipped why nothing was sent (not opted in), or null when the flow ran
 * @param stopped why the steps did not all complete, naming the flow and step, or null
 * @param jwt the token's facts, or null when the policy asks for no JWT
 * @param captured the values the steps captured (secrets: only for the redactor)
 */
public record FlowObservation(
    String id,
    String name,
    int policyIndex,
    String target,
    int requestCap,
    Duration timeCap,
    String skipped,
    List<StepRun> steps,
    String stopped,
    List<ExpectationRun> expectations,
    JwtFacts jwt,
    List<String> captured) {

  /** One step: its name and its exchange. */
  public record StepRun(String name, HttpExchange exchange) {}

  /**
   * One expectation's requests in the order sent.
   *
   * @param requests the request (twice for one_shot and idempotent; then the control for csrf,
   *     and for idempotent without effect: the request under a different Idempotency-Key)
   * @param effect the counting requests of an idempotent expectation: before, after; for
   *     password_length the requests that set the password back, one after each accepted
   * @param before the count before the first request, or null
   * @param after the count after the second request, or null
   * @param notRun why the expectation was not (fully) run, or null
   * @param effectProblem why a count could not be read, or null
   */
  public record ExpectationRun(int index, String name, String kind, List<HttpExchange> requests,
      List<HttpExchange> effect, Long before, Long after, String notRun, String effectProblem,
      Expiry expiry) {
    public ExpectationRun {
      requests = List.copyOf(requests);
      effect = List.copyOf(effect);
    }

    public ExpectationRun(int index, String name, String kind, List<HttpExchange> requests,
        List<HttpExchange> effect, Long before, Long after, String notRun, String effectProblem) {
      this(index, name, kind, requests, effect, before, after, notRun, effectProblem, null);
    }
  }

  /**
   * What an expires expectation learnt of its token's lifetime: what the token says of itself
   * (read), and whether the probe waited instead (tested).
   *
   * @param source "capture 'magic'" or "cookie 'sid'", or null when the policy named no token
   * @param jwt the token's claims when it is a JWT, else null
   * @param expiresIn the expires_in (seconds) beside a JSON capture, or null
   * @param cookie the cookie's last Set-Cookie in the flow, or null
   * @param cookieAnswer the answer that carried it, or null
   * @param waited how long the probe waited between its two requests, or null when it did not
   * @param notWaited why the long probe did not run (not opted in, no budget left), or null
   */
  public record Expiry(String source, JwtFacts jwt, Long expiresIn,
      dev.secaudit.probe.http.SetCookie cookie, HttpExchange cookieAnswer, Duration waited, String notWaited) {
    /** The lifetime the token states, or null when it states none. */
    public Duration stated() {
      if (jwt != null && jwt.lifetime() != null) {
        return jwt.lifetime();
      }
      if (expiresIn != null) {
        return Duration.ofSeconds(expiresIn);
      }
      if (cookie != null) {
        dev.secaudit.probe.http.SetCookie.Lifetime life =
            cookie.effectiveLifetime(receivedAt(cookieAnswer));
        return life.effective();
      }
      return null;
    }

    /** Where {@link #stated} was read, for findings: "read from token exp (exp - iat)". */
    public String method() {
      if (jwt != null && jwt.lifetime() != null) {
        return "read from token exp (" + jwt.lifetimeBasis() + ")";
      }
      if (expiresIn != null) {
        return "read from expires_in";
      }
      if (cookie != null) {
        return "read from the cookie's " + cookie.effectiveLifetime(receivedAt(cookieAnswer))
            .source();
      }
      return null;
    }

    Expiry waited(Duration d) {
      return new Expiry(source, jwt, expiresIn, cookie, cookieAnswer, d, notWaited);
    }

    Expiry notWaited(String why) {
      return new Expiry(source, jwt, expiresIn, cookie, cookieAnswer, waited, why);
    }
  }

  /** When an answer was given: its Date (the server's clock), else when it was observed. */
  public static Instant receivedAt(HttpExchange e) {
    String date = e.header("Date");
    Instant parsed = date == null ? null
        : dev.secaudit.probe.http.SetCookieParser.parseCookieDate(date);
    return parsed != null ? parsed : e.started();
  }

  public FlowObservation {
    steps = List.copyOf(steps);
    expectations = List.copyOf(expectations);
    captured = captured == null ? List.of() : List.copyOf(captured);
  }

  static FlowObservation skipped(String id, String name, int policyIndex, String target, int cap,
      Duration timeCap, String why) {
    return new FlowObservation(id, name, policyIndex, target, cap, timeCap, why, List.of(), null,
        List.of(), null, List.of());
  }

  /** Whether every step ran and every capture found its value. */
  public boolean completed() {
    return skipped == null && stopped == null;
  }

  /**
   * What the run's redactor must mask for this flow: the values its steps captured and every
   * credential its answers handed out, captured or not ({@link HandedOutCredentials}).
   */
  public List<String> secrets() {
    List<String> all = new ArrayList<>(captured);
    all.addAll(HandedOutCredentials.in(exchanges()));
    return all;
  }

  /** Every exchange the flow made, in the order sent. */
  public List<HttpExchange> exchanges() {
    List<HttpExchange> all = new ArrayList<>();
    steps.forEach(s -> all.add(s.exchange()));
    for (ExpectationRun e : expectations) {
      all.addAll(e.effect().isEmpty() ? List.of() : e.effect().subList(0, 1));
      all.addAll(e.requests());
      all.addAll(e.effect().size() > 1 ? e.effect().subList(1, e.effect().size()) : List.of());
    }
    return all;
  }

  /** The whole flow as one transcript: what an auditor opens to see each request and answer. */
  public Artifact artifact(int bodyExcerpt) {
    StringBuilder sb = new StringBuilder();
    sb.append("# flow '").append(name).append("' on ").append(target).append('\n');
    sb.append("# ").append(dev.secaudit.probe.ActivePlan.caps(requestCap, timeCap))
        .append("; request bodies and captured values not recorded\n");
    sb.append("# ").append(stopped == null ? "every step completed" : "stopped: " + stopped)
        .append('\n');
    if (jwt != null) {
      sb.append("# JWT from ").append(jwt.source()).append(": ").append(jwt.describe())
          .append('\n');
    }
    for (StepRun s : steps) {
      sb.append("\n## step '").append(s.name()).append("'\n")
          .append(s.exchange().transcript(bodyExcerpt));
    }
    for (ExpectationRun e : expectations) {
      sb.append("\n## expect '").append(e.name()).append("' (").append(e.kind()).append(")\n");
      if (e.before() != null || e.after() != null || e.effectProblem() != null) {
        sb.append("# effect count before ").append(e.before()).append(", after ")
            .append(e.after()).append(e.effectProblem() == null ? "" : "; " + e.effectProblem())
            .append('\n');
      }
      if (e.notRun() != null) {
        sb.append("# not run: ").append(e.notRun()).append('\n');
      }
      if (e.expiry() != null) {
        Expiry x = e.expiry();
        if (x.stated() != null) {
          sb.append("# lifetime of ").append(x.source()).append(": ").append(x.stated().toSeconds())
              .append("s, ").append(x.method()).append('\n');
        }
        if (x.waited() != null) {
          sb.append("# waited ").append(x.waited().toMillis()).append("ms between the requests")
              .append('\n');
        }
        if (x.notWaited() != null) {
          sb.append("# long probe not run: ").append(x.notWaited()).append('\n');
        }
      }
      int n = 0;
      for (HttpExchange x : e.requests()) {
        sb.append("### request ").append(++n).append('\n').append(x.transcript(bodyExcerpt));
      }
      for (HttpExchange x : e.effect()) {
        sb.append("### effect count\n").append(x.transcript(bodyExcerpt));
      }
    }
    List<HttpExchange> all = exchanges();
    Instant start = all.isEmpty() ? null : all.get(0).started();
    String summary = skipped != null ? "flow '" + name + "' not run: " + skipped
        : "flow '" + name + "': " + all.size() + " request" + (all.size() == 1 ? "" : "s")
            + (stopped == null ? "" : ", stopped");
    return new Artifact(id, target, ArtifactKind.Known.FLOW, start, summary, sb.toString(),
        Artifact.sha256(sb.toString()), HttpExchange.spanMillis(all), null);
  }
}
