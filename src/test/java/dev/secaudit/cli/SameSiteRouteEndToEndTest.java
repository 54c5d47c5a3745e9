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
 * One cookie set in two variants on two routes (newuser25): the app's home sets sid with
 * SameSite=Lax, its account page sets it again without SameSite. cookie.same_site fails, and the
 * finding must name, as a value, the route whose variant failed, not leave it to the evidence.
 */
class SameSiteRouteEndToEndTest {
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
      String sameSite = x.getRequestURI().getPath().equals("/account") ? "" : "; SameSite=Lax";
      x.getResponseHeaders().add("Set-Cookie", "sid=Yt6Pq2Lm8Nv4; Path=/; HttpOnly" + sameSite);
      byte[] b = "<p>hi</p>".getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
    }
  }

  @Test
  void theFailingVariantIsNamedByItsRouteAsAValue() throws Exception {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, """
        version: 1
        name: routes
        settings: {timeouts: {connect: 2s, read: 10s, total: 30s}}
        targets:
          - {name: app, url: "%s", paths: [/, /account]}
        cookies:
          - {name: sid, same_site: Lax}
        """.formatted(base));
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("scan", "-p", p.toString(), "-o", out.toString(), "--color", "never");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    List<JsonNode> same = new ArrayList<>();
    new ObjectMapper().readTree(out.resolve("scan.json").toFile()).get("findings").forEach(f -> {
      if (f.get("check_id").asText().equals("cookie.same_site")) {
        same.add(f);
      }
    });
    assertThat(same).hasSize(1);
    JsonNode f = same.get(0);
    assertThat(f.get("status").asText()).isEqualTo("FAIL");
    // The sentence names each variant with its answer, the failing one first...
    assertThat(f.get("observed").asText()).startsWith("2 different Set-Cookie headers: (1) on GET "
        + base + "/account: SameSite missing");
    // ...and so does the value: one Set-Cookie per route, the failing one with its URL.
    JsonNode items = f.get("observed_value").get("items");
    assertThat(items).hasSize(2);
    List<String> failing = new ArrayList<>();
    items.forEach(v -> {
      assertThat(v.get("kind").asText()).isEqualTo("cookie");
      if (v.get("same_site").isNull()) {
        failing.add(v.get("url").asText());
      }
    });
    assertThat(failing).containsExactly(base + "/account");
  }
}
