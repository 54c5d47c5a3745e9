package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that answers and then breaks off (a TCP reset after the head, a broken chunk size)
 * answered: its headers are judged, as a browser applies them, and what needs the body is an
 * ERROR that says what happened, never a target called unreachable nor a pass on half a body.
 * A head whose framing is invalid is named as such, not as the timeout reading it would run into.
 */
class AnsweredThenBrokenTest {
  private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
      + "X-Content-Type-Options: nosniff\r\nSet-Cookie: sid=kept-secret-cookie-77; Secure;"
      + " HttpOnly; Path=/\r\n";

  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r);
    t.setDaemon(true);
    return t;
  });
  private final List<ServerSocket> servers = new ArrayList<>();

  interface Behaviour {
    void on(Socket s) throws IOException, InterruptedException;
  }

  @AfterEach
  void stop() throws IOException {
    for (ServerSocket s : servers) {
      s.close();
    }
    pool.shutdownNow();
  }

  /** A raw loopback server: reads each request head, then does {@code behaviour}. */
  private int serve(Behaviour behaviour) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    servers.add(server);
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
            InputStream in = s.getInputStream();
            for (int state = 0, b; state < 4 && (b = in.read()) >= 0; ) {
              state = b == '\r' || b == '\n' ? state + 1 : 0;
            }
            behaviour.on(s);
          } catch (IOException | InterruptedException e) {
            // the client went away
          }
        });
      }
    });
    return server.getLocalPort();
  }

  private static JsonNode scan(Path dir, int port) throws IOException {
    Path policy = Files.writeString(dir.resolve("p.yaml"), """
        version: 1
        name: broken
        settings: {timeouts: {connect: 2s, read: 2s, total: 4s}}
        targets:
          - {name: t, url: "http://127.0.0.1:%d/"}
        headers:
          X-Content-Type-Options: {required: true, value: nosniff}
        cookies:
          - {name: "*", secure: true, http_only: true}
        csp: {required: true}
        security_txt: {required: true}
        """.formatted(port));
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run(Map.of(), null, "scan", "-p", policy.toString(), "-o",
        out.toString(), "--color", "never");
    assertThat(r.code()).as(r.out() + r.err()).isIn(1, 3);
    assertThat(r.out() + r.err()).doesNotContain("UNREACHABLE")
        .doesNotContain("kept-secret-cookie-77");
    return new ObjectMapper().readTree(out.resolve("scan.json").toFile());
  }

  private static List<JsonNode> findings(JsonNode scan, String idPrefix) {
    List<JsonNode> out = new ArrayList<>();
    scan.get("findings").forEach(f -> {
      if (f.get("check_id").asText().startsWith(idPrefix)) {
        out.add(f);
      }
    });
    assertThat(out).as(idPrefix).isNotEmpty();
    return out;
  }

  private static void headersJudgedBodyNot(JsonNode scan, String... said) {
    assertThat(scan.get("targets").get(0).get("state").asText()).isEqualTo("EVALUATED");
    assertThat(findings(scan, "header.rule")).allMatch(f -> f.get("status").asText()
        .equals("PASS"));
    assertThat(findings(scan, "cookie.secure")).allMatch(f -> f.get("status").asText()
        .equals("PASS"));
    for (String family : List.of("csp.", "security_txt.")) {
      for (JsonNode f : findings(scan, family)) {
        assertThat(f.get("status").asText()).as(f.toString()).isEqualTo("ERROR");
        assertThat(f.get("observed").asText()).as(f.toString()).contains("cut short")
            .contains(said);
      }
    }
  }

  @Test
  void aResetAfterTheHeadKeepsTheHeadAndNamesTheReset(@TempDir Path dir) throws Exception {
    int port = serve(s -> {
      s.getOutputStream().write((HEAD + "Content-Length: 100000\r\n\r\n<html>partial")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      s.setSoLinger(true, 0);
    });
    headersJudgedBodyNot(scan(dir, port), "reset the connection (TCP RST)",
        "13 bytes of the body had arrived of the 100000");
  }

  @Test
  void aBrokenChunkSizeAfterTheHeadIsNamedAsTheBodysFraming(@TempDir Path dir)
      throws Exception {
    int port = serve(s -> {
      s.getOutputStream().write((HEAD + "Transfer-Encoding: chunked\r\n\r\n"
          + "FFFFFFFFFFFFFFFFFFFF\r\nabc").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      Thread.sleep(6_000);
    });
    headersJudgedBodyNot(scan(dir, port), "chunked body's framing is broken",
        "0 bytes of the body had arrived");
  }

  @Test
  void anInvalidFramingIsNamedAtOnceNotTimedOut(@TempDir Path dir) throws Exception {
    int port = serve(s -> {
      s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: -5\r\nContent-Length: 7\r\n"
          + "Transfer-Encoding: chunked, gzip\r\n\r\nzzzz\r\n").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      Thread.sleep(6_000);
    });
    JsonNode scan = scan(dir, port);
    assertThat(scan.get("targets").get(0).get("state").asText()).isEqualTo("EVALUATED");
    for (JsonNode f : findings(scan, "header.rule")) {
      assertThat(f.get("status").asText()).isEqualTo("ERROR");
      assertThat(f.get("observed").asText()).contains("invalid response framing")
          .contains("'Content-Length: -5' is no length").contains("differ (-5, 7)")
          .contains("Transfer-Encoding 'chunked, gzip'").doesNotContain("timed out")
          .doesNotContain("gave up");
    }
  }
}
