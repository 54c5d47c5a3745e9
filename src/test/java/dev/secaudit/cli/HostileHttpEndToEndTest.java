package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw servers whose answers break the response-head limits, scanned: each target's ERROR
 * findings name what its server did, and the report carries no byte of the flooded values.
 */
class HostileHttpEndToEndTest {
  /** What a raw server writes on one connection, given the request head it read there. */
  interface Answering {
    void answer(String requestHead, OutputStream out) throws IOException;
  }

  /** A raw loopback server answering one request a connection, then closing it. */
  static ServerSocket serving(String name, Answering answering) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          InputStream in = s.getInputStream();
          StringBuilder head = new StringBuilder();
          for (int state = 0, b; state < 4 && (b = in.read()) >= 0; ) {
            head.append((char) b);
            state = b == '\r' || b == '\n' ? state + 1 : 0;
          }
          OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
          answering.answer(head.toString(), out);
          out.flush();
        } catch (IOException e) {
          // the client gave up (on a flood, or on a connection it no longer wanted)
        }
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return server;
  }

  /** Answers every request with {@code head}, then {@code line} {@code times} times. */
  static ServerSocket flooding(String head, String line, int times) throws IOException {
    return serving("flooding-server", (request, out) -> {
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      byte[] b = line.getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < times; i++) {
        out.write(b);
      }
    });
  }

  @Test
  void floodedAnswersAreErrorsThatNameTheFlood(@TempDir Path dir) throws Exception {
    try (ServerSocket status = flooding("HTTP/1.1 200 ", "OKOKOKOKOK", 100_000);
        ServerSocket headers = flooding("HTTP/1.1 200 OK\r\n", "X-Filler: "
            + "a".repeat(40) + "\r\n", 20_000);
        ServerSocket cookies = flooding("HTTP/1.1 200 OK\r\n",
            "Set-Cookie: sid=flooded-cookie-value; Path=/\r\n", 20_000)) {
      Path policy = dir.resolve("p.yaml");
      Files.writeString(policy, "version: 1\nname: floods\nsettings: {timeouts: {connect: 2s,"
          + " read: 2s, total: 5s}}\ntargets:\n"
          + "  - {name: status, url: \"http://127.0.0.1:" + status.getLocalPort() + "/\"}\n"
          + "  - {name: headers, url: \"http://127.0.0.1:" + headers.getLocalPort() + "/\"}\n"
          + "  - {name: cookies, url: \"http://127.0.0.1:" + cookies.getLocalPort() + "/\"}\n"
          + "headers:\n  X-Content-Type-Options: {required: true}\n");
      Path out = dir.resolve("out");
      Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f",
          "json,csv", "--color", "never", "-q");
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
      JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
      List<String> errors = new ArrayList<>();
      json.get("findings").forEach(f -> {
        if (f.get("status").asText().equals("ERROR")) {
          errors.add(f.get("target").asText() + ": " + f.get("observed").asText());
        }
      });
      assertThat(errors).anyMatch(e -> e.startsWith("status: ")
          && e.contains("status line too long: no line end within 256 KiB"));
      assertThat(errors).anyMatch(e -> e.startsWith("headers: ")
          && e.contains("response headers over 256 KiB (the cap was hit inside a X-Filler"));
      assertThat(errors).anyMatch(e -> e.startsWith("cookies: ")
          && e.contains("Set-Cookie header: a cookie flood"));
      assertThat(errors).noneMatch(e -> e.contains("unexpected end of stream"));
      assertThat(Files.readString(out.resolve("scan.json")) + Files.readString(
          out.resolve("findings.csv"))).doesNotContain("flooded-cookie-value");
    }
  }

  /**
   * Answers "/" with a 302 to /next on a keep-alive connection it then closes, /next with a 200
   * carrying X-Frame-Options; with {@code loop}, /next redirects back to "/" instead.
   */
  static ServerSocket redirectingThenClosing(boolean loop) throws IOException {
    return serving("redirecting-server", (request, out) -> {
      boolean home = request.startsWith("GET / ");
      String answer = home || loop
          ? "HTTP/1.1 302 Found\r\nLocation: " + (home ? "/next" : "/")
              + "\r\nContent-Length: 0\r\n\r\n"
          : "HTTP/1.1 200 OK\r\nX-Frame-Options: DENY\r\nContent-Length: 2\r\n\r\nok";
      out.write(answer.getBytes(StandardCharsets.US_ASCII));
    });
  }

  /** Found by a user: a false ERROR and exit 3 for a server that closes an idle connection. */
  @Test
  void aServerClosingItsKeepAliveConnectionAfterARedirectPasses(@TempDir Path dir)
      throws Exception {
    try (ServerSocket site = redirectingThenClosing(false);
        ServerSocket looping = redirectingThenClosing(true)) {
      Path policy = dir.resolve("p.yaml");
      Files.writeString(policy, "version: 1\nname: closes\nsettings: {timeouts: {connect: 2s,"
          + " read: 2s, total: 5s}}\ntargets:\n"
          + "  - {name: site, url: \"http://127.0.0.1:" + site.getLocalPort() + "/\"}\n"
          + "  - {name: loop, url: \"http://127.0.0.1:" + looping.getLocalPort() + "/\"}\n"
          + "headers:\n  X-Frame-Options: {required: true}\n");
      Path out = dir.resolve("out");
      Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f",
          "json", "--color", "never", "-q");
      // The loop's last 302 is judged (and named) as every header check judges it: a FAIL.
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.FAILED.code);
      JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
      List<String> findings = new ArrayList<>();
      json.get("findings").forEach(f -> findings.add(f.get("target").asText() + " "
          + f.get("check_id").asText() + " " + f.get("status").asText() + ": "
          + f.get("observed").asText()));
      String start = "http://127.0.0.1:" + site.getLocalPort() + "/";
      assertThat(findings).contains("site header.rule PASS: judged the 200 answer of " + start
          + "next, reached by " + start + " (302) → " + start + "next: 'DENY'");
      String home = "http://127.0.0.1:" + looping.getLocalPort() + "/";
      assertThat(findings).contains("loop header.rule FAIL: judged the 302 answer of " + home
          + "next (redirect loop): missing");
    }
  }
}
