package dev.secaudit.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** flows: what loads, its defaults and caps, and every mistake named by file:line:column. */
class FlowPolicyTest {
  private final InlinePolicy inline = new InlinePolicy(
      new PolicyLoader(Map.of("PW", "test-password-1")::get, CheckCatalog.ids()));

  private static String policy(String flows) {
    return """
        version: 1
        name: acme
        targets:
          - {name: api, url: "https://api.acme.test"}
        flows:
        """ + flows;
  }

  @Test
  void loadsALoginFlowWithCapturesLifetimesAndExpectations() {
    LoadedPolicy p = inline.load(policy("""
          - name: login
            target: api
            steps:
              - name: sign-in
                request: {method: post, path: /auth/login, form: {email: probe@acme.test, password: "${env:PW}"}}
                capture:
                  - {name: token, json: /access_token}
                  - {name: sid, cookie: session}
              - name: me
                request: {path: /me, headers: {Authorization: "Bearer {{token}}"}}
            session_cookie: {name: "session*", max_age: 30d}
            jwt: {capture: token, max_ttl: 24h}
            expect:
              - {name: short-password, kind: rejected, request: {method: POST, path: /signup, body: '{"password":"123456789"}'}}
              - {name: me-needs-auth, kind: requires_auth, request: {path: /me}}
              - {name: order, kind: idempotent, request: {method: POST, path: /orders, headers: {Cookie: "session={{sid}}"}}, effect: {request: {path: /orders}, json: /items}}
              - {name: profile, kind: CSRF, request: {method: POST, path: /profile, form: {name: x, _csrf: "{{sid}}"}}, without_form_fields: [_csrf], control: true}
        """));
    Flow f = p.policy().flows().get(0);
    assertThat(f.steps().get(0).request().method()).isEqualTo("POST");
    assertThat(f.steps().get(0).request().form()).containsEntry("password", "test-password-1");
    assertThat(f.sessionCookie().withoutExpiry()).isEqualTo("warn");
    assertThat(f.jwt().maxTtl().seconds()).isEqualTo(86400);
    assertThat(f.expect().get(3).kind()).isEqualTo("csrf");
    // 2 steps + 1 + 1 + (2 + 2 counting) + (1 + control)
    assertThat(f.requestCap()).isEqualTo(10);
    assertThat(f.expect().get(1).refuses(401)).isTrue();
    assertThat(f.expect().get(1).refuses(404)).isFalse();
    assertThat(f.expect().get(0).refuses(422)).isTrue();
    assertThat(p.policy().withTargets(p.policy().targets()).flows()).hasSize(1);
  }

  @Test
  void aReferenceToACaptureNotYetMadeIsNamedWithItsLine() {
    String msg = inline.error(policy("""
          - name: login
            target: api
            steps:
              - name: me
                request: {path: /me, headers: {Authorization: "Bearer {{tokn}}"}}
              - name: sign-in
                request: {method: POST, path: /auth/login}
                capture: [{name: token, json: /access_token}]
        """));
    assertThat(msg).contains("p.yaml:10:").contains("flows[0].steps[0].request.headers.Authorization")
        .contains("'{{tokn}}' is not captured by an earlier step");
  }

  @Test
  void everyMistakeIsListed() {
    String msg = inline.error(policy("""
          - name: login
            target: apii
            steps:
              - name: sign-in
                request: {method: GET, path: "//evil.test/x", body: "{}"}
                capture:
                  - {name: token, json: access_token, header: X-Token}
            session_cookie: {name: "s*", max_age: 1d, without_expiry: maybe}
            jwt: {capture: nope}
            expect:
              - {name: a, kind: rejectd, request: {path: /x}}
              - {name: b, kind: csrf, request: {method: POST, path: /y}}
              - {name: c, kind: rejected, request: {path: /z}, effect: {request: {path: /n}, json: /n}}
        """));
    assertThat(msg)
        .contains("no target is named 'apii' (did you mean 'api'?)")
        .contains("a path starts with a single '/'")
        .contains("a GET request has no body")
        .contains("give exactly one of 'header', 'cookie' or 'json'")
        .contains("'access_token' is not an RFC 6901 JSON Pointer")
        .contains("expected pass, warn or fail, got 'maybe'")
        .contains("no step captures 'nope'")
        .contains("unknown kind 'rejectd' (did you mean 'rejected'?)")
        .contains("a csrf expectation names the token it leaves out")
        .contains("'effect' belongs to kind: idempotent");
  }

  @Test
  void aFlowOverTheRequestCapIsRefused() {
    StringBuilder expect = new StringBuilder();
    for (int i = 0; i < 26; i++) {
      expect.append("      - {name: e").append(i)
          .append(", kind: one_shot, request: {path: /m}}\n");
    }
    String msg = inline.error(policy("""
          - name: many
            target: api
            expect:
        """ + expect));
    assertThat(msg).contains("the flow may send 52 requests, over the cap of 50");
  }
}
