package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.secaudit.probe.tls.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case of a blind review (newuser25): on loopback, https://site/account answers 302 to
 * http://site/login, which sets a session cookie over plain HTTP. Without an {@code https:}
 * section the downgrade went unreported and the page's header rule passed under /account's label
 * on the http page's headers. Real servers: a JSSE HttpsServer and a plain HttpServer, one host.
 */
class DowngradeEndToEndTest {
  private static final String SESSION = "Zq81mWx7731pQ";
  private static final String TRACKER = "Kt55vRy4410nB";

  @TempDir Path dir;
  private HttpsServer tls;
  private HttpServer plain;
  private Path ca;

  @BeforeEach
  void start() throws Exception {
    TestPki pki = new TestPki("Downgrade Test CA", Instant.now());
    ca = dir.resolve("ca.pem");
    pki.writeRoot(ca);
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    tls = HttpsServer.create(new InetSocketAddress(loopback, 0), 16);
    tls.setHttpsConfigurator(new HttpsConfigurator(
        pki.issue(TestPki.Spec.good(Instant.now())).serverContext()));
    tls.createContext("/", this::secure);
    tls.start();
    plain = HttpServer.create(new InetSocketAddress(loopback, 0), 16);
    plain.createContext("/", this::clear);
    plain.start();
  }

  @AfterEach
  void stop() {
    tls.stop(0);
    plain.stop(0);
  }

  private void secure(HttpExchange x) throws IOException {
    try (x) {
      switch (x.getRequestURI().getPath()) {
        case "/account" -> {
          // Behind a TLS-terminating proxy, an app that thinks it is on http builds this.
          x.getResponseHeaders().add("Set-Cookie", "tracker=" + TRACKER + "; Path=/");
          x.getResponseHeaders().add("Location", "http://127.0.0.1:"
              + plain.getAddress().getPort() + "/login");
          send(x, 302, "");
        }
        case "/home" -> {
          x.getResponseHeaders().add("Location", "/welcome");
          send(x, 302, "");
        }
        default -> {
          x.getResponseHeaders().add("X-Frame-Options", "SAMEORIGIN");
          send(x, 200, "<!doctype html><p>welcome</p>");
        }
      }
    }
  }

  private void clear(HttpExchange x) throws IOException {
    try (x) {
      x.getResponseHeaders().add("Set-Cookie", "session=" + SESSION + "; Path=/; HttpOnly");
      x.getResponseHeaders().add("X-Frame-Options", "DENY");
      send(x, 200, "<!doctype html><form method=post><input type=password></form>");
    }
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      x.getResponseBody().write(b);
    }
  }

  private String base() {
    return "https://127.0.0.1:" + tls.getAddress().getPort();
  }

  private String login() {
    return "http://127.0.0.1:" + plain.getAddress().getPort() + "/login";
  }

  private Path policy(String extra) throws Exception {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, """
        version: 1
        name: downgrade
        settings: {timeouts: {connect: 2s, read: 10s, total: 30s}}
        targets:
          - {name: web, url: "%s", paths: [/account, /home]}
        tls: {certificate: {ca_file: "%s"}}
        headers:
          X-Frame-Options: {required: true, value_one_of: [DENY, SAMEORIGIN]}
        checks:
          "tls.*": {enabled: false}
        %s
        """.formatted(base(), ca, extra));
    return p;
  }

  private record Run(int code, String out, List<JsonNode> findings, String written) {}

  private Run scan(String extra, String... more) throws Exception {
    Path out = dir.resolve("out");
    List<String> args = new ArrayList<>(List.of("scan", "-p", policy(extra).toString(), "-o",
        out.toString(), "--color", "never", "--format", "json,csv,html,sarif"));
    args.addAll(List.of(more));
    Cli.Result r = Cli.run(Map.of(), null, args.toArray(String[]::new));
    List<JsonNode> findings = new ArrayList<>();
    new ObjectMapper().readTree(out.resolve("scan.json").toFile()).get("findings")
        .forEach(findings::add);
    StringBuilder written = new StringBuilder(r.out()).append(r.err());
    try (var files = Files.list(out)) {
      for (Path f : files.toList()) {
        written.append(Files.readString(f));
      }
    }
    return new Run(r.code(), r.out() + r.err(), findings, written.toString());
  }

  private static List<JsonNode> of(Run run, String check) {
    return run.findings().stream().filter(f -> f.get("check_id").asText().equals(check))
        .toList();
  }

  @Test
  void aDowngradeInAPagesRedirectFailsHighWithoutAnHttpsSection() throws Exception {
    Run run = scan("", "--fail-on", "medium");

    List<JsonNode> downgrades = of(run, "https.downgrade");
    JsonNode account = downgrades.stream()
        .filter(f -> f.get("subject").asText().equals(base() + "/account")).findFirst()
        .orElseThrow(() -> new AssertionError(downgrades));
    assertThat(account.get("status").asText()).isEqualTo("FAIL");
    assertThat(account.get("severity").asText()).isEqualTo("HIGH");
    assertThat(account.get("observed").asText())
        .startsWith("https→http downgrade: " + base() + "/account (302) → " + login())
        .contains("cookies set by an http answer, in the clear: session")
        .contains("sent in the clear on the http request: tracker");
    assertThat(account.get("observed_value").get("items")).hasSize(1);
    // The gate an auditor would expect: a HIGH failure fails --fail-on medium.
    assertThat(run.code()).as(run.out()).isEqualTo(1);

    // A redirect that stays on https is judged and passes; nothing else is said of it.
    JsonNode home = downgrades.stream()
        .filter(f -> f.get("subject").asText().equals(base() + "/home")).findFirst()
        .orElseThrow(() -> new AssertionError(downgrades));
    assertThat(home.get("status").asText()).isEqualTo("PASS");
    assertThat(downgrades).hasSize(2);

    // Cookie names only: no value of either cookie reaches any file or the console.
    assertThat(run.written()).doesNotContain(SESSION).doesNotContain(TRACKER);
  }

  @Test
  void theHeaderRuleOfADowngradedPageNamesTheAnswerItJudgedAndTheChain() throws Exception {
    Run run = scan("");

    JsonNode rule = of(run, "header.rule").stream()
        .filter(f -> f.get("subject").asText().equals("X-Frame-Options")).findFirst()
        .orElseThrow();
    assertThat(rule.get("observed").asText()).isEqualTo("judged the 200 answer of " + login()
        + ", reached by " + base() + "/account (302) → " + login() + ": 'DENY'");
    JsonNode home = of(run, "header.rule").stream()
        .filter(f -> f.get("subject").asText().equals("X-Frame-Options on /home")).findFirst()
        .orElseThrow();
    assertThat(home.get("observed").asText()).isEqualTo("judged the 200 answer of " + base()
        + "/welcome, reached by " + base() + "/home (302) → " + base() + "/welcome: 'SAMEORIGIN'");
  }

  @Test
  void withAnHttpsSectionTheChainNoLongerReportsTheDowngradeAsALowProblem() throws Exception {
    Run run = scan("https: {redirect: false}");

    assertThat(of(run, "https.redirect_chain")).isNotEmpty().allSatisfy(f ->
        assertThat(f.get("observed").asText()).doesNotContain("downgrade"));
    assertThat(of(run, "https.downgrade")).extracting(f -> f.get("status").asText())
        .containsExactlyInAnyOrder("FAIL", "PASS");
  }
}
