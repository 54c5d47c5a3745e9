package dev.secaudit.check.flow;

import dev.secaudit.check.StandardChecks;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Redactor;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.flow.FlowObservation;
import dev.secaudit.probe.flow.FlowProbe;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flows against stateful WireMock services on loopback, and the check over what they recorded:
 * a login with a captured token and session cookie, JWT and cookie lifetimes, one-shot tokens,
 * idempotency with and without duplicated effects, CSRF, rejected and authenticated requests, and
 * each way a flow breaks (a capture that finds nothing, a 5xx mid-flow, a server that hangs).
 */
class FlowProbeTest {
  private static final String PASSWORD = "test-password-secret";
  private static final long IAT = 1_790_000_000L;

  private WireMockServer server;
  private final List<String> announced = new ArrayList<>();

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  static String jwt(String header, String payload) {
    Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
    return b.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + b.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJlLWJ5dGVz";
  }

  static final String TOKEN = jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
      "{\"sub\":\"user-42\",\"email\":\"probe@acme.test\",\"iat\":" + IAT + ",\"exp\":"
          + (IAT + 86400) + "}");

  private LoadedPolicy policy(String flow) {
    String yaml = """
        version: 1
        name: loopback
        targets:
          - {name: api, url: "http://127.0.0.1:%d"}
        flows:
          - %s
        """.formatted(server.port(), flow);
    return new PolicyLoader(Map.of("PW", PASSWORD)::get, StandardChecks.catalog().ids())
        .load("p.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private JudgedFlow run(String flow) {
    return run(flow, Duration.ofSeconds(10), null);
  }

  private JudgedFlow run(String flow, Duration read, String optedOut) {
    return run(flow, read, optedOut, Clock.systemUTC());
  }

  private JudgedFlow run(String flow, Duration read, String optedOut, Clock probeClock) {
    LoadedPolicy loaded = policy(flow);
    HttpProbe http = new HttpProbe(
        new HttpProbe.Limits(Duration.ofSeconds(5), read, Duration.ofSeconds(20), 64 * 1024),
        RecordingTrustManager.forKeyStore(null), Clock.systemUTC(), "secaudit-test");
    int[] keys = {0};
    FlowProbe probe = new FlowProbe(http, probeClock,
        () -> "key-" + ++keys[0], announced::add);
    return JudgedFlow.of(loaded, probe, optedOut);
  }

  private void loginService(String token, String setCookie) {
    server.stubFor(post(urlEqualTo("/auth/login"))
        .withRequestBody(containing("password=" + PASSWORD))
        .willReturn(okJson("{\"access_token\":\"" + token + "\",\"user\":{\"id\":42}}")
            .withHeader("Set-Cookie", setCookie)));
    server.stubFor(get(urlEqualTo("/me")).atPriority(5)
        .willReturn(aResponse().withStatus(401)));
    server.stubFor(get(urlEqualTo("/me")).atPriority(1)
        .withHeader("Authorization", equalTo("Bearer " + token))
        .willReturn(okJson("{\"id\":42,\"session\":\"" + token + "\"}")));
  }

  private static final String LOGIN = """
      {name: login, target: api, steps: [
            {name: sign-in, request: {method: POST, path: /auth/login,
              form: {email: probe@acme.test, password: "${env:PW}"}},
             capture: [{name: token, json: /access_token}, {name: sid, cookie: session}]},
            {name: me, request: {path: /me, headers: {Authorization: "Bearer {{token}}",
              X-Session: "{{sid}}"}}}]""";

  @Test
  void loginFlowCapturesAndJudgesLifetimesWithoutRecordingSecrets() {
    loginService(TOKEN, "session=sid-0123456789abcdef; Max-Age=2592000; Path=/; Secure; HttpOnly");

    JudgedFlow r = run(LOGIN + """
        ,
            session_cookie: {name: "session*", max_age: 30d},
            jwt: {capture: token, max_ttl: 24h},
            expect: [{name: me-needs-auth, kind: requires_auth, request: {path: /me}}]}""");

    assertThat(r.obs().completed()).isTrue();
    assertThat(r.status("flow.completed")).isEqualTo(Status.PASS);
    assertThat(r.observed("flow.completed")).isEqualTo("completed: sign-in 200, me 200");
    assertThat(r.status("session.lifetime")).isEqualTo(Status.PASS);
    assertThat(r.observed("session.lifetime")).contains("lives 30d (Max-Age)");
    assertThat(r.status("jwt.algorithm")).isEqualTo(Status.PASS);
    assertThat(r.observed("jwt.algorithm")).isEqualTo("alg HS256");
    assertThat(r.status("jwt.lifetime")).isEqualTo(Status.PASS);
    assertThat(r.observed("jwt.lifetime")).startsWith("exp - iat = 24h");
    assertThat(r.status("request.requires_auth")).isEqualTo(Status.PASS);
    assertThat(r.observed("request.requires_auth")).isEqualTo("answered 401");
    // As data: what each finding judged and the values it compared.
    assertThat(r.finding("session.lifetime").about()).isEqualTo(Subject.cookie("session*"));
    assertThat(r.finding("session.lifetime").expectedValue())
        .isEqualTo(new Value.Duration(30 * 86_400L));
    assertThat(r.finding("session.lifetime").observedValue())
        .isEqualTo(new Value.Duration(2_592_000L));
    assertThat(r.finding("jwt.algorithm").observedValue())
        .isEqualTo(new Value.Setting("alg", "HS256"));
    assertThat(r.finding("jwt.algorithm").about())
        .isEqualTo(new Subject(Subject.Kind.URL, "/auth/login"));
    assertThat(r.finding("jwt.lifetime").observedValue())
        .isEqualTo(new Value.Duration(24 * 3600L));
    assertThat(r.finding("request.requires_auth").about())
        .isEqualTo(new Subject(Subject.Kind.URL, "/me"));
    assertThat(r.finding("request.requires_auth").observedValue())
        .isEqualTo(new Value.Setting("status", "401"));
    assertThat(r.finding("flow.completed").about().kind()).isEqualTo(Subject.Kind.URL);
    assertThat(announced).singleElement().asString()
        .isEqualTo("active probe: flow 'login' on api: 2 steps, 1 expectation, plan: at"
            + " most 3 requests, each started within 120s of the first; captured values are redacted");
    server.verify(1, getRequestedFor(urlEqualTo("/me"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("X-Session", equalTo("sid-0123456789abcdef")));
    server.verify(1, getRequestedFor(urlEqualTo("/me")).withHeader("Authorization", absent()));

    // The token (in a body and a header), the session id and the password are secrets.
    String evidence = r.artifact();
    assertThat(evidence).doesNotContain(TOKEN).doesNotContain("sid-0123456789abcdef")
        .doesNotContain(PASSWORD).doesNotContain("user-42")
        .contains("\"access_token\":\"[REDACTED]\"").contains("X-Session: [REDACTED]")
        .contains("## step 'sign-in'").contains("## expect 'me-needs-auth' (requires_auth)");
    assertThat(r.findings()).allSatisfy(f -> {
      assertThat(f.observed()).doesNotContain(TOKEN).doesNotContain("sid-0123456789abcdef");
      assertThat(f.evidence()).containsExactly("api/flow-login");
    });
  }

  /**
   * A sign-in answer hands out more than the flow captures (a blind review found the magic link
   * and reset token of an answer whose flow captured only the reset link in clear in scan.json,
   * the HTML report and the bundle): every credential an answer carries is masked.
   */
  @Test
  void credentialsAnAnswerHandsOutAreMaskedThoughNoStepCapturedThem() {
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
    server.stubFor(post(urlEqualTo("/auth/login")).willReturn(okJson("{\"access_token\":\""
        + jwt + "\",\"token_type\":\"Bearer\",\"magic\":\"MAGICx81f3a9c2d4e5b6a7\","
        + "\"reset\":\"RESETq2w3e4r5t6y7u8\",\"kind\":\"password_reset\","
        + "\"next\":\"/welcome?sig=Zx9Yw8Vu7Ts6\"}")
        .withHeader("Location", "/verify?code=Kp4Lm7Nq2Rs9")));

    JudgedFlow r = run("""
        {name: reset-only, target: api, steps: [
              {name: sign-in, request: {method: POST, path: /auth/login,
                form: {email: probe@acme.test, password: "${env:PW}"}}}]}""");

    String evidence = r.artifact();
    assertThat(evidence).doesNotContain(jwt).doesNotContain("MAGICx81f3a9c2d4e5b6a7")
        .doesNotContain("RESETq2w3e4r5t6y7u8").doesNotContain("Zx9Yw8Vu7Ts6")
        .doesNotContain("Kp4Lm7Nq2Rs9")
        // Words are not credentials: masking them would blank them out of every report.
        .contains("\"token_type\":\"Bearer\"").contains("\"kind\":\"password_reset\"");
  }

  @Test
  void aFlowInitWroteWithTodoValuesSendsNothing() {
    loginService(TOKEN, "session=abcdef123456; Path=/");

    JudgedFlow r = run("""
        {name: page-sign-in, target: api, steps: [
              {name: sign-in, request: {method: POST, path: TODO, body: TODO},
               capture: [{name: token, json: TODO}]}],
            jwt: {capture: token, max_ttl: 24h}}""");

    assertThat(server.getAllServeEvents()).as("nothing is sent to a path still TODO").isEmpty();
    assertThat(announced).isEmpty();
    assertThat(r.status("jwt.lifetime")).isEqualTo(Status.SKIPPED);
    assertThat(r.observed("jwt.lifetime")).contains("TODO");
  }

  @Test
  void unsignedLongLivedTokensAndLongSessionsFail() {
    String unsigned = jwt("{\"alg\":\"none\"}", "{\"iat\":" + IAT + ",\"exp\":"
        + (IAT + 2 * 86400) + "}").replaceAll("\\.[^.]*$", ".");
    loginService(unsigned, "session=abcdef123456; Max-Age=7776000; Path=/");

    JudgedFlow r = run(LOGIN + """
        ,
            session_cookie: {name: session, max_age: 30d},
            jwt: {capture: token, max_ttl: 24h}}""");

    assertThat(r.status("jwt.algorithm")).isEqualTo(Status.FAIL);
    assertThat(r.observed("jwt.algorithm")).startsWith("alg 'none': the token is unsigned");
    assertThat(r.finding("jwt.algorithm").observedValue())
        .isEqualTo(new Value.Setting("alg", "none"));
    assertThat(r.finding("jwt.lifetime").observedValue())
        .isEqualTo(new Value.Duration(48 * 3600L));
    assertThat(r.status("jwt.lifetime")).isEqualTo(Status.FAIL);
    assertThat(r.observed("jwt.lifetime")).startsWith("exp - iat = 48h");
    assertThat(r.status("session.lifetime")).isEqualTo(Status.FAIL);
    assertThat(r.observed("session.lifetime")).contains("lives 90d (Max-Age)");
  }

  @Test
  void aTokenWithoutExpFailsAndASessionCookieWithoutExpiryIsJudgedAsThePolicySays() {
    String forever = jwt("{\"alg\":\"RS256\"}", "{\"iat\":" + IAT + "}");
    server.stubFor(post(urlEqualTo("/auth/login")).willReturn(aResponse().withStatus(204)
        .withHeader("Set-Cookie", "access=" + forever + "; Path=/; HttpOnly")));

    JudgedFlow r = run("""
        {name: login, target: api,
            steps: [{name: sign-in, request: {method: POST, path: /auth/login, body: '{}'}}],
            session_cookie: {name: access, max_age: 1d, without_expiry: fail},
            jwt: {cookie: access, max_ttl: 24h}}""");

    assertThat(r.status("jwt.algorithm")).isEqualTo(Status.PASS);
    assertThat(r.status("jwt.lifetime")).isEqualTo(Status.FAIL);
    assertThat(r.observed("jwt.lifetime")).startsWith("no exp claim: the token never expires");
    assertThat(r.status("session.lifetime")).isEqualTo(Status.FAIL);
    assertThat(r.observed("session.lifetime")).contains("has no Max-Age or Expires");
    assertThat(r.artifact()).doesNotContain(forever);
  }

  @Test
  void aCaptureThatFindsNothingStopsTheFlowWithAnErrorNamingIt() {
    server.stubFor(post(urlEqualTo("/auth/login")).willReturn(okJson("{\"token\":\"x\"}")));
    server.stubFor(any(urlEqualTo("/me")).willReturn(okJson("{}")));

    JudgedFlow r = run(LOGIN + """
        ,
            jwt: {capture: token, max_ttl: 24h},
            expect: [{name: me-needs-auth, kind: requires_auth, request: {path: /me}}]}""");

    assertThat(r.status("flow.completed")).isEqualTo(Status.ERROR);
    assertThat(r.observed("flow.completed")).isEqualTo("flow 'login', step 'sign-in': capture"
        + " 'token' (JSON pointer /access_token) found nothing in the 200 answer");
    assertThat(r.status("jwt.lifetime")).isEqualTo(Status.ERROR);
    assertThat(r.status("request.requires_auth")).isEqualTo(Status.ERROR);
    assertThat(r.observed("request.requires_auth")).startsWith("not run: the steps did not"
        + " complete (flow 'login', step 'sign-in': capture 'token'");
    // Nothing after the failed step was sent.
    assertThat(server.findAll(anyRequestedFor(urlEqualTo("/me")))).isEmpty();
  }

  @Test
  void aServerErrorMidFlowIsAnErrorNamingTheStep() {
    loginService(TOKEN, "session=abcdef123456");
    server.stubFor(get(urlEqualTo("/me")).atPriority(0).willReturn(aResponse().withStatus(503)));

    JudgedFlow r = run(LOGIN + "}");

    assertThat(r.status("flow.completed")).isEqualTo(Status.ERROR);
    assertThat(r.observed("flow.completed"))
        .isEqualTo("flow 'login', step 'me': answered 503 (a server error)");
    assertThat(r.artifact()).contains("stopped: flow 'login', step 'me'").doesNotContain(TOKEN);
  }

  @Test
  void aServerThatHangsIsATimeoutError() {
    server.stubFor(post(urlEqualTo("/auth/login"))
        .willReturn(okJson("{}").withFixedDelay(3000)));

    JudgedFlow r = run(LOGIN + "}", Duration.ofMillis(300), null);

    assertThat(r.status("flow.completed")).isEqualTo(Status.ERROR);
    assertThat(r.observed("flow.completed"))
        .startsWith("flow 'login', step 'sign-in': no answer: timed out");
    assertThat(r.obs().steps()).hasSize(1);
  }

  @Test
  void aOneShotTokenIsRefusedOnItsSecondUse() {
    server.stubFor(get(urlEqualTo("/magic?token=" + PASSWORD)).inScenario("link")
        .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(302)
            .withHeader("Location", "/app")).willSetStateTo("used"));
    server.stubFor(get(urlEqualTo("/magic?token=" + PASSWORD)).inScenario("link")
        .whenScenarioStateIs("used").willReturn(aResponse().withStatus(410)));

    JudgedFlow r = run("""
        {name: magic, target: api, expect: [
            {name: link, kind: one_shot, request: {path: "/magic?token=${env:PW}"}}]}""");

    assertThat(r.status("token.single_use")).isEqualTo(Status.PASS);
    assertThat(r.observed("token.single_use")).isEqualTo("first use 302, second use 410");
    assertThat(r.artifact()).doesNotContain(PASSWORD);
  }

  @Test
  void aReusableOneShotTokenFails() {
    server.stubFor(get(urlPathEqualTo("/magic")).willReturn(aResponse().withStatus(200)));

    JudgedFlow r = run("""
        {name: magic, target: api, expect: [
            {name: link, kind: one_shot, request: {path: "/magic?token=${env:PW}"}}]}""");

    assertThat(r.status("token.single_use")).isEqualTo(Status.FAIL);
    assertThat(r.observed("token.single_use")).contains("the token works more than once");
  }

  private static final String ORDERS = """
      {name: orders, target: api, expect: [
          {name: create, kind: idempotent, request: {method: POST, path: /orders,
            body: '{"sku":"probe"}'}, effect: {request: {path: /orders}, json: /items}}]}""";

  /** A store whose POST creates an order each time unless {@code honoursKey}. */
  private void orderService(boolean honoursKey) {
    String s = "orders";
    server.stubFor(get(urlEqualTo("/orders")).inScenario(s).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson("{\"items\":[]}")));
    server.stubFor(post(urlEqualTo("/orders")).inScenario(s)
        .whenScenarioStateIs(Scenario.STARTED).withHeader("Idempotency-Key", equalTo("key-1"))
        .willReturn(okJson("{\"id\":1}").withStatus(201)).willSetStateTo("one"));
    server.stubFor(post(urlEqualTo("/orders")).inScenario(s).whenScenarioStateIs("one")
        .willReturn(okJson(honoursKey ? "{\"id\":1}" : "{\"id\":2}").withStatus(201))
        .willSetStateTo(honoursKey ? "one" : "two"));
    server.stubFor(get(urlEqualTo("/orders")).inScenario(s).whenScenarioStateIs("one")
        .willReturn(okJson("{\"items\":[{\"id\":1}]}")));
    server.stubFor(get(urlEqualTo("/orders")).inScenario(s).whenScenarioStateIs("two")
        .willReturn(okJson("{\"items\":[{\"id\":1},{\"id\":2}]}")));
  }

  @Test
  void anIdempotentMutationHasOneEffectAndTheSameAnswer() {
    orderService(true);

    JudgedFlow r = run(ORDERS);

    assertThat(r.status("request.idempotent")).isEqualTo(Status.PASS);
    assertThat(r.observed("request.idempotent"))
        .isEqualTo("answers 201, 201, identical bodies; count 0 → 1");
    server.verify(2, postRequestedFor(urlEqualTo("/orders"))
        .withHeader("Idempotency-Key", equalTo("key-1")));
    assertThat(r.artifact()).contains("effect count before 0, after 1");
  }

  @Test
  void aDuplicatedEffectFails() {
    orderService(false);

    JudgedFlow r = run(ORDERS);

    assertThat(r.status("request.idempotent")).isEqualTo(Status.FAIL);
    assertThat(r.observed("request.idempotent")).contains("the repeat's body differs")
        .contains("the mutation took effect 2 times (count 0 → 2)");
  }

  private static final String ORDERS_UNCOUNTED = """
      {name: orders, target: api, expect: [
          {name: create, kind: idempotent, request: {method: POST, path: /orders,
            body: '{"sku":"probe"}'}}]}""";

  /** Issue 21: a server that ignores the key and answers every POST alike passed before. */
  @Test
  void aServerThatIgnoresTheKeyAndAnswersAlikeDoesNotPass() {
    server.stubFor(post(urlEqualTo("/orders")).willReturn(okJson("{\"ok\":true}")
        .withStatus(200)));

    JudgedFlow r = run(ORDERS_UNCOUNTED);

    assertThat(r.status("request.idempotent")).isEqualTo(Status.WARN);
    assertThat(r.observed("request.idempotent")).contains("a different Idempotency-Key got the"
        + " same answer").contains("cannot be demonstrated");
    server.verify(2, postRequestedFor(urlEqualTo("/orders"))
        .withHeader("Idempotency-Key", equalTo("key-1")));
    server.verify(1, postRequestedFor(urlEqualTo("/orders"))
        .withHeader("Idempotency-Key", equalTo("key-2")));
  }

  @Test
  void aServerThatAnswersARepeatFromItsKeyPassesWithoutACount() {
    server.stubFor(post(urlEqualTo("/orders")).withHeader("Idempotency-Key", equalTo("key-1"))
        .willReturn(okJson("{\"id\":1}").withStatus(201)));
    server.stubFor(post(urlEqualTo("/orders")).withHeader("Idempotency-Key", equalTo("key-2"))
        .willReturn(okJson("{\"id\":2}").withStatus(201)));

    JudgedFlow r = run(ORDERS_UNCOUNTED);

    assertThat(r.status("request.idempotent")).isEqualTo(Status.PASS);
    assertThat(r.observed("request.idempotent")).isEqualTo("answers 201, 201, identical bodies;"
        + " a different Idempotency-Key answered 201 with a body of its own, so the repeat was"
        + " answered from the key");
  }

  private static final String PROFILE = """
      {name: profile, target: api, steps: [
            {name: form, request: {path: /settings}, capture: [{name: csrf, header: X-CSRF-Token}]}],
          expect: [{name: update, kind: csrf, request: {method: POST, path: /settings,
            headers: {X-CSRF-Token: "{{csrf}}"}, form: {name: probe}}, without_headers: [X-CSRF-Token],
            control: true}]}""";

  @Test
  void aStateChangeWithoutItsCsrfTokenIsRefused() {
    server.stubFor(get(urlEqualTo("/settings")).willReturn(aResponse().withStatus(200)
        .withHeader("X-CSRF-Token", "csrf-0123456789")));
    server.stubFor(post(urlEqualTo("/settings")).atPriority(5)
        .willReturn(aResponse().withStatus(403)));
    server.stubFor(post(urlEqualTo("/settings")).atPriority(1)
        .withHeader("X-CSRF-Token", equalTo("csrf-0123456789"))
        .withHeader("Origin", absent()).willReturn(aResponse().withStatus(204)));

    JudgedFlow r = run(PROFILE);

    assertThat(r.status("request.csrf")).isEqualTo(Status.PASS);
    assertThat(r.observed("request.csrf"))
        .isEqualTo("refused without its token (403); accepted with it (204)");
    server.verify(1, postRequestedFor(urlEqualTo("/settings"))
        .withHeader("X-CSRF-Token", absent())
        .withHeader("Origin", equalTo(FlowProbe.FOREIGN_ORIGIN))
        .withRequestBody(equalTo("name=probe")));
    assertThat(r.artifact()).doesNotContain("csrf-0123456789");
  }

  @Test
  void aStateChangeAcceptedWithoutItsTokenFails() {
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("X-CSRF-Token", "csrf-0123456789")));

    JudgedFlow r = run(PROFILE);

    assertThat(r.status("request.csrf")).isEqualTo(Status.FAIL);
    assertThat(r.observed("request.csrf")).contains("the forged request was accepted");
  }

  @Test
  void aShortPasswordMustBeRejected() {
    server.stubFor(post(urlEqualTo("/signup")).withRequestBody(containing("123456789"))
        .willReturn(aResponse().withStatus(201)));
    server.stubFor(post(urlEqualTo("/signup2")).willReturn(aResponse().withStatus(422)));

    JudgedFlow weak = run("""
        {name: signup, target: api, expect: [
            {name: nine-chars, kind: rejected, request: {method: POST, path: /signup,
              body: '{"email":"probe@acme.test","password":"123456789"}'}}]}""");
    JudgedFlow strict = run("""
        {name: signup, target: api, expect: [
            {name: nine-chars, kind: rejected, request: {method: POST, path: /signup2,
              body: '{"password":"123456789"}'}, status: [400, 422]}]}""");

    assertThat(weak.status("request.rejected")).isEqualTo(Status.FAIL);
    assertThat(weak.observed("request.rejected")).isEqualTo("answered 201: the request was"
        + " accepted");
    assertThat(strict.status("request.rejected")).isEqualTo(Status.PASS);
    assertThat(strict.finding("request.rejected").expected()).isEqualTo("refused with 400 or 422");
  }

  @Test
  void withoutOptInNothingIsSentAndEveryFindingSaysWhy() {
    loginService(TOKEN, "session=abc");

    JudgedFlow r = run(LOGIN + """
        ,
            session_cookie: {name: session, max_age: 30d},
            jwt: {capture: token, max_ttl: 24h},
            expect: [{name: me-needs-auth, kind: requires_auth, request: {path: /me}}]}""",
        Duration.ofSeconds(10), "active check: rerun with --active");

    assertThat(server.getAllServeEvents()).isEmpty();
    assertThat(announced).isEmpty();
    assertThat(r.findings()).extracting(Finding::checkId).containsExactly("flow.completed",
        "session.lifetime", "jwt.algorithm", "jwt.lifetime", "request.requires_auth");
    assertThat(r.findings()).allSatisfy(f -> {
      assertThat(f.status()).isEqualTo(Status.SKIPPED);
      assertThat(f.observed()).isEqualTo("active check: rerun with --active");
    });
  }

  @Test
  void theArtifactNamesTheFlowAndIsCitedById() {
    loginService(TOKEN, "session=abc");
    Artifact a = run(LOGIN + "}").obs().artifact(4096);
    assertThat(a.id()).isEqualTo("api/flow-login");
    assertThat(a.kind()).isEqualTo(dev.secaudit.model.ArtifactKind.Known.FLOW);
    assertThat(a.summary()).isEqualTo("flow 'login': 2 requests");
  }

  /** A clock that moves 70 seconds each time it is read. */
  private static Clock leaping() {
    return new Clock() {
      private Instant now = Instant.parse("2026-11-23T00:00:00Z");

      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        Instant t = now;
        now = now.plusSeconds(70);
        return t;
      }
    };
  }

  @Test
  void noRequestStartsAfterTheTimeCap() {
    server.stubFor(any(anyUrl()).willReturn(okJson("{}")));

    JudgedFlow r = run("""
        {name: slow, target: api, steps: [{name: one, request: {path: /1}},
            {name: two, request: {path: /2}}, {name: three, request: {path: /3}}]}""",
        Duration.ofSeconds(10), null, leaping());

    assertThat(server.getAllServeEvents()).hasSize(2);
    assertThat(r.status("flow.completed")).isEqualTo(Status.ERROR);
    assertThat(r.observed("flow.completed")).isEqualTo("flow 'slow', step 'three': not sent:"
        + " the flow's time cap of 120s passed");
  }

  @Test
  void aCapturedValueCannotChangeTheUrlsStructure() {
    server.stubFor(get(urlEqualTo("/start")).willReturn(okJson("{\"next\":\"/evil.test/x?a=1#f\"}")));
    server.stubFor(get(urlPathEqualTo("/go")).willReturn(aResponse().withStatus(204)));

    JudgedFlow r = run("""
        {name: hop, target: api, steps: [
            {name: start, request: {path: /start}, capture: [{name: next, json: /next}]},
            {name: follow, request: {path: "/{{next}}"}, expect_status: [404]},
            {name: go, request: {path: "/go?to={{next}}"}}]}""");

    // Percent-encoded: one path segment on the target, one query value; never another host.
    server.verify(1, getRequestedFor(urlEqualTo("/%2Fevil.test%2Fx%3Fa%3D1%23f")));
    server.verify(1, getRequestedFor(urlPathEqualTo("/go"))
        .withQueryParam("to", equalTo("/evil.test/x?a=1#f")));
    assertThat(r.observed("flow.completed")).isEqualTo("completed: start 200, follow 404, go 204");
  }

  @Test
  void aCapturedValueInAUrlIsSentEncodedAndMaskedInThatForm() {
    server.stubFor(get(urlEqualTo("/start"))
        .willReturn(okJson("{\"t\":\"tok en/42+x\"}")));
    server.stubFor(get(urlPathEqualTo("/use")).willReturn(aResponse().withStatus(204)));

    JudgedFlow r = run("""
        {name: enc, target: api, steps: [
            {name: start, request: {path: /start}, capture: [{name: t, json: /t}]},
            {name: use, request: {path: "/use?t={{t}}"}}]}""");

    server.verify(1, getRequestedFor(urlPathEqualTo("/use"))
        .withQueryParam("t", equalTo("tok en/42+x")));
    assertThat(r.status("flow.completed")).isEqualTo(Status.PASS);
    assertThat(r.obs().steps().get(1).exchange().url()).endsWith("/use?t=tok%20en%2F42%2Bx");
    assertThat(r.artifact())
        .contains("GET http://127.0.0.1:" + server.port() + "/use?t=" + Redactor.MASK)
        .doesNotContain("tok%20en").doesNotContain("tok en").doesNotContain("42+x");
  }
}
