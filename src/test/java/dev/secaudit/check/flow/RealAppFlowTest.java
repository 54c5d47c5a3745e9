package dev.secaudit.check.flow;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Redactor;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.flow.FlowObservation;
import dev.secaudit.probe.flow.FlowProbe;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.ratelimit.RateLimitProbe;
import dev.secaudit.probe.tls.RecordingTrustManager;
import dev.secaudit.scan.Scanner;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Flows against a real app on loopback (LoopbackApp): sign-in through a form with a CSRF token
 * and a cookie jar, the CSRF token checked without and with a wrong value, lifetimes read from
 * what a token says and tested by waiting for it to expire (seconds here, minutes in production),
 * and the minimum password length. Secrets (the password, cookies, tokens, made-up passwords and
 * wrong tokens) never reach a finding or the transcript.
 */
class RealAppFlowTest {
  private static final String PASSWORD = "correct-horse-battery";

  private LoopbackApp app;
  private final List<String> announced = new ArrayList<>();

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private LoopbackApp start(LoopbackApp.Csrf csrf, Duration life, boolean statesExpiry,
      int minPassword) throws Exception {
    app = new LoopbackApp(csrf, life, statesExpiry, minPassword, PASSWORD);
    return app;
  }

  private JudgedFlow run(String flow, boolean longProbes) {
    String yaml = """
        version: 1
        name: loopback-app
        settings: {timeouts: {target: 20m}}
        targets:
          - {name: app, url: "%s"}
        flows:
          - %s
        """.formatted(app.url(), flow);
    LoadedPolicy loaded = new PolicyLoader(Map.of("PW", PASSWORD)::get, StandardChecks.catalog().ids())
        .load("p.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    HttpProbe http = new HttpProbe(new HttpProbe.Limits(Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(20), 64 * 1024),
        RecordingTrustManager.forKeyStore(null), Clock.systemUTC(), "secaudit-test");
    int[] keys = {0};
    FlowProbe probe = new FlowProbe(http, Clock.systemUTC(), () -> "key-" + ++keys[0],
        announced::add, RateLimitProbe.Sleeper.real(), new SecureRandom(), longProbes);
    return JudgedFlow.of(loaded, probe, null);
  }

  /** Sign in through the form as a browser does: page, token, cookie, post, redirect. */
  private static final String SIGN_IN = """
      {name: form, target: app, cookie_jar: true, steps: [
            {name: login-page, request: {path: /login},
             capture: [{name: csrf, html: "input[name=authenticity_token]"}]},
            {name: sign-in, request: {method: POST, path: /login, form: {
              authenticity_token: "{{csrf}}", email: probe@app.test, password: "${env:PW}"}},
             expect_status: [303]},
            {name: settings-page, request: {path: /settings},
             capture: [{name: token, html: "meta[name=csrf-token]"}]}]""";

  private static final String CSRF_EXPECTATION = """
      ,
          expect: [{name: rename, kind: csrf_token, control: true,
            request: {method: POST, path: /settings,
              form: {authenticity_token: "{{token}}", name: secaudit-probe}},
            without_form_fields: [authenticity_token]}]}""";

  @Test
  void signsInThroughACsrfFormWithTheJarAndFindsTheTokenEnforced() throws Exception {
    start(LoopbackApp.Csrf.ENFORCED, Duration.ofMinutes(5), true, 10);

    JudgedFlow r = run(SIGN_IN + CSRF_EXPECTATION, false);

    assertThat(r.status("flow.completed")).isEqualTo(Status.PASS);
    assertThat(r.observed("flow.completed"))
        .isEqualTo("completed: login-page 200, sign-in 303, settings-page 200");
    assertThat(r.status("request.csrf_token")).isEqualTo(Status.PASS);
    assertThat(r.observed("request.csrf_token")).isEqualTo("without its token: 403; with a"
        + " wrong token: 403; with its token: 200");
    // Only the control went through; the jar carried the rotated session to every request.
    assertThat(app.changes).containsExactly("secaudit-probe");
    assertThat(app.cookiesReceived).hasSize(5)
        .allSatisfy(c -> assertThat(c).contains("_app_session=").contains("XSRF-TOKEN="));
    // Cookies, the form token, the password and the wrong token are secrets everywhere.
    String written = r.everythingWritten();
    assertThat(r.obs().captured()).hasSizeGreaterThanOrEqualTo(5);
    for (String secret : r.obs().captured()) {
      assertThat(written).doesNotContain(secret);
    }
    assertThat(written).doesNotContain(PASSWORD).contains("Cookie: [REDACTED]")
        .contains("## expect 'rename' (csrf_token)");
    assertThat(announced).singleElement().asString().endsWith("; captured values and cookies"
        + " are redacted");
  }

