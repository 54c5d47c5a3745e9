package dev.secaudit.starter;

import static dev.secaudit.starter.PageRules.TODO;
import static dev.secaudit.starter.PageRules.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one sign-in flow init writes for what a page says about sessions, tokens, links and
 * passwords ("JWT auth tokens have a 24-hour TTL", "magic links expire after 15 minutes and can
 * only be used once", "CSRF protection on all state-changing requests"): each statement becomes
 * what the flow must show, with the page's number, and what no site shows (the sign-in path, the
 * body, where the token is) is a {@code TODO}. Until those are filled in the probe sends nothing
 * and the scan lists the lines to fill in.
 */
final class PageFlow {
  static final String NAME = "page-sign-in";
  /** The longest wait a flow may make (Flow.MAX_WAIT): a longer lifetime is read, not waited. */
  private static final long MAX_WAIT_SECONDS = 2 * 3600;

  private final Map<String, Object> flow;
  private final Map<String, Object> step;
  private final List<Map<String, Object>> expect = new ArrayList<>();
  private final String at;
  private String pointer;

  /** @param index where the flow stands in the policy's flows */
  PageFlow(int index) {
    step = map("name", "sign-in", "request", map("method", "POST", "path", TODO, "body", TODO));
    flow = map("name", NAME, "target", StarterPolicy.TARGET, "steps", List.of(step));
    at = "/flows/" + index;
  }

  /**
   * The pointer of the rule the last statement set ("/flows/0/expect/1"): the claim lists it
   * rather than every check of its topic, so a magic link's sentence is judged by the magic
   * link's expectation, not by the JWT's lifetime and every one_shot of the policy.
   */
  String pointer() {
    return pointer;
  }

  /** Kinds of link or token a sentence may name, as a flow expectation's name says them. */
  private static final Map<String, String> LINK_NAMES = Map.of("token.magic", "magic-link",
      "token.reset", "reset-link", "token.invite", "invite-link", "token.verification",
      "verification-link", "token.access", "access-token", "token.refresh", "refresh-token");

  /** The kind of link or token a part names, as an expectation's name ("page-link" for none). */
  static String linkKind(dev.secaudit.claim.ClaimPart p) {
    return p.scope().nouns().stream().map(LINK_NAMES::get).filter(java.util.Objects::nonNull)
        .findFirst().orElse("page-link");
  }

  /** The flow as the policy writes it; later statements add to it in place. */
  Map<String, Object> written() {
    return flow;
  }

  private void expect(Map<String, Object> e) {
    for (int j = 0; j < expect.size(); j++) {
      if (expect.get(j).get("name").equals(e.get("name"))) {
        pointer = at + "/expect/" + j;
        return; // the page said it twice: one expectation
      }
    }
    if (expect.isEmpty()) {
      flow.put("expect", expect);
    }
    pointer = at + "/expect/" + expect.size();
    expect.add(e);
  }

  /** "JWTs expire after 24 hours": the token the sign-in returns, its exp - iat at most that. */
  String jwt(double seconds) {
    // A token's lifetime is said in hours ("a 24-hour TTL"): written as the page says it.
    String lifetime = seconds % 3600 == 0 && seconds <= 48 * 3600
        ? Math.round(seconds / 3600) + "h" : PageAmounts.duration(seconds);
    step.put("capture", List.of(map("name", "token", "json", TODO)));
    flow.put("jwt", map("capture", "token", "max_ttl", lifetime));
    pointer = at + "/jwt";
    return "flows." + NAME + ".jwt.max_ttl: " + lifetime;
  }

  /** "Sessions expire after 7 days": the session cookie the sign-in sets lives no longer. */
  String sessionCookie(String lifetime) {
    flow.put("cookie_jar", true);
    flow.put("session_cookie", map("name", TODO, "max_age", lifetime));
    pointer = at + "/session_cookie";
    return "flows." + NAME + ".session_cookie.max_age: " + lifetime;
  }

  /**
   * "Magic links expire after 15 minutes": sent once after a wait a little longer than that
   * (opt-in long probe); a link that works once is not spent before the wait. Null when the
   * lifetime is longer than a flow may wait.
   */
  String expires(double seconds, boolean singleUse, String kind) {
    if (seconds + 60 > MAX_WAIT_SECONDS) {
      return null;
    }
    String lifetime = PageAmounts.duration(seconds);
    String name = kind + "-expires";
    Map<String, Object> e = map("name", name, "kind", "expires", "request",
        map("method", "GET", "path", TODO), "lifetime", lifetime, "wait",
        PageAmounts.duration(seconds + 60));
    if (singleUse) {
      e.put("before", false);
    }
    expect(e);
    return "flows." + NAME + ".expect." + name + ": refused after " + lifetime;
  }

  /**
   * "Magic links can only be used once": the expectation is named by the kind of link the
   * sentence names ("magic-link-single-use"), which the scan's answers read as the kind it
   * judged; "page-link" when the sentence names none.
   */
  String oneShot(String kind) {
    String name = kind + "-single-use";
    expect(map("name", name, "kind", "one_shot", "request",
        map("method", "GET", "path", TODO)));
    return "flows." + NAME + ".expect." + name + ": accepted once, then refused";
  }

  String passwordLength(long minLength) {
    expect(map("name", "page-password-length", "kind", "password_length", "min_length",
        minLength, "request", map("method", "POST", "path", TODO, "form",
            map("password", "{{password}}"))));
    return "flows." + NAME + ".expect.page-password-length: at least " + minLength
        + " characters";
  }

  String csrf() {
    flow.put("cookie_jar", true);
    expect(map("name", "page-csrf", "kind", "csrf", "request",
        map("method", "POST", "path", TODO), "without_headers", List.of(TODO)));
    return "flows." + NAME + ".expect.page-csrf: refused without its token";
  }

  String requiresAuth() {
    expect(map("name", "page-requires-auth", "kind", "requires_auth", "request",
        map("method", "GET", "path", TODO)));
    return "flows." + NAME + ".expect.page-requires-auth: 401 or 403 without credentials";
  }
}
