package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secaudit.model.SecretForms;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password holding every character JSON escapes in more than one way (control characters
 * written {@code \u001F} or {@code \u001f}, {@code \b}, {@code \f}, a slash that PHP writes
 * {@code \/}, letters beyond ASCII, a line separator) is sent in JSON and form bodies to a
 * loopback server that echoes the body back in its answer and in its headers, in the escapes
 * real servers use. No form of it is in any file written or any line printed, nor any session
 * the rate limit's answers rotate and its burst sends back (keep_cookies).
 */
class EchoedSecretScanTest {
  static final String PW = "Pw\u001f\b\f/\"\\\t\n\r\u0001\u007f\u00a0\u00e9\u20ac\ud83d\ude00"
      + "\u2028<&>'x9";

  @TempDir Path dir;
  private HttpServer server;
  private final List<String> bodies = new ArrayList<>();
  private final AtomicInteger rl = new AtomicInteger();
  private final List<String> sessions = new ArrayList<>();
  private final List<String> sessionsSent = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::echo);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** The body back as is, and in headers as JSON-escaped (three ways), percent and base64. */
  private void echo(HttpExchange ex) throws java.io.IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    synchronized (bodies) {
      bodies.add(body);
    }
    int status = 200;
    if (ex.getRequestURI().getPath().equals("/rl")) {
      // A session rotated on every attempt, which keep_cookies sends back.
      String sid = java.util.UUID.randomUUID().toString();
      synchronized (sessions) {
        sessionsSent.add(ex.getRequestHeaders().getFirst("Cookie"));
        sessions.add(sid);
      }
      ex.getResponseHeaders().add("Set-Cookie", "rlsid=" + sid + "; Path=/; HttpOnly");
      if (rl.incrementAndGet() > 3) {
        status = 429;
        ex.getResponseHeaders().add("Retry-After", "30");
      }
    }
    var h = ex.getResponseHeaders();
    h.add("Content-Type", "application/json");
    h.add("X-Echo-Python", SecretForms.asciiJson(body, ""));
    h.add("X-Echo-Php", SecretForms.asciiJson(body, "/"));
    h.add("X-Echo-Go", SecretForms.asciiJson(body, "<>&"));
    h.add("X-Echo-Url", URLEncoder.encode(body, StandardCharsets.UTF_8));
    h.add("X-Echo-B64", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
    h.add("Set-Cookie", "echo=" + URLEncoder.encode(body, StandardCharsets.UTF_8) + "; Path=/");
    byte[] out = ("{\"got\":" + new ObjectMapper().writeValueAsString(body) + ",\"raw\":\""
        + body + "\"}").getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  @Test
  void aSecretEchoedInEveryEscapeIsWrittenNowhere() throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), """
        version: 1
        name: echoes
        targets:
          - {name: api, url: "http://127.0.0.1:%d"}
        flows:
          - name: login
            target: api
            steps:
              - name: json
                request: {method: POST, path: /login, body: '{"password": "${env:PW}"}'}
              - name: form
                request: {method: POST, path: /form, body: 'pw=${env:PW}'}
        rate_limits:
          - name: rl
            target: api
            limit: 3
            window: 30s
            keep_cookies: true
            request: {method: POST, path: /rl, headers: {Content-Type: application/json},
                      body: '{"password": "${env:PW}"}'}
        """.formatted(server.getAddress().getPort()));
    Path out = dir.resolve("out");
    Path evidence = dir.resolve("evidence");
    Cli.Result r = Cli.run(Map.of("PW", PW), null, "scan", "-p", policy.toString(), "--active",
        "-o", out.toString(), "--evidence", evidence.toString(), "--color", "never", "--debug");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1, 3);

    // The server read the password the policy gave, in both bodies.
    ObjectMapper json = new ObjectMapper();
    List<String> got;
    synchronized (bodies) {
      got = List.copyOf(bodies);
    }
    assertThat(got).anySatisfy(b -> assertThat(b).startsWith("{")
        .satisfies(j -> assertThat(json.readTree(j).get("password").asText()).isEqualTo(PW)));
    assertThat(got).anySatisfy(b -> assertThat(b).startsWith("pw=")
        .satisfies(f -> assertThat(SecretForms.formFields(f)).containsEntry("pw", PW)));
    assertThat(rl.get()).isEqualTo(4);
    // Each request of the burst after the first sent back the session the answer before set.
    List<String> issued;
    List<String> sentBack;
    synchronized (sessions) {
      issued = List.copyOf(sessions);
      sentBack = new ArrayList<>(sessionsSent);
    }
    for (int n = 1; n < sentBack.size(); n++) {
      assertThat(sentBack.get(n)).contains("rlsid=" + issued.get(n - 1));
    }

    List<Path> files;
    try (Stream<Path> all = Stream.concat(Files.walk(out), Files.walk(evidence))) {
      files = all.filter(Files::isRegularFile).toList();
    }
    assertThat(files).isNotEmpty();
    int masked = 0;
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      assertThat(SecretForms.foundIn(text, PW)).as("%s", f).isEmpty();
      for (String sid : issued) {
        assertThat(text).as("%s", f).doesNotContain(sid);
      }
      masked += text.contains(dev.secaudit.model.Redactor.MASK) ? 1 : 0;
    }
    // The echoes were recorded, and masked: the test saw them, not an empty evidence.
    assertThat(masked).isPositive();
    assertThat(SecretForms.foundIn(r.out() + r.err(), PW)).isEmpty();
    assertThat(issued).isNotEmpty().allSatisfy(sid -> assertThat(r.out() + r.err())
        .doesNotContain(sid));
  }
}
