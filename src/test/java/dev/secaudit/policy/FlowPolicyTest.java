package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** flows: what loads, its defaults and caps, and every mistake named by file:line:column. */
class FlowPolicyTest {
  private final InlinePolicy inline = new InlinePolicy(
      new PolicyLoader(Map.of("PW", "test-password-1")::get, StandardChecks.catalog().ids()));

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
        .contains("give exactly one of 'header', 'cookie', 'json' or 'html'")
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

  @Test
  void loadsCsrfFormsLifetimesAndPasswordLength() {
    LoadedPolicy p = inline.load("settings: {timeouts: {target: 30m}}\n" + policy("""
          - name: form
            target: api
            cookie_jar: true
            steps:
              - name: page
                request: {path: /login}
                capture:
                  - {name: csrf, html: "input[name=authenticity_token]"}
                  - {name: meta, html: "meta[name=csrf-token]", attribute: content}
                  - {name: magic, json: /magic}
            expect:
              - {name: settings, kind: csrf_token, request: {method: POST, path: /s, form: {t: "{{csrf}}"}}, without_form_fields: [t], control: true}
              - {name: link, kind: expires, lifetime: 15m, wait: 16m, before: false, token: {capture: magic}, request: {path: "/m?t={{magic}}"}}
              - {name: pw, kind: password_length, min_length: 10, request: {method: POST, path: /pw, form: {new: "{{password}}"}}, restore: {method: POST, path: /pw, form: {current: "{{password}}", new: "${env:PW}"}}}
        """));
    Flow f = p.policy().flows().get(0);
    assertThat(f.cookieJar()).isTrue();
    assertThat(f.steps().get(0).capture().get(0).source())
        .isEqualTo("HTML input[name=authenticity_token]");
    assertThat(f.expect().get(1).waitFor().text()).isEqualTo("16m");
    assertThat(f.expect().get(1).before()).isFalse();
    assertThat(f.waits()).hasMinutes(16);
    // 1 step + (2 + control) + 1 (before: false) + (2 + a restore after each)
    assertThat(f.requestCap()).isEqualTo(9);
  }

  @Test
  void lifetimeAndPasswordMistakesAreNamed() {
    String msg = inline.error(policy("""
          - name: form
            target: api
            steps:
              - name: page
                request: {path: /login}
                capture:
                  - {name: csrf, html: "input[name=", attribute: value}
                  - {name: other, json: /x, attribute: value}
            expect:
              - {name: a, kind: expires, request: {path: /m}}
              - {name: b, kind: expires, lifetime: 15m, wait: 3h, request: {path: /m}}
              - {name: c, kind: expires, lifetime: 15m, wait: 10m, request: {path: /m}}
              - {name: d, kind: password_length, request: {method: POST, path: /pw, form: {new: x}}}
              - {name: e, kind: rejected, wait: 1m, min_length: 3, request: {path: /x}}
              - {name: f, kind: csrf_token, request: {method: POST, path: /s}}
        """));
    assertThat(msg)
        .contains("flows[0].steps[0].capture[0].html").contains("is not a CSS selector jsoup reads")
        .contains("'attribute' belongs to an html capture")
        .contains("missing 'lifetime'")
        .contains("nothing shows the lifetime: give 'token'")
        .contains("at most 2h, got 3h")
        .contains("a wait of 10m is shorter than the lifetime (15m)")
        .contains("missing 'min_length'")
        .contains("the request never sends the made-up password")
        .contains("'lifetime', 'token', 'wait' and 'before' belong to kind: expires")
        .contains("'min_length' and 'restore' belong to kind: password_length")
        .contains("a csrf_token expectation names the token it leaves out")
        .contains("the flow waits 190m in all, which settings.timeouts.target (120s) does not"
            + " cover");
  }
}
