package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secaudit.model.SecretForms;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A login that works as Django's does: the form sets a csrftoken cookie and holds the token in
 * a hidden field, and a POST without both is answered 403 "CSRF verification failed" before the
 * password is looked at; a limiter in front counts every POST and answers the sixth with 429. A
 * burst without the token was "refused after 6 accepted ... (403×6, 429×1)": a PASS about posts
 * that never were login attempts. With setup_flow the burst carries the token and the cookie and
 * makes real attempts; the token and the cookie are written nowhere.
 */
class CsrfLoginRateLimitTest {
  private static final String PW = "wrong-Pa55word!";

  @TempDir Path dir;
  private HttpServer server;
  private final String token = HexFormat.of().formatHex(SecureRandom.getSeed(16));
  private final AtomicInteger posts = new AtomicInteger();
  /** POSTs that carried the cookie and the token and had their password checked. */
  private final AtomicInteger attempts = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> answer(ex, 200, "text/html", "<p>home</p>"));
    server.createContext("/login-form", ex -> {
      ex.getResponseHeaders().add("Set-Cookie", "csrftoken=" + token
          + "; Path=/; SameSite=Lax; Max-Age=31449600");
      answer(ex, 200, "text/html", "<form method=post action=/accounts/login/>"
          + "<input type=hidden name=csrfmiddlewaretoken value=\"" + token + "\">"
          + "<input name=username><input type=password name=password></form>");
    });
    server.createContext("/accounts/login/", this::login);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void login(HttpExchange ex) throws java.io.IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (posts.incrementAndGet() > 5) {
      // The limiter in front counts every POST, whatever the application would answer.
      ex.getResponseHeaders().add("Retry-After", "60");
      answer(ex, 429, "text/plain", "Too Many Requests");
      return;
    }
    String cookie = String.valueOf(ex.getRequestHeaders().getFirst("Cookie"));
    Map<String, String> form = body.contains("=") ? SecretForms.formFields(body) : Map.of();
    if (!cookie.contains("csrftoken=" + token)
        || !token.equals(form.get("csrfmiddlewaretoken"))) {
      answer(ex, 403, "text/html", "<h1>Forbidden <span>(403)</span></h1><p>CSRF verification"
          + " failed. Request aborted.</p>");
      return;
    }
    attempts.incrementAndGet();
    answer(ex, 200, "text/html", "<p class=errornote>Please enter a correct username and"
        + " password.</p>");
  }

  private static void answer(HttpExchange ex, int status, String type, String text)
      throws java.io.IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  private Path policy(String rateLimitExtra, String body) throws Exception {
    return Files.writeString(dir.resolve("policy.yaml"), """
        version: 1
        name: django
        targets:
          - {name: app, url: "http://127.0.0.1:%d"}
        flows:
          - name: login-form
            target: app
            steps:
              - name: form
                request: {method: GET, path: /login-form}
                capture: [{name: csrf, html: "input[name=csrfmiddlewaretoken]"}]
        rate_limits:
          - name: login
            target: app
            limit: 5
            window: 1m
            request: {method: POST, path: /accounts/login/, body: '%s'}%s
        """.formatted(server.getAddress().getPort(), body, rateLimitExtra));
  }

  private record Scan(Cli.Result result, Path out, JsonNode enforced, JsonNode window) {}

  private Scan scan(Path policy) throws Exception {
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run(Map.of("PW", PW), null, "scan", "-p", policy.toString(), "--active",
        "-o", out.toString(), "--color", "never");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1, 3);
    JsonNode enforced = null;
    JsonNode window = null;
    for (JsonNode f : new ObjectMapper().readTree(out.resolve("scan.json").toFile())
        .get("findings")) {
      if (f.get("check_id").asText().equals("ratelimit.enforced")) {
        enforced = f;
      } else if (f.get("check_id").asText().equals("ratelimit.window")) {
        window = f;
      }
    }
    return new Scan(r, out, enforced, window);
  }

  @Test
  void postsRefusedForCsrfAreNotCalledAcceptedAttempts() throws Exception {
    Scan s = scan(policy("", "username=probe&password=${env:PW}"));

    assertThat(posts.get()).isEqualTo(6);
    assertThat(attempts.get()).isZero();
    assertThat(s.enforced().get("status").asText()).isEqualTo("WARN");
    assertThat(s.enforced().get("observed").asText())
        .matches("refused after 5 answered in \\d+\\.\\d s: 429 at request 6 \\(403×5, 429×1\\);"
            + " but 403×5: refused before the attempt was made \\(the answer names CSRF\\), so"
            + " the limit was shown on requests the application turned away, not on 0"
            + " attempts; carry the form's token and cookie with setup_flow, .*")
        .doesNotContain("accepted");
    assertThat(s.window().get("status").asText()).isEqualTo("SKIPPED");
  }

  @Test
  void aLimiterThatCountsEveryRequestIsSaidSoByThePolicy() throws Exception {
    Scan s = scan(policy("\n    requests_are_attempts: true",
        "username=probe&password=${env:PW}"));

    assertThat(s.enforced().get("status").asText()).isEqualTo("PASS");
    assertThat(s.enforced().get("observed").asText()).contains("(403×5, 429×1)")
        .contains("403×5: refused before the attempt was made (the answer names CSRF), counted"
            + " as attempts (requests_are_attempts)");
  }

  @Test
  void aSetupFlowGivesTheBurstTheTokenAndTheCookieAndNeitherIsWritten() throws Exception {
    Scan s = scan(policy("\n    setup_flow: login-form",
        "csrfmiddlewaretoken={{csrf}}&username=probe&password=${env:PW}"));

    // Every POST before the limit was a real attempt: the password was checked.
    assertThat(attempts.get()).isEqualTo(5);
    assertThat(posts.get()).isEqualTo(6);
    assertThat(s.enforced().get("status").asText()).isEqualTo("PASS");
    assertThat(s.enforced().get("observed").asText())
        .matches("refused after 5 accepted in \\d+\\.\\d s: 429 at request 6 \\(200×5, 429×1\\)");
    assertThat(s.result().err()).contains("active probe: rate limit 'login'");

    List<Path> files;
    try (Stream<Path> all = Files.walk(s.out())) {
      files = all.filter(Files::isRegularFile).toList();
    }
    String evidence = "";
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      for (String secret : List.of(token, PW)) {
        assertThat(SecretForms.foundIn(text, secret)).as("%s", f).isEmpty();
      }
      evidence += text;
    }
    for (String secret : List.of(token, PW)) {
      assertThat(SecretForms.foundIn(s.result().out() + s.result().err(), secret)).isEmpty();
    }
    // The artifact names the setup, its step and what it answered.
    assertThat(evidence).contains("# setup flow 'login-form': 1 step, completed");
  }

  @Test
  void aSetupFlowThatStopsSendsNoBurstAndSaysWhy() throws Exception {
    Path p = Files.writeString(dir.resolve("policy.yaml"), Files.readString(
        policy("\n    setup_flow: login-form", "csrfmiddlewaretoken={{csrf}}&password=${env:PW}"))
        .replace("input[name=csrfmiddlewaretoken]", "input[name=authenticity_token]"));
    Scan s = scan(p);

    assertThat(posts.get()).isZero();
    assertThat(s.enforced().get("status").asText()).isEqualTo("ERROR");
    assertThat(s.enforced().get("observed").asText()).contains("the setup flow 'login-form',"
        + " step 'form': capture 'csrf' (HTML input[name=authenticity_token]) found nothing")
        .contains("no request of the burst was sent");
  }
}
