package dev.secaudit.probe.flow;

import dev.secaudit.policy.Flow;
import dev.secaudit.policy.Target;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.ratelimit.BurstSetup;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flow's steps run for what they leave behind: the captures and the cookie jar, which a rate
 * limit's burst then carries (setup_flow). The same steps as a flow's own run, with the same
 * stops (no answer, an unexpected status, a capture that finds nothing); the flow's
 * expectations are not run.
 */
public final class FlowSetup implements BurstSetup {
  private final FlowRun run;
  private final Ran ran;

  private FlowSetup(FlowRun run, Ran ran) {
    this.run = run;
    this.ran = ran;
  }

  /**
   * Runs {@code flow}'s steps on {@code target}, each request recorded under {@code id}; the jar
   * is kept whatever the flow's cookie_jar says, since the burst needs the cookies the form set.
   */
  public static FlowSetup run(HttpProbe http, Clock clock, Target target, Flow flow, String id) {
    FlowRun run = new FlowRun(http, clock, target, id, true);
    List<FlowObservation.StepRun> steps = new ArrayList<>();
    String stopped = steps(run, flow, steps);
    return new FlowSetup(run, new Ran(flow.name(), steps.stream()
        .map(FlowObservation.StepRun::exchange).toList(), stopped == null ? null
            : "the setup " + stopped, run.secrets()));
  }

  /**
   * Sends the flow's steps in order, capturing values into {@code run}; each answer goes to
   * {@code out}. Returns why the steps stopped, naming the flow and step, or null.
   */
  static String steps(FlowRun run, Flow flow, List<FlowObservation.StepRun> out) {
    for (Flow.FlowStep step : flow.steps()) {
      Flow.FlowRequest q = step.request();
      Map<String, String> headers = run.headers(q, true);
      FlowRun.Sent r = run.send(q.method(), q, headers, run.payload(q, List.of(), headers));
      String where = "flow '" + flow.name() + "', step '" + step.name() + "'";
      if (r.notSent() != null) {
        return where + ": not sent: " + r.notSent();
      }
      HttpProbe.Answer a = r.answer();
      HttpExchange ex = a.recorded();
      out.add(new FlowObservation.StepRun(step.name(), ex));
      String stopped = FlowProbe.answerProblem(where, step, ex);
      if (stopped != null) {
        return stopped;
      }
      for (Flow.FlowCapture c : step.capture()) {
        String v = AnswerValues.capture(c, a);
        if (v == null) {
          return where + ": capture '" + c.name() + "' (" + c.source() + ") found nothing in"
              + " the " + ex.status() + " answer";
        }
        run.values.put(c.name(), v);
        Long expiresIn = c.json() == null ? null : AnswerValues.expiresIn(a.rawBody(), c.json());
        if (expiresIn != null) {
          run.expiresIn.put(c.name(), expiresIn);
        }
      }
    }
    return null;
  }

  @Override
  public Ran ran() {
    return ran;
  }

  @Override
  public Request request(String path, Map<String, String> headers, String body) {
    Map<String, String> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k, run.fill(v, FlowRun.Into.TEXT)));
    String filledPath = run.fill(path, FlowRun.Into.URL);
    String payload = body == null ? null : run.body(body, h);
    if (payload != null && run.unplaceable(payload) != null) {
      return Request.notSent("the burst's request cannot be built: "
          + run.unplaceable(payload));
    }
    okhttp3.HttpUrl url = run.base.resolve(filledPath);
    if (url == null) {
      return Request.notSent("the burst's request cannot be built: the path with the captures"
          + " filled in is not a URL");
    }
    if (!HttpProbe.sameOrigin(url, run.base)) {
      return Request.notSent("the burst's path with the captures filled in leaves the target's"
          + " origin");
    }
    run.addCookies(url, h);
    return new Request(url, h, payload, null);
  }
}
