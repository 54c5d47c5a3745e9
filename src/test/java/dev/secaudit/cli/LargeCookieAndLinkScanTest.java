package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secaudit.model.Redactor;
import dev.secaudit.model.SecretForms;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two things a real app's review (realapp26) met on a loopback site: a session cookie of
 * 10,240 characters (a large JWT or SAML session) ended the scan with exit 70 and printed a
 * regular expression that spelled its value out byte by byte; and a reset flow whose mailbox
 * answer held the link beside the captured token masked the site's own address in every report.
 */
class LargeCookieAndLinkScanTest {
  @TempDir Path dir;
  private HttpServer server;
  private String cookie;
  private String token;

  @BeforeEach
  void start() throws Exception {
    Random random = new Random(26);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < 10_240; i++) {
      value.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    cookie = value.toString();
    token = "rst" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(HttpExchange ex) throws java.io.IOException {
    ex.getRequestBody().readAllBytes();
    String path = ex.getRequestURI().getPath();
    String body;
    if (path.equals("/_test/mailbox")) {
      ex.getResponseHeaders().add("Content-Type", "application/json");
      body = "{\"token\": \"" + token + "\", \"expires_in\": 3600, \"reset_url\": \"" + base()
          + "/reset?token=" + token + "\"}";
    } else {
      ex.getResponseHeaders().add("Content-Type", "text/html");
      ex.getResponseHeaders().add("Set-Cookie", "sid=" + cookie + "; Path=/; HttpOnly");
      body = "<html><body>reports</body></html>";
    }
    byte[] out = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  @Test
  void aTenKilobyteSessionCookieIsJudgedAndWrittenNowhere() throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), """
        version: 1
        name: big-cookie
        targets:
          - {name: app, url: "%s/", paths: [/, /reports/]}
        cookies:
          - {name: sid, http_only: true}
        """.formatted(base()));
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run(Map.of(), null, "scan", "-p", policy.toString(), "-o", out.toString(),
        "--color", "never");
    assertThat(r.code()).as(r.err()).isIn(0, 1);
    JsonNode scan = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    assertThat(scan.get("findings").findValuesAsText("check_id")).contains("cookie.http_only");
    for (Path f : written(out)) {
      String text = Files.readString(f);
      assertThat(SecretForms.foundIn(text, cookie)).as("%s", f).isEmpty();
      assertThat(text).as("%s", f).doesNotContain(cookie.substring(5_000, 5_016));
    }
    assertThat(SecretForms.foundIn(r.out() + r.err(), cookie)).isEmpty();
  }

  @Test
  void aResetLinkBesideItsTokenLeavesTheSitesAddressInEvidence() throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), """
        version: 1
        name: reset-link
        targets:
          - {name: app, url: "%s/", paths: [/, /reports/]}
        headers:
          X-Content-Type-Options: {required: true, value: nosniff}
        flows:
          - name: reset
            target: app
            steps:
              - name: mailbox
                request: {path: /_test/mailbox}
                capture: [{name: reset, json: /token}]
        """.formatted(base()));
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run(Map.of(), null, "scan", "-p", policy.toString(), "-o", out.toString(),
        "--color", "never", "--active");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1, 3);
    JsonNode scan = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    assertThat(scan.get("targets").get(0).get("url").asText()).isEqualTo(base() + "/");
    String all = String.join("\n", written(out).stream().map(f -> {
      try {
        return Files.readString(f);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList());
    // The site's address and its /reports/ page are evidence; the token is not.
    assertThat(all).contains(base() + "/reports/").doesNotContain("[REDACTED]ports")
        .doesNotContain(token);
    assertThat(r.out()).contains(base()).doesNotContain(token);
    assertThat(all).doesNotContain("http://" + Redactor.MASK);
  }

  private static List<Path> written(Path out) throws java.io.IOException {
    try (Stream<Path> all = Files.walk(out)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }
}
