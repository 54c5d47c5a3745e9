package dev.secaudit.probe.ratelimit;

import dev.secaudit.probe.http.HttpExchange;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * What a rate limit's setup_flow left for its burst: the captures that fill {{name}} in the
 * request and the cookies that go with it. A Django login refuses a POST without the CSRF token
 * from its form and the csrftoken cookie, so a burst without them measures posts refused for
 * CSRF, never login attempts. Built by the flow probe, which runs the steps; this side only
 * asks for the request.
 */
public interface BurstSetup {
  /** The flow's name, its steps' exchanges, why it stopped (or null), and its secrets. */
  Ran ran();

  /**
   * The rule's request with the captures filled in (a path's percent-encoded, a body's placed
   * as its syntax requires) and the jar's cookies added, or why it cannot be sent: a path that
   * leaves the target's origin once filled in is never sent, as the credentials would go along.
   */
  Request request(String path, Map<String, String> headers, String body);

  /**
   * The request the burst repeats, at {@code url} (the filled-in path resolved against the
   * target), or {@code notSent} with the whole reason and nothing else.
   */
  record Request(HttpUrl url, Map<String, String> headers, String body, String notSent) {
    public static Request notSent(String why) {
      return new Request(null, null, null, why);
    }
  }

  /**
   * @param stopped why the steps did not complete, naming the step, or null
   * @param secrets the captures and cookie values: redacted in everything written
   */
  record Ran(String flow, List<HttpExchange> steps, String stopped, List<String> secrets) {
    public Ran {
      steps = List.copyOf(steps);
      secrets = List.copyOf(secrets);
    }
  }
}
