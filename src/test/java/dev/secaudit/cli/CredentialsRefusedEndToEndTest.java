package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target configured with a bearer token that the app refuses (an expired token): every page
 * answers 401 with the proxy's error page, which carries the hardening headers. The scan must say
 * the credentials were refused (an ERROR: exit 3, not a passed gate) and the checks that judged
 * the error page must say so, PASS going to review. A real loopback server checks the token.
 */
class CredentialsRefusedEndToEndTest {
  private static final String GOOD = "Fq2vLm9Rt4Ws8Xy1";
  private static final String EXPIRED = "Hp7kNd3Jb6Vc0Zr5";

  @TempDir Path dir;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      x.getResponseHeaders().add("X-Frame-Options", "DENY");
      x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      boolean ok = ("Bearer " + GOOD).equals(x.getRequestHeaders().getFirst("Authorization"));
      byte[] b = (ok ? "<p>dashboard</p>" : "<p>sign in</p>").getBytes(StandardCharsets.UTF_8);
      if (ok) {
        x.getResponseHeaders().add("Content-Security-Policy", "default-src 'self'");
      }
      x.sendResponseHeaders(ok ? 200 : 401, b.length);
      x.getResponseBody().write(b);
    }
  }

  private record Run(int code, String out, List<JsonNode> findings) {}

  private Run scan(String token) throws Exception {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, """
        version: 1
        name: refused
        settings: {timeouts: {connect: 2s, read: 10s, total: 30s}}
        targets:
          - name: app
            url: "http://127.0.0.1:%d"
            paths: [/, /settings]
            request_headers: {Authorization: "Bearer ${env:TOKEN}"}
        headers:
          X-Frame-Options: {required: true, value: DENY}
          Content-Security-Policy: {required: true}
        """.formatted(server.getAddress().getPort()));
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run(Map.of("TOKEN", token), null, "scan", "-p", p.toString(), "-o",
        out.toString(), "--color", "never");
    List<JsonNode> findings = new ArrayList<>();
    new ObjectMapper().readTree(out.resolve("scan.json").toFile()).get("findings")
        .forEach(findings::add);
    return new Run(r.code(), r.out() + r.err(), findings);
  }

  private static JsonNode one(Run run, String check, String subject) {
    List<JsonNode> found = run.findings().stream().filter(f -> f.get("check_id").asText()
        .equals(check) && f.get("subject").asText().equals(subject)).toList();
    assertThat(found).as("%s %s in %s", check, subject, run.findings()).hasSize(1);
    return found.get(0);
  }

  @Test
  void everyPageAnswering401ToTheTokenIsAnErrorAndItsPassesGoToReview() throws Exception {
    Run run = scan(EXPIRED);

    JsonNode refused = one(run, "target.credentials", "Authorization");
    assertThat(refused.get("status").asText()).isEqualTo("ERROR");
    assertThat(refused.get("observed").asText()).startsWith("credentials refused: every request"
        + " answered 401/403; checks judged the error page (GET http://127.0.0.1:")
        .contains("/settings 401");
    // The error page lacks a CSP, which fails the gate; a failure wins over incompleteness.
    assertThat(run.code()).as(run.out()).isEqualTo(1);

    // X-Frame-Options: DENY on the error page is no evidence of the app's: review, saying why.
    JsonNode xfo = one(run, "header.rule", "X-Frame-Options");
    assertThat(xfo.get("status").asText()).isEqualTo("WARN");
    assertThat(xfo.get("observed").asText()).startsWith("credentials refused: every request"
        + " answered 401/403; checks judged the error page: judged the 401 answer of");
    // What the error page lacks still fails, under the same words.
    JsonNode csp = one(run, "header.rule", "Content-Security-Policy on /settings");
    assertThat(csp.get("status").asText()).isEqualTo("FAIL");
    assertThat(csp.get("observed").asText()).startsWith("credentials refused:");
    assertThat(run.findings()).noneMatch(f -> f.get("status").asText().equals("PASS")
        && f.get("check_id").asText().equals("header.rule"));
  }

  @Test
  void aTokenTheAppAcceptsIsNotWarnedAbout() throws Exception {
    Run run = scan(GOOD);

    assertThat(run.findings()).noneMatch(f -> f.get("check_id").asText()
        .equals("target.credentials"));
    assertThat(one(run, "header.rule", "X-Frame-Options").get("status").asText())
        .isEqualTo("PASS");
    assertThat(run.code()).as(run.out()).isZero();
  }
}