  @Test
  void anAppThatDoesNotCheckTheTokenFails() throws Exception {
    start(LoopbackApp.Csrf.NONE, Duration.ofMinutes(5), true, 10);

    JudgedFlow r = run(SIGN_IN + CSRF_EXPECTATION, false);

    assertThat(r.status("request.csrf_token")).isEqualTo(Status.FAIL);
    assertThat(r.observed("request.csrf_token")).isEqualTo("without its token: 200, accepted;"
        + " with a wrong token: 200, accepted (sent from the site's own Origin): a request"
        + " without a token is taken");
    assertThat(app.changes).hasSize(3);
  }

  @Test
  void anAppThatChecksOnlyThatATokenIsThereFailsOnTheWrongOne() throws Exception {
    start(LoopbackApp.Csrf.PRESENCE_ONLY, Duration.ofMinutes(5), true, 10);

    JudgedFlow r = run(SIGN_IN + CSRF_EXPECTATION, false);

    assertThat(r.status("request.csrf_token")).isEqualTo(Status.FAIL);
    assertThat(r.observed("request.csrf_token")).startsWith("without its token: 403; with a"
        + " wrong token: 200, accepted").endsWith("a wrong token is taken, so its presence is"
        + " checked but not its value");
  }

  @Test
  void withoutTheJarTheFormSignInStopsAtTheTokenCheck() throws Exception {
    start(LoopbackApp.Csrf.ENFORCED, Duration.ofMinutes(5), true, 10);

    JudgedFlow r = run(SIGN_IN.replace("cookie_jar: true, ", "") + CSRF_EXPECTATION, false);

    assertThat(r.status("flow.completed")).isEqualTo(Status.ERROR);
    assertThat(r.observed("flow.completed")).contains("step 'sign-in': answered 422");
    assertThat(r.status("request.csrf_token")).isEqualTo(Status.ERROR);
  }

  private static final String TOKEN_STEPS = """
      {name: api, target: app, steps: [
            {name: token, request: {method: POST, path: /api/token},
             capture: [{name: access, json: /access_token}]}],
          expect: [{name: access-expires, kind: expires, %s
            request: {path: /api/me, headers: {Authorization: "Bearer {{access}}"}}}]}""";

  @Test
  void aStatedExpiryIsReadNotWaitedFor() throws Exception {
    start(LoopbackApp.Csrf.ENFORCED, Duration.ofMinutes(15), true, 10);

    JudgedFlow within = run(TOKEN_STEPS.formatted("lifetime: 15m, wait: 16m, token: {capture: access},"),
        true);
    assertThat(within.status("token.expiry")).isEqualTo(Status.PASS);
    assertThat(within.observed("token.expiry")).isEqualTo("capture 'access' states a lifetime"
        + " of 15m, read from expires_in; the server's enforcement of it was not tested by"
        + " waiting");
    // Read, so nothing was sent and nobody waited.
    assertThat(within.obs().expectations().get(0).requests()).isEmpty();

    JudgedFlow longer = run(TOKEN_STEPS.formatted("lifetime: 10m, token: {capture: access},"), false);
    assertThat(longer.status("token.expiry")).isEqualTo(Status.FAIL);
    assertThat(longer.observed("token.expiry")).endsWith("longer than the stated 10m");
  }

