package dev.secaudit.policy;

import java.util.Map;

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
    @Doc(value = "Extra requests accepted beyond the limit before a FAIL (for limiters that"
            + " count loosely).", defaultValue = "0")
        Integer tolerance,
    @Doc(value = "The status that signals limiting.", defaultValue = "429") Integer expectStatus,
    @Doc(value = "After the wait Retry-After asks for (at most 60s), one more request must not"
            + " be limited.", defaultValue = "false")
        Boolean recovery) {
  /** Requests beyond limit + tolerance: the one that must be refused, and two to see how loose. */
  public static final int MARGIN = 3;
  /** The most requests one rate-limit probe may send, whatever the policy says. */
  public static final int MAX_REQUESTS = 1000;

  public RateLimit {
    tolerance = Unset.or(tolerance, 0);
    expectStatus = Unset.or(expectStatus, 429);
    recovery = Unset.or(recovery, Boolean.FALSE);
  }

  /** The hard cap on requests: the probe never sends more. */
  public int requestCap() {
    return limit + tolerance + MARGIN;
  }

  @Doc("The request a rate-limit probe repeats.")
  public record RateLimitRequest(
      @Doc(value = "HTTP method.", defaultValue = "GET", example = "POST") String method,
      @Doc(value = "Path resolved against the target's url.", example = "/auth/login",
              required = true)
          String path,
      @Doc("Request headers (added to the target's); use ${env:NAME} for credentials.")
          Map<String, String> headers,
      @Doc("Request body, sent as given (Content-Type from headers, else application/json when it"
              + " starts with { or [, else form-encoded); never recorded.")
          String body) {
    public RateLimitRequest {
      method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
      headers = Unset.orEmpty(headers);
    }
  }
}
