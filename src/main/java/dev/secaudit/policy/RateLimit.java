package dev.secaudit.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

@Doc("A rate limit the page claims, verified by sending requests until the server refuses.")
public record RateLimit(
    @Doc(value = "Short unique name used in reports.", example = "login", required = true)
        String name,
    @Doc(value = "Name of the target the requests go to.", example = "api", required = true)
        String target,
    @Doc(value = "The request repeated; use test or deliberately invalid credentials.",
            required = true)
        RateLimitRequest request,
    @Doc(value = "Requests the server accepts per window.", example = "10", required = true)
        Integer limit,
    @Doc(value = "The window the limit applies to.", example = "1m", required = true)
        PolicyDuration window,
    @Doc("Extra requests accepted beyond the limit before a FAIL (for limiters that"
            + " count loosely).")
        Integer tolerance,
    @Doc("The status that signals limiting.") Integer expectStatus,
    @Doc("After the wait Retry-After asks for (at most 60s), one more request must not"
            + " be limited.")
        Boolean recovery,
    @Doc("After the first refusal, keep sending the request at a slow pace (at most 20 more,"
            + " the last shortly before the window ends) and count every one accepted since the"
            + " first: only this shows the limit holds over the window rather than a burst of"
            + " about a second. Windows up to 2m; a longer window stays not observed.")
        Boolean observeWindow,
    @Doc(value = "A flow on the same target whose steps run once before the burst (a login"
            + " form's GET that sets the CSRF cookie and holds the token): its captures fill"
            + " {{name}} in the request's path, headers and body, and its cookie jar's cookies go"
            + " with every request of the burst, so the burst makes real attempts instead of"
            + " posts the application refuses for CSRF. Captures and cookies are redacted"
            + " everywhere, as in flows.", example = "login-form")
        String setupFlow,
    @Doc("The probe's requests are attempts the limit counts even when the application refuses"
            + " them before the protected action (an answer naming CSRF, a 419): true for a"
            + " limiter in front of the application (nginx limit_req, a gateway) that counts"
            + " every request. Left false, a refusal that came after such answers shows that"
            + " those requests are limited, not the attempts the claim is about: a WARN.")
        Boolean requestsAreAttempts,
    @Doc("Send back the cookies the probe's own answers set (a session rotated on each attempt,"
            + " a lockout cookie), as a browser would, from each answer to the next request."
            + " Left false, every request goes without them (a setup flow's cookies aside), as a"
            + " client that drops cookies, such as an attacker, would: the stronger test of a"
            + " limit on attempts, since a limiter keyed on a cookie it sets does not hold"
            + " against that client. ratelimit.enforced says which client its verdict is for"
            + " whenever the answers set cookies. Set it when the claim is per session.")
        Boolean keepCookies,
    @Doc("The endpoint must advertise its limit in rate-limit headers (RateLimit-Policy,"
            + " RateLimit or X-RateLimit-*): answers with none are a FAIL of ratelimit.headers."
            + " Left false, headers are optional and none at all is INFO, never a PASS (nothing"
            + " was compared with the claim). Set it when the page says clients are told their"
            + " quota.")
        Boolean requireHeaders) {
  /** Requests beyond limit + tolerance: the one that must be refused, and two to see how loose. */
  public static final int MARGIN = 3;
  /** The most requests one rate-limit probe may send, whatever the policy says. */
  public static final int MAX_REQUESTS = 1000;
  /** The longest window observe_window watches: longer ones cost more time than a scan has. */
  public static final java.time.Duration MAX_OBSERVED_WINDOW = java.time.Duration.ofMinutes(2);
  /** The most requests one window watch sends after the burst. */
  public static final int WINDOW_REQUESTS = 20;

  /** A rate limit whose window is not watched. */
  public RateLimit(String name, String target, RateLimitRequest request, Integer limit,
      PolicyDuration window, Integer tolerance, Integer expectStatus, Boolean recovery) {
    this(name, target, request, limit, window, tolerance, expectStatus, recovery, null, null,
        null, null, null);
  }

  public RateLimit {
    tolerance = Unset.or(tolerance, 0);
    expectStatus = Unset.or(expectStatus, 429);
    recovery = Unset.or(recovery, Boolean.FALSE);
    observeWindow = Unset.or(observeWindow, Boolean.FALSE);
    requestsAreAttempts = Unset.or(requestsAreAttempts, Boolean.FALSE);
    keepCookies = Unset.or(keepCookies, Boolean.FALSE);
    requireHeaders = Unset.or(requireHeaders, Boolean.FALSE);
  }

  /** Whether the probe watches the whole window: asked for, and short enough to watch. */
  public boolean watchesWindow() {
    return observeWindow && window != null
        && window.value().compareTo(MAX_OBSERVED_WINDOW) <= 0;
  }

  /** Every request the probe may send: the burst's cap, and the window watch's. */
  public int totalCap() {
    return requestCap() + (watchesWindow() ? WINDOW_REQUESTS : 0);
  }

  /** The hard cap on requests: the probe never sends more. */
  public int requestCap() {
    return limit + tolerance + MARGIN;
  }

  /**
   * @param names the names of the rate limits before this one, to which this one's is added
   */
  void validate(String at, Set<String> names, List<Target> targets, List<Flow> flows,
      PolicyProblems problems) {
    if (problems.shortId(at + "/name", at + "/name", name,
        "missing 'name' (a short id such as 'login')", "name") && !names.add(name)) {
      problems.add(at + "/name", "duplicate rate limit name '" + name + "'");
    }
    Set<String> targetNames = Target.names(targets);
    if (target == null) {
      problems.add(at, "missing 'target' (the name of the target the requests go to)");
    } else if (!targetNames.contains(target)) {
      problems.add(at + "/target", "no target is named '" + target + "'"
          + Suggestions.didYouMean(target, targetNames));
    } else if (targets.stream().anyMatch(t -> target.equals(t.name()) && t.looksHostPort())) {
      problems.add(at + "/target", "target '" + target + "' is a host:port (TLS-only) target;"
          + " rate limits are probed with HTTP requests, so name an http(s):// target");
    }
    if (request == null || request.path() == null) {
      problems.add(request == null ? at : at + "/request", "missing 'request: {method, path}'"
          + " (such as {method: POST, path: /auth/login})");
    } else {
      request.validate(at + "/request", problems);
    }
    setup(at, flows, problems);
    counts(at, problems);
    problems.requiredDuration(at, "window", window, "the duration the limit applies to, such as"
        + " 1m");
    if (expectStatus < 400 || expectStatus > 599) {
      problems.add(at + "/expect_status", "expected a 4xx or 5xx status such as 429, got "
          + expectStatus);
    }
  }

  /**
   * The setup flow names a flow on the same target, and a {{name}} in the request has a setup
   * to fill it: without one it would be sent as written.
   */
  private void setup(String at, List<Flow> flows, PolicyProblems problems) {
    if (setupFlow == null) {
      if (request != null && request.references()) {
        problems.add(at + "/request", "{{name}} references a capture, but no setup_flow runs"
            + " a flow to capture it; add setup_flow: <a flow's name>");
      }
      return;
    }
    Set<String> flowNames = new java.util.TreeSet<>();
    Flow named = null;
    for (Flow f : flows) {
      if (f != null && f.name() != null) {
        flowNames.add(f.name());
        if (f.name().equals(setupFlow)) {
          named = f;
        }
      }
    }
    if (named == null) {
      problems.add(at + "/setup_flow", "no flow is named '" + setupFlow + "'"
          + Suggestions.didYouMean(setupFlow, flowNames));
    } else if (target != null && !target.equals(named.target())) {
      problems.add(at + "/setup_flow", "flow '" + setupFlow + "' goes to target '"
          + named.target() + "', not '" + target + "': its cookies and captures belong to"
          + " another origin");
    }
  }

  private void counts(String at, PolicyProblems problems) {
    boolean counts = true;
    if (limit == null) {
      problems.add(at, "missing 'limit' (requests accepted per window, such as 10)");
      counts = false;
    } else if (limit < 1) {
      problems.add(at + "/limit", "must be 1 or more, got " + limit);
      counts = false;
    }
    if (tolerance < 0) {
      problems.add(at + "/tolerance", "must be 0 or more, got " + tolerance);
      counts = false;
    }
    long extra = MARGIN + (observeWindow ? WINDOW_REQUESTS : 0);
    if (counts && (long) limit + tolerance + extra > MAX_REQUESTS) {
      problems.add(at + "/limit", "limit + tolerance + " + extra + " is "
          + ((long) limit + tolerance + extra) + " requests, over the cap of " + MAX_REQUESTS
          + " one probe may send; verify a smaller limit on the same limiter (a stricter"
          + " endpoint or a shorter window)");
    }
  }

  @Doc("The request a rate-limit probe repeats.")
  public record RateLimitRequest(
      @Doc(value = "HTTP method.", example = "POST") String method,
      @Doc(value = "Path resolved against the target's url.", example = "/auth/login",
              required = true)
          String path,
      @Doc("Request headers (added to the target's); use ${env:NAME} for credentials.")
          Map<String, String> headers,
      @Doc("Request body, sent as given (Content-Type from headers, else application/json when it"
              + " starts with { or [, else form-encoded); ${env:NAME} values are written as its"
              + " syntax requires (JSON-escaped in a JSON string, form-encoded in a form). Never"
              + " recorded.")
          String body) {
    public RateLimitRequest {
      method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
      headers = Unset.orEmpty(headers);
    }

    /** Whether the path, a header or the body holds a {{name}} for a setup flow to fill. */
    boolean references() {
      return Flow.REFERENCE.matcher(path == null ? "" : path).find()
          || body != null && Flow.REFERENCE.matcher(body).find()
          || headers.values().stream().anyMatch(v -> v != null
              && Flow.REFERENCE.matcher(v).find());
    }

    void validate(String at, PolicyProblems problems) {
      if (problems.request(at, method, path) && body != null
          && (method.equals("GET") || method.equals("HEAD"))) {
        problems.add(at + "/body", "a " + method + " request has no body; use POST or drop the"
            + " body");
      }
      problems.headerNames(at + "/headers", headers.keySet());
    }
  }
}