  @Test
  void aTokenThatStatesNoExpiryIsWaitedForAndRetried() throws Exception {
    start(LoopbackApp.Csrf.ENFORCED, Duration.ofSeconds(1), false, 10);

    JudgedFlow r = run(TOKEN_STEPS.formatted("lifetime: 1s, wait: 2s, token: {capture: access},"),
        true);

    assertThat(r.status("token.expiry")).isEqualTo(Status.PASS);
    assertThat(r.observed("token.expiry")).startsWith("capture 'access' states no expiry (not a"
        + " JWT with exp, no expires_in beside it, no Max-Age or Expires); ")
        .contains("waited 2s and retried: accepted before the wait (200), after 2s: 401");
    FlowObservation.Expiry x = r.obs().expectations().get(0).expiry();
    assertThat(x.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(r.everythingWritten()).contains("# waited ");
  }

  @Test
  void aTokenStillAcceptedAfterTheWaitFails() throws Exception {
    start(LoopbackApp.Csrf.ENFORCED, Duration.ofMinutes(10), false, 10);

    JudgedFlow r = run(TOKEN_STEPS.formatted("lifetime: 1s, wait: 1s,"), true);

    assertThat(r.status("token.expiry")).isEqualTo(Status.FAIL);
    assertThat(r.observed("token.expiry")).isEqualTo("waited 1s and retried: accepted before the"
        + " wait (200), after 1s: 200, accepted: it outlives the stated 1s");
  }

  @Test
  void theLongProbeWaitsOnlyWhenAskedTo() throws Exception {
    start(LoopbackApp.Csrf.ENFORCED, Duration.ofSeconds(1), false, 10);

    JudgedFlow r = run(TOKEN_STEPS.formatted("lifetime: 15m, wait: 16m,"), false);

    assertThat(r.status("token.expiry")).isEqualTo(Status.SKIPPED);
    assertThat(r.observed("token.expiry")).isEqualTo("a long probe (waits 16m): rerun with scan"
        + " --long-probes, e.g. in a nightly job");
    assertThat(r.obs().expectations().get(0).requests()).isEmpty();
    assertThat(announced).singleElement().asString()
        .contains("(its long probes wait only with --long-probes)");
  }

  @Test
  void anIdleSessionTimesOut() throws Exception {
    start(LoopbackApp.Csrf.ENFORCED, Duration.ofSeconds(1), false, 10);

    JudgedFlow r = run(SIGN_IN + """
        ,
            expect: [{name: idle, kind: expires, lifetime: 1s, wait: 2s, status: [302],
              request: {path: /settings}}]}""", true);

    assertThat(r.status("token.expiry")).isEqualTo(Status.PASS);
    assertThat(r.observed("token.expiry")).startsWith("waited 2s and retried: accepted before"
        + " the wait (200), after 2s: 302");
  }

  @Test
  void aSingleUseMagicLinkIsWaitedForOnceWithAFreshLinkAsItsControl() throws Exception {
    start(LoopbackApp.Csrf.ENFORCED, Duration.ofSeconds(1), false, 10);
    String flow = """
        {name: magic, target: app, steps: [
              {name: link-1, request: {method: POST, path: /auth/magic-link},
               capture: [{name: first, json: /test_mailbox_token}]},
              {name: link-2, request: {method: POST, path: /auth/magic-link},
               capture: [{name: second, json: /test_mailbox_token}]}],
            expect: [
              {name: once, kind: one_shot, request: {path: "/auth/magic?token={{first}}"}},
              {name: expires, kind: expires, lifetime: 1s, wait: 2s, before: false,
               token: {capture: second}, request: {path: "/auth/magic?token={{second}}"}}]}""";

    JudgedFlow r = run(flow, true);

    assertThat(r.status("token.single_use")).isEqualTo(Status.PASS);
    assertThat(r.status("token.expiry")).isEqualTo(Status.PASS);
    assertThat(r.observed("token.expiry")).contains("waited 2s and retried: sent once (before:"
        + " false), after 2s: 410; the same request with another token was accepted earlier"
        + " (expectation 'once', 200)");

    JudgedFlow alone = run(flow.replace("{name: once, kind: one_shot, request: {path:"
        + " \"/auth/magic?token={{first}}\"}},", ""), true);
    assertThat(alone.status("token.expiry")).isEqualTo(Status.WARN);
    assertThat(alone.observed("token.expiry")).endsWith("but no GET /auth/magic was accepted"
        + " earlier in the flow, so the refusal is not shown to be the expiry");
  }

  private static final String PASSWORD_FLOW = SIGN_IN + """
      ,
          expect: [{name: min-length, kind: password_length, min_length: 10,
            request: {method: POST, path: /account/password,
              form: {current_password: "${env:PW}", new_password: "{{password}}"}},
            restore: {method: POST, path: /account/password,
              form: {current_password: "{{password}}", new_password: "${env:PW}"}}}]}""";

  @Test
  void theStatedMinimumPasswordLengthIsEnforcedAndTheAccountIsSetBack() throws Exception {
    start(LoopbackApp.Csrf.NONE, Duration.ofMinutes(5), false, 10);

    JudgedFlow r = run(PASSWORD_FLOW, false);

    assertThat(r.status("password.min_length")).isEqualTo(Status.PASS);
    assertThat(r.observed("password.min_length")).isEqualTo("9 characters: 422; 10 characters:"
        + " 200; password set back (200)");
    assertThat(app.password()).isEqualTo(PASSWORD);
    List<String> madeUp = r.obs().captured().stream()
        .filter(v -> v.length() == 9 || v.length() == 10).toList();
    assertThat(madeUp).hasSizeGreaterThanOrEqualTo(2);
    String written = r.everythingWritten();
    madeUp.forEach(p -> assertThat(written).doesNotContain(p));
  }

  /** A server with another minimum than the page states: the claim fails either way. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "8 | 9 characters: 200, accepted; 10 characters: 200: a password shorter than the stated"
          + " minimum is taken; password set back (200, 200)",
      "12 | 9 characters: 422; 10 characters: 422: a password of the stated minimum length is"
          + " refused too, so the refusal is not shown to be about length (the minimum is longer,"
          + " or the request is refused for another reason)"})
  void aServerWhoseMinimumIsNotTheStatedOneFails(int enforced, String observed)
      throws Exception {
    start(LoopbackApp.Csrf.NONE, Duration.ofMinutes(5), false, enforced);

    JudgedFlow r = run(PASSWORD_FLOW, false);

    assertThat(r.status("password.min_length")).isEqualTo(Status.FAIL);
    assertThat(r.observed("password.min_length")).isEqualTo(observed);
    assertThat(app.password()).isEqualTo(PASSWORD);
  }
}
