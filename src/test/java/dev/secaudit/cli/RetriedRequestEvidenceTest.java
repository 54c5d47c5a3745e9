package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.probe.http.RawHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request that was sent twice (its pooled keep-alive connection had been closed by the server)
 * shows both attempts in the evidence an auditor reads, scan.json and the HTML report, and the
 * credentials and cookie values of the exchange stay masked there.
 */
class RetriedRequestEvidenceTest {
  private static final String TOKEN = "tok-7Qx9RetriedSecret";
  private static final String COOKIE = "ck-4Lm2RetriedCookieValue";

  @TempDir Path dir;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r);
    t.setDaemon(true);
    return t;
  });
  private ServerSocket server;

  @AfterEach
  void stop() throws IOException {
    server.close();
    pool.shutdownNow();
  }

  /**
   * "/" redirects to /next on a keep-alive connection, then reads the next request on it and
   * closes without a byte: the client's second hop certainly went out on the stale connection.
   * On a new connection /next answers with a session cookie.
   */
  private int serve() throws IOException {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    pool.submit(() -> {
      while (!server.isClosed()) {
        Socket s;
        try {
          s = server.accept();
        } catch (IOException e) {
          return;
        }
        pool.submit(() -> {
          try (s) {
            String path = RawHttp.requestPath(s);
            if (path.equals("/")) {
              RawHttp.write(s,
                  "HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n");
              RawHttp.requestPath(s);
            } else if (path.equals("/next")) {
              RawHttp.write(s, "HTTP/1.1 200 OK\r\nSet-Cookie: session=" + COOKIE
                  + "; HttpOnly\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            } else {
              RawHttp.write(s, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                  + "Connection: close\r\n\r\n");
            }
          } catch (IOException e) {
            // the client went away: nothing to answer
          }
        });
      }
    });
    return server.getLocalPort();
  }

  @Test
  void bothAttemptsAreInScanJsonAndTheHtmlEvidenceWithSecretsMasked() throws Exception {
    int port = serve();
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "version: 1\nname: retried\nsettings: {timeouts: {connect: 2s,"
        + " read: 2s, total: 5s}}\ntargets:\n  - {name: app, url: \"http://127.0.0.1:" + port
        + "/\", request_headers: {Authorization: \"Bearer ${env:APP_TOKEN}\"}}\n"
        + "headers:\n  X-Frame-Options: {required: true}\n");
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run(Map.of("APP_TOKEN", TOKEN), null, "scan", "-p", policy.toString(),
        "--color", "never", "-o", out.toString(), "--format", "json,html");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);

    JsonNode scan = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    List<JsonNode> retried = new ArrayList<>();
    scan.get("artifacts").forEach(a -> {
      if (a.get("content").asText().contains("# attempt 2: ")) {
        retried.add(a);
      }
    });
    assertThat(retried).as(scan.get("artifacts").toString()).hasSize(1);
    JsonNode a = retried.get(0);
    assertThat(a.get("summary").asText()).contains("/next → 200 (")
        .endsWith("; sent 2 times, attempt 1 failed: the server closed the connection before"
            + " sending any byte of the response)");
    String content = a.get("content").asText();
    assertThat(content).containsPattern("(?m)^# attempt 1: \\S+Z, \\d+ ms: failed: the server"
        + " closed the connection before sending any byte of the response$")
        .containsPattern("(?m)^# attempt 2: \\S+Z, \\d+ ms: 200$")
        .contains("Authorization: Bearer [REDACTED]").contains("session=[REDACTED]");

    Element shown = Jsoup.parse(out.resolve("report.html").toFile(), "UTF-8")
        .getElementById(anchorOf(out, a.get("id").asText()));
    assertThat(shown).as("the artifact's section in the HTML evidence").isNotNull();
    assertThat(shown.select("pre").text()).contains("# attempt 1: ").contains("# attempt 2: ");
    assertThat(shown.select("dd").text()).contains("sent 2 times, attempt 1 failed: the server"
        + " closed the connection before sending any byte of the response");

    for (String file : List.of("scan.json", "report.html")) {
      String text = Files.readString(out.resolve(file));
      for (String secret : List.of(TOKEN, COOKIE)) {
        assertThat(text).as(file).doesNotContain(secret)
            .doesNotContain(Base64.getEncoder().encodeToString(
                secret.getBytes(StandardCharsets.UTF_8)));
      }
    }
    assertThat(r.out() + r.err()).doesNotContain(TOKEN).doesNotContain(COOKIE);
  }

  /** The id of the HTML section that holds the artifact {@code id}. */
  private static String anchorOf(Path out, String id) throws IOException {
    return Jsoup.parse(out.resolve("report.html").toFile(), "UTF-8").select("section.artifact")
        .stream().filter(s -> s.select("h3 code").text().equals(id)).map(Element::id)
        .findFirst().orElse("");
  }
}
