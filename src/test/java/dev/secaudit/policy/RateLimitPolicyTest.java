package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rate_limits: what loads, its defaults and caps, and every mistake named by file:line:column. */
class RateLimitPolicyTest {
  private final PolicyLoader loader =
      new PolicyLoader(Map.of("LOGIN_PASSWORD", "wrong-on-purpose-1")::get, StandardChecks.catalog().ids());

  private final InlinePolicy inline = new InlinePolicy(loader);

  private LoadedPolicy load(String yaml) {
    return inline.load(yaml);
  }

  private String error(String yaml) {
    return inline.error(yaml);
  }

  private static String policy(String rateLimits) {
    return """
        version: 1
        name: acme
        targets:
          - {name: api, url: "https://api.acme.test"}
          - {name: app, url: "https://app.acme.test", active: true}
        rate_limits:
        """ + rateLimits;
  }

  @Test
  void loadsWithDefaultsAndInterpolatesCredentials() {
    LoadedPolicy p = load(policy("""
          - name: login
            target: api
            request:
              method: post
              path: /auth/login
              headers: {Content-Type: application/json}
              body: '{"email":"probe@acme.test","password":"${env:LOGIN_PASSWORD}"}'
            limit: 10
            window: 1m
        """));
    RateLimit r = p.policy().rateLimits().get(0);
    assertThat(r.request().method()).isEqualTo("POST");
    assertThat(r.request().body()).contains("wrong-on-purpose-1");
    assertThat(r.tolerance()).isZero();
    assertThat(r.expectStatus()).isEqualTo(429);
    assertThat(r.recovery()).isFalse();
    assertThat(r.window().seconds()).isEqualTo(60);
    assertThat(r.requestCap()).isEqualTo(13);
    assertThat(p.secrets()).contains("wrong-on-purpose-1");
    assertThat(p.policy().targets().get(0).active()).isFalse();
    assertThat(p.policy().targets().get(1).active()).isTrue();
    // withTargets keeps the section (the demo rewrites targets).
    assertThat(p.policy().withTargets(p.policy().targets()).rateLimits()).hasSize(1);
  }

  @Test
  void unknownTargetIsNamedWithASuggestion() {
    String msg = error(policy("""
          - {name: login, target: apix, request: {path: /login}, limit: 10, window: 1m}
        """));
    assertThat(msg).contains("p.yaml:7:").contains("rate_limits[0].target")
        .contains("no target is named 'apix'").contains("did you mean 'api'?");
  }

  /** A setup flow must exist on the same target; a {{name}} needs one to fill it. */
  @Test
  void setupFlowIsNamedAndOnTheSameTarget() {
    String flows = """
        flows:
          - name: login-form
            target: app
            steps: [{name: form, request: {path: /login}}]
        """;
    String msg = error(policy("""
          - {name: a, target: app, request: {method: POST, path: /login, body: 't={{csrf}}'},
             limit: 5, window: 1m, setup_flow: login-from}
          - {name: b, target: api, request: {method: POST, path: /login}, limit: 5, window: 1m,
             setup_flow: login-form}
          - {name: c, target: app, request: {method: POST, path: /login, body: 't={{csrf}}'},
             limit: 5, window: 1m}
        """) + flows);
    assertThat(msg).contains("rate_limits[0].setup_flow")
        .contains("no flow is named 'login-from' (did you mean 'login-form'?)")
        .contains("rate_limits[1].setup_flow")
        .contains("flow 'login-form' goes to target 'app', not 'api'")
        .contains("rate_limits[2].request")
        .contains("{{name}} references a capture, but no setup_flow runs a flow");
    RateLimit ok = load(policy("""
          - {name: a, target: app, request: {method: POST, path: /login, body: 't={{csrf}}'},
             limit: 5, window: 1m, setup_flow: login-form, requests_are_attempts: true}
        """) + flows).policy().rateLimits().get(0);
    assertThat(ok.setupFlow()).isEqualTo("login-form");
    assertThat(ok.requestsAreAttempts()).isTrue();
  }

  @Test
  void limitWindowAndToleranceMustBeSane() {
    String msg = error(policy("""
          - {name: a, target: api, request: {path: /a}, limit: 0, window: 0s, tolerance: -1}
          - {name: b, target: api, request: {path: b}, limit: 999, window: 1m}
          - {name: c, target: api, request: {method: GET, path: /c, body: x}, limit: 5, window: 1m, expect_status: 200}
          - {name: c, target: api, request: {method: BREW, path: /c}, limit: 5, window: 1m}
          - {name: d, target: api, request: {path: //evil.test/x}, limit: 5, window: 1m}
        """));
    assertThat(msg)
        .contains("rate_limits[0].limit: must be 1 or more, got 0")
        .contains("rate_limits[0].window: must be longer than 0")
        .contains("rate_limits[0].tolerance: must be 0 or more, got -1")
        .contains("rate_limits[1].limit: limit + tolerance + 3 is 1002 requests, over the cap of"
            + " 1000")
        .contains("rate_limits[1].request.path: a path starts with a single '/'")
        .contains("rate_limits[2].request.body: a GET request has no body")
        .contains("rate_limits[2].expect_status: expected a 4xx or 5xx status")
        .contains("rate_limits[3].name: duplicate rate limit name 'c'")
        .contains("rate_limits[3].request.method: 'BREW' is not a method")
        .contains("rate_limits[4].request.path: a path starts with a single '/' (such as /login),"
            + " got '//evil.test/x'");
  }

  @Test
  void requiredFieldsAreAskedFor() {
    String msg = error(policy("""
          - {name: x, target: api}
        """));
    assertThat(msg).contains("missing 'request: {method, path}'").contains("missing 'limit'")
        .contains("missing 'window'");
  }
}
