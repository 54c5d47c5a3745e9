package dev.secaudit.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.probe.tls.RecordingTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that hangs, drips, floods, lies or resets gets a bounded answer: an error observation
 * or a capped body, within the configured timeouts, never a hang or an exception.
 */
class HostileServerTest {
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r);
    t.setDaemon(true);
    return t;
  });
  private ServerSocket server;

  private final HttpProbe probe = new HttpProbe(
      new HttpProbe.Limits(Duration.ofSeconds(2), Duration.ofMillis(700), Duration.ofSeconds(2),
          64 * 1024),
      RecordingTrustManager.forKeyStore(null), 
      Clock.systemUTC(), "secaudit-test");

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    pool.shutdownNow();
  }

  /** A raw TCP server on loopback that hands each connection to {@code behaviour}. */
  private String serve(Consumer<Socket> behaviour) throws IOException {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    pool.submit(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          pool.submit(() -> behaviour.accept(s));
        } catch (IOException e) {
          return;
        }
      }
    });
    return "http://127.0.0.1:" + server.getLocalPort() + "/";
  }

  private static void readRequest(Socket s) throws IOException {
    RawHttp.readRequest(s);
  }

  private static void quietly(Socket s, IoAction a) {
    try (s) {
      a.run(s);
    } catch (IOException | InterruptedException e) {
      // The client went away: that is what these tests provoke.
    }
  }

  interface IoAction {
    void run(Socket s) throws IOException, InterruptedException;
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      Thread.sleep(10_000);
    }));
    long t0 = System.nanoTime();
    HttpExchange ex = probe.exchange("t/hang", "GET", url, Map.of());
    assertThat(ex.failed()).isTrue();
    assertThat(ex.error()).containsAnyOf("timed out", "timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aServerThatDripsForeverHitsTheTotalTimeout() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      OutputStream out = sock.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 1000; i++) {
        out.write('x');
        out.flush();
        Thread.sleep(300);
      }
    }));
    long t0 = System.nanoTime();
    HttpExchange ex = probe.exchange("t/drip", "GET", url, Map.of());
    // The head arrived whole: the answer is recorded, its body said to be cut short by the
    // total timeout, which held (2 s, not the read timeout a drip never trips).
    assertThat(ex.failed()).isFalse();
    assertThat(ex.status()).isEqualTo(200);
    assertThat(ex.cutShort()).startsWith("secaudit gave up at its total request timeout of 2 s"
        + " (settings.timeouts.total), after 2.").contains("bytes of the body had arrived of"
        + " the 100000 its Content-Length announced");
    assertThat(ex.bodyUnjudged()).startsWith("the body was cut short: ");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2_500));
  }

  /**
   * A head dripped a byte at a time (slowloris) or a header line at a time never trips the read
   * timeout: the total does, on time (a hostile review saw a 10 s total give up after 13.4 s),
   * and the error says it was secaudit's timeout, how long it took, and what had arrived.
   */
  @Test
  void aDrippedHeadEndsAtTheTotalTimeoutAndSaysWhatArrived() throws IOException {
    for (String unit : java.util.List.of("s", "X-Drip: v\r\n")) {
      String url = serve(s -> quietly(s, sock -> {
        readRequest(sock);
        OutputStream out = sock.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(unit.equals("s") ? "X-Slow: ".getBytes(StandardCharsets.US_ASCII) : new byte[0]);
        for (int i = 0; i < 1000; i++) {
          out.write(unit.getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(100);
        }
      }));
      HttpProbe fresh = new HttpProbe(new HttpProbe.Limits(Duration.ofSeconds(2),
          Duration.ofMillis(700), Duration.ofSeconds(2), 64 * 1024),
          RecordingTrustManager.forKeyStore(null), Clock.systemUTC(), "secaudit-test");
      long t0 = System.nanoTime();
      HttpExchange ex = fresh.exchange("t/slow", "GET", url, Map.of());
      long took = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ex.failed()).isTrue();
      assertThat(took).isBetween(1_900L, 2_500L);
      assertThat(ex.millis()).isBetween(1_900L, 2_500L);
      assertThat(ex.error()).matches("secaudit gave up at its total request timeout of 2 s"
          + " \\(settings.timeouts.total\\), after 2\\.[0-9] s: [0-9]+ bytes had arrived, not"
          + " yet a complete response head")
          .doesNotContain("server closed");
      server.close();
    }
  }

  /** Interim responses without end are named as such, not only as time running out. */
  @Test
  void anEndlessRunOfInterimResponsesIsNamed() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      OutputStream out = sock.getOutputStream();
      for (int i = 0; i < 10_000; i++) {
        out.write("HTTP/1.1 100 Continue\r\nX-A: b\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(10);
      }
    }));
    HttpExchange ex = probe.exchange("t/continue", "GET", url, Map.of());
    assertThat(ex.failed()).isTrue();
    assertThat(ex.error()).matches("the server sent only interim 1xx responses \\(([0-9]+)"
        + " status lines such as '100 Continue', [0-9]+ bytes\\) and no final answer; secaudit"
        + " gave up at its total request timeout of 2 s \\(settings.timeouts.total\\), after"
        + " 2\\.[0-9] s");
    int lines = Integer.parseInt(ex.error().replaceAll(".*\\(([0-9]+) status lines.*", "$1"));
    assertThat(lines).isGreaterThan(20);
  }

  @Test
  void aHugeBodyIsCappedAndHashedAsRead() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      OutputStream out = sock.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'a');
      for (int i = 0; i < 200; i++) {
        out.write(chunk);
      }
    }));
    HttpExchange ex = probe.exchange("t/huge", "GET", url, Map.of());
    assertThat(ex.failed()).isFalse();
    assertThat(ex.truncated()).isTrue();
    assertThat(ex.bodyBytes()).isEqualTo(64 * 1024);
    assertThat(ex.transcript(4096)).contains("cut at the size cap").hasSizeLessThan(8 * 1024);
  }

  @Test
  void garbageAndResetsBecomeErrors() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      sock.getOutputStream().write("\u0016\u0003\u0001garbage that is not HTTP\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
    }));
    HttpExchange garbage = probe.exchange("t/garbage", "GET", url, Map.of());
    assertThat(garbage.failed()).isTrue();
    server.close();

    String reset = serve(s -> quietly(s, sock -> {
      sock.setSoLinger(true, 0);
      readRequest(sock);
    }));
    HttpExchange r = probe.exchange("t/reset", "GET", reset, Map.of());
    assertThat(r.failed()).isTrue();
    assertThat(r.error()).isNotBlank();
  }

  /** What the server did is named, not the Java exception that noticed it. */
  @Test
  void aResetAfterTheHeadersAndABrokenChunkSizeAreNamedAsWhatTheServerDid() throws IOException {
    String reset = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      sock.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"
          + "x".repeat(10)).getBytes(StandardCharsets.ISO_8859_1));
      sock.getOutputStream().flush();
      sock.setSoLinger(true, 0);
    }));
    HttpExchange r = probe.exchange("t/reset-after-head", "GET", reset, Map.of());
    assertThat(r.failed()).isFalse();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.cutShort()).isEqualTo("the server reset the connection (TCP RST) after the"
        + " response head: 10 bytes of the body had arrived of the 100000 its Content-Length"
        + " announced");
    assertThat(r.transcript(4096)).contains("HTTP/1.1 200").contains("cut short: the server"
        + " reset the connection");
    server.close();

    String chunk = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      sock.getOutputStream().write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "ffffffffffffffffF\r\nx\r\n").getBytes(StandardCharsets.ISO_8859_1));
      sock.getOutputStream().flush();
    }));
    HttpExchange c = probe.exchange("t/bad-chunk", "GET", chunk, Map.of());
    assertThat(c.status()).isEqualTo(200);
    assertThat(c.cutShort()).startsWith("the chunked body's framing is broken (")
        .endsWith("): 0 bytes of the body had arrived").doesNotContain("Exception");
  }

  @Test
  void randomBytesAreCountedAndATextBannerIsQuotedShort() throws IOException {
    byte[] noise = new byte[412];
    new java.util.Random(7).nextBytes(noise);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = noise[i] == '\n' || noise[i] == '\r' ? (byte) 0x9c : noise[i];
    }
    String url = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      sock.getOutputStream().write(noise);
      sock.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }));
    HttpExchange binary = probe.exchange("t/noise", "GET", url, Map.of());
    assertThat(binary.failed()).isTrue();
    assertThat(binary.error()).startsWith("not HTTP: the answer began with ")
        .contains("characters of binary data").hasSizeLessThan(120);
    // The bytes themselves stay in the exchange's artifact, escaped, and only there.
    assertThat(binary.transcript(4096)).contains("# received instead").contains("\\x");
    server.close();

    String banner = "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5 " + "x".repeat(200);
    String ssh = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      sock.getOutputStream().write((banner + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }));
    HttpExchange text = probe.exchange("t/ssh", "GET", ssh, Map.of());
    assertThat(text.error()).startsWith("not HTTP: the answer began with 'SSH-2.0-OpenSSH_9.6p1")
        .contains("(" + banner.length() + " characters)").doesNotContain("x".repeat(100));
  }

  @Test
  void secretsAndCookieValuesAreJudgedAsReceivedAndNeverWritten() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      sock.getOutputStream().write(("HTTP/1.1 200 OK\r\nSet-Cookie: sid=abc123value; Secure\r\n"
          + "X-Echo: token hunter2-secret\r\nContent-Length: 20\r\n\r\nbody hunter2-secret!")
          .getBytes(StandardCharsets.US_ASCII));
    }));
    HttpExchange ex = probe.exchange("t/secret", "GET", url,
        Map.of("Authorization", "Bearer hunter2-secret", "Cookie", "sid=abc123value"));
    assertThat(ex.header("Set-Cookie")).isEqualTo("sid=abc123value; Secure");
    assertThat(ex.body()).isEqualTo("body hunter2-secret!");
    String written = new dev.secaudit.model.Redactor(Set.of("hunter2-secret")).with(ex.secrets())
        .text(ex.transcript(4096));
    assertThat(written).doesNotContain("hunter2-secret").doesNotContain("abc123value")
        .contains("Set-Cookie: sid=[REDACTED]; Secure").contains("Authorization: Bearer [REDACTED]")
        .contains("X-Echo: token [REDACTED]").contains("body [REDACTED]!");
  }

  @Test
  void redirectsToForeignHostsAreRecordedButNotFollowed() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      sock.getOutputStream().write(("HTTP/1.1 302 Found\r\nLocation: https://evil.example/\r\n"
          + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }));
    HttpFetch f = probe.fetch("t/redir", url, Map.of(), 5, Set.of("127.0.0.1"));
    assertThat(f.hops()).hasSize(1);
    assertThat(f.stop()).startsWith("foreign host evil.example");
  }

  @Test
  void requestHeadersNeverLeaveTheTargetOrigin() throws IOException {
    java.util.List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    String url = serve(s -> quietly(s, sock -> {
      StringBuilder req = new StringBuilder();
      InputStream in = sock.getInputStream();
      int state = 0;
      while (state < 4) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        req.append((char) b);
        state = (b == '\r' || b == '\n') ? state + 1 : 0;
      }
      seen.add(req.toString());
      String path = req.toString().split(" ")[1];
      String answer = path.equals("/")
          // Same host, other port: a different origin.
          ? "HTTP/1.1 302 Found\r\nLocation: http://localhost:" + server.getLocalPort()
              + "/elsewhere\r\nContent-Length: 0\r\n\r\n"
          : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
      sock.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
    }));
    HttpFetch f = probe.fetch("t/creds", url, Map.of("Authorization", "Bearer hunter2-secret"), 3,
        Set.of("127.0.0.1", "localhost"));
    assertThat(f.hops()).hasSize(2);
    assertThat(seen.get(0)).contains("Authorization: Bearer hunter2-secret");
    assertThat(seen.get(1)).doesNotContain("Authorization");
  }

  @Test
  void aLocationWithACommaIsFollowedWhole() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      sock.getOutputStream().write(("HTTP/1.1 302 Found\r\nLocation: /products/red,blue\r\n"
          + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }));
    HttpFetch f = probe.fetch("t/comma", url, Map.of(), 1, Set.of("127.0.0.1"));
    assertThat(f.hops()).hasSize(2);
    assertThat(f.hops().get(1).url()).endsWith("/products/red,blue");
  }

  @Test
  void controlCharactersAreKeptForChecksAndWrittenAsVisibleEscapes() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      sock.getOutputStream().write(("HTTP/1.1 200 OK\r\nServer: x\u001b]0;PWNED\u0007\u001b[2J"
          + "\r\nContent-Length: 10\r\n\r\nok\u001b[31mred").getBytes(StandardCharsets.ISO_8859_1));
    }));
    HttpExchange ex = probe.exchange("t/ctl", "GET", url, Map.of());
    assertThat(ex.header("Server")).isEqualTo("x\u001b]0;PWNED\u0007\u001b[2J");
    assertThat(ex.transcript(4096)).doesNotContain("\u001b")
        .contains("Server: x\\x1b]0;PWNED\\x07\\x1b[2J").contains("ok\\x1b[31mred");
  }

  @Test
  void smuggledCookieValuesAreMaskedToo() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      sock.getOutputStream().write(("HTTP/1.1 200 OK\r\n"
          + "Set-Cookie: tok=v1; Secure; Max-Age=60, other=secretvalue2; Path=/\r\n"
          + "Set-Cookie: sid=\"abc;topsecretpart\"; HttpOnly\r\n"
          + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }));
    String record = probe.exchange("t/smuggle", "GET", url, Map.of()).transcript(4096);
    assertThat(record).doesNotContain("secretvalue2").doesNotContain("topsecretpart")
        .doesNotContain("v1").contains("Set-Cookie: tok=[REDACTED]; Secure; Max-Age=[REDACTED]")
        .contains("; HttpOnly");
  }

  /** Writes {@code head}, then {@code line} {@code times} times, then {@code tail}. */
  private String flood(String head, String line, int times, String tail) throws IOException {
    return serve(s -> quietly(s, sock -> {
      readRequest(sock);
      OutputStream out = new java.io.BufferedOutputStream(sock.getOutputStream(), 64 * 1024);
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      byte[] b = line.getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < times; i++) {
        out.write(b);
      }
      out.write(tail.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }));
  }

  @Test
  void aHeaderFloodIsNamed() throws IOException {
    HttpExchange ex = probe.exchange("t/headers", "GET", flood("HTTP/1.1 200 OK\r\n",
        "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", 200_000, ""), Map.of());
    assertThat(ex.failed()).isTrue();
    assertThat(ex.error()).isEqualTo("response headers over 256 KiB (the cap was hit inside a"
        + " X-Filler header)");
  }

  @Test
  void anEndlessCookieFloodIsNamedWithoutItsValues() throws IOException {
    HttpExchange ex = probe.exchange("t/cookies", "GET", flood("HTTP/1.1 200 OK\r\n",
        "Set-Cookie: c=hunter2-secret; Path=/\r\n", 200_000, ""), Map.of());
    assertThat(ex.failed()).isTrue();
    assertThat(ex.error()).isEqualTo("response headers over 256 KiB (the cap was hit inside a"
        + " Set-Cookie header: a cookie flood)");
    assertThat(ex.transcript(1 << 16)).doesNotContain("hunter2");
  }

  @Test
  void manySetCookieHeadersWithinTheByteCapAreAFloodToo() throws IOException {
    HttpExchange ex = probe.exchange("t/cookies", "GET", flood("HTTP/1.1 200 OK\r\n",
        "Set-Cookie: c=v\r\n", 5000, "Content-Length: 0\r\n\r\n"), Map.of());
    assertThat(ex.failed()).isTrue();
    assertThat(ex.error()).isEqualTo("more than 180 Set-Cookie headers (5000 in one response):"
        + " a cookie flood, the response is not judged");
  }

  /** Found trying it as a user: 30 bytes and a close were named a 256 KiB header flood. */
  @Test
  void aHeadCutShortIsNamedAsSuchNotAsAFlood() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      readRequest(sock);
      sock.getOutputStream().write("HTTP/1.1 200 OK\r\nX-A: b\r\nX-Par"
          .getBytes(StandardCharsets.ISO_8859_1));
      sock.close();
    }));
    HttpExchange ex = probe.exchange("t/cut", "GET", url, Map.of());
    assertThat(ex.failed()).isTrue();
    assertThat(ex.error()).isEqualTo("the server closed the connection in the middle of the"
        + " response head");
  }

  @Test
  void aMegabyteStatusLineIsNamed() throws IOException {
    HttpExchange ex = probe.exchange("t/status", "GET",
        flood("HTTP/1.1 200 ", "OKOKOKOKOK", 100_000, "\r\n\r\n"), Map.of());
    assertThat(ex.failed()).isTrue();
    assertThat(ex.error()).isEqualTo("status line too long: no line end within 256 KiB");
  }

  private static String requestPath(Socket s) throws IOException {
    return RawHttp.requestPath(s);
  }

  private static void write(Socket s, String response) throws IOException {
    RawHttp.write(s, response);
  }

  /**
   * Found by a user: a 302 without "Connection: close" and then a close. The client pools the
   * connection, sends the next hop on it, and the server has gone: sent again once on a new
   * connection, as browsers and curl do.
   */
  @Test
  void aKeepAliveConnectionClosedAfterARedirectIsRetriedOnANewOne() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      if (requestPath(sock).equals("/")) {
        write(sock, "HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      write(sock, "HTTP/1.1 200 OK\r\nX-Frame-Options: DENY\r\nContent-Length: 2\r\n\r\nok");
    }));
    HttpFetch fetch = probe.fetch("t/page", url, Map.of(), 5, Set.of("127.0.0.1"));
    assertThat(fetch.noPage()).isNull();
    assertThat(fetch.stop()).isEqualTo("final");
    assertThat(fetch.hops()).hasSize(2);
    assertThat(fetch.last().status()).isEqualTo(200);
    assertThat(fetch.last().header("X-Frame-Options")).isEqualTo("DENY");
  }

  /**
   * The retry is on the record: the hop that went out on the closed connection and the one that
   * got the answer, each with its time and outcome, in the exchange and its transcript. The
   * server reads the second request on the first connection before closing it, so the stale
   * connection is certain rather than a race with the client's pool.
   */
  @Test
  void aRetriedRequestRecordsEveryAttempt() throws IOException {
    java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();
    String url = serve(s -> quietly(s, sock -> {
      connections.incrementAndGet();
      if (requestPath(sock).equals("/")) {
        write(sock, "HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n");
        requestPath(sock);
        return;
      }
      write(sock, "HTTP/1.1 200 OK\r\nSet-Cookie: session=s3cr3t-cookie-value; HttpOnly\r\n"
          + "Content-Length: 2\r\n\r\nok");
    }));
    HttpFetch fetch = probe.fetch("t/page", url, Map.of("Authorization", "Bearer t0ken-value"),
        5, Set.of("127.0.0.1"));
    assertThat(connections).hasValue(2);
    assertThat(fetch.hops().get(0).attempts()).isEmpty();
    HttpExchange next = fetch.last();
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.attempts()).hasSize(2);
    HttpExchange.Attempt first = next.attempts().get(0);
    HttpExchange.Attempt second = next.attempts().get(1);
    assertThat(first.status()).isZero();
    assertThat(first.error()).isEqualTo("the server closed the connection before sending any"
        + " byte of the response");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.error()).isNull();
    assertThat(second.started()).isAfterOrEqualTo(first.started());
    assertThat(first.millis() + second.millis()).isLessThanOrEqualTo(next.millis());
    assertThat(next.summary()).endsWith("→ 200 (" + next.millis() + " ms; sent 2 times,"
        + " attempt 1 failed: the server closed the connection before sending any byte of the"
        + " response)");
    assertThat(next.transcript(4096)).contains("# sent 2 times")
        .contains("# attempt 1: " + first.started() + ", " + first.millis() + " ms: failed: the"
            + " server closed the connection before sending any byte of the response\n")
        .contains("# attempt 2: " + second.started() + ", " + second.millis() + " ms: 200\n");
    // The attempts carry outcomes and times only: the secrets are still named for the redactor.
    assertThat(next.secrets()).contains("t0ken-value", "s3cr3t-cookie-value");
  }

  /** When the new connection fails too, the error names the hop and that no byte came. */
  @Test
  void aRedirectTargetThatClosesBeforeAnyByteIsNamedAsTheHopThatFailed() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      if (requestPath(sock).equals("/")) {
        write(sock, "HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n");
      }
    }));
    HttpFetch fetch = probe.fetch("t/page", url, Map.of(), 5, Set.of("127.0.0.1"));
    assertThat(fetch.stop()).isEqualTo("error");
    assertThat(fetch.noPage()).isEqualTo("could not fetch " + url + "next (redirect 1 from "
        + url + "): the server closed the connection before sending any byte of the response"
        + " (retried once on a new connection: the pooled one had been closed by the server)");
    // Both failures are on the record, the second without the note the error carries.
    assertThat(fetch.last().attempts()).extracting(HttpExchange.Attempt::outcome)
        .containsExactly("failed: the server closed the connection before sending any byte of"
            + " the response", "failed: the server closed the connection before sending any"
            + " byte of the response");
  }

  /** A head cut short on a pooled connection is the server's answer, not a stale connection. */
  @Test
  void aHeadCutShortOnAPooledConnectionIsNotRetried() throws IOException {
    java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();
    String url = serve(s -> quietly(s, sock -> {
      connections.incrementAndGet();
      requestPath(sock);
      write(sock, "HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n");
      requestPath(sock);
      write(sock, "HTTP/1.1 200 OK\r\nX-Par");
    }));
    HttpFetch fetch = probe.fetch("t/page", url, Map.of(), 5, Set.of("127.0.0.1"));
    assertThat(fetch.noPage()).isEqualTo("could not fetch " + url + "next (redirect 1 from "
        + url + "): the server closed the connection in the middle of the response head");
    assertThat(connections).hasValue(1);
  }

  /** Found by a user: a loop was judged as the page (its last 302). */
  @Test
  void aRedirectLoopIsNoPage() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      String next = requestPath(sock).equals("/") ? "/a" : "/";
      write(sock, "HTTP/1.1 302 Found\r\nLocation: " + next
          + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }));
    HttpFetch fetch = probe.fetch("t/page", url, Map.of(), 5, Set.of("127.0.0.1"));
    assertThat(fetch.noPage()).isEqualTo("redirect loop: " + url + " (302) → " + url
        + "a (302) → /");
  }

  /** Every answer a redirect to a new URL: more than the cap, named with the chain. */
  @Test
  void aChainLongerThanTheCapIsNoPage() throws IOException {
    String url = serve(s -> quietly(s, sock -> {
      String path = requestPath(sock);
      write(sock, "HTTP/1.1 302 Found\r\nLocation: " + path + "x"
          + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }));
    HttpFetch fetch = probe.fetch("t/page", url, Map.of(), 2, Set.of("127.0.0.1"));
    assertThat(fetch.noPage()).isEqualTo("more than 2 redirects (max redirects (2) reached): "
        + url + " (302) → " + url + "x (302) → " + url + "xx (302) → /xxx");
  }

  /** An HTTP/2-only server answers an HTTP/1.1 request with its SETTINGS frame, then GOAWAY. */
  @Test
  void anHttp2OnlyAnswerIsNamedAsHttp2Frames() throws IOException {
    byte[] settings = java.util.HexFormat.of().parseHex("000006040000000000" + "000300000064");
    byte[] goaway = java.util.HexFormat.of().parseHex("000008070000000000"
        + "0000000000000001");
    String url = serve(s -> quietly(s, sock -> {
      sock.getOutputStream().write(settings);
      readRequest(sock);
      sock.getOutputStream().write(goaway);
    }));
    HttpExchange ex = probe.exchange("t/h2", "GET", url, Map.of());
    assertThat(ex.error()).isEqualTo("the server answered with HTTP/2 frames (a SETTINGS frame)"
        + " instead of an HTTP/1.1 status line: it speaks only HTTP/2 here, and secaudit asks"
        + " HTTP/1.1");
  }

  /** A 100 KB Location is followed (the walk is bounded) but quoted short in what is judged. */
  @Test
  void aHundredKilobyteLocationIsQuotedShort() throws IOException {
    String far = "/" + "a".repeat(100_000);
    String url = serve(s -> quietly(s, sock -> {
      java.io.InputStream in = new java.io.BufferedInputStream(sock.getInputStream());
      for (int b, run = 0; run < 4 && (b = in.read()) >= 0; ) {
        run = b == '\r' || b == '\n' ? run + 1 : 0;
      }
      write(sock, "HTTP/1.1 301 Moved\r\nLocation: " + far
          + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }));
    HttpFetch fetch = probe.fetch("t/page", url, Map.of(), 5, Set.of("127.0.0.1"));
    // Each URL is its beginning, its length in bytes and its digest: the whole is in the hop's
    // transcript, which a reader can check the digest against.
    String whole = url + far.substring(1);
    String farDigest = dev.secaudit.model.Artifact.sha256(far).substring(0, 8);
    assertThat(fetch.noPage()).startsWith("redirect loop: " + url + " (301) → " + url + "aaa")
        .contains("… (" + String.format(java.util.Locale.ROOT, "%,d", whole.length())
            + " bytes, sha256 " + dev.secaudit.model.Artifact.sha256(whole).substring(0, 8)
            + "…) (301) → /aaa")
        .endsWith("… (" + String.format(java.util.Locale.ROOT, "%,d", far.length())
            + " bytes, sha256 " + farDigest + "…)").hasSizeLessThan(1000);
    assertThat(fetch.judgedAnswer()).hasSizeLessThan(400).contains(" bytes, sha256 ");
  }

  /**
   * A reset after the ClientHello is the handshake's failure, named as the certificate probe
   * names it, not as an answer cut short.
   */
  @Test
  void aResetDuringTheHandshakeIsSaidToBeInTheHandshake() throws Exception {
    String url = serve(s -> quietly(s, sock -> {
      sock.getInputStream().read(new byte[5]);
      sock.setSoLinger(true, 0);
    })).replace("http:", "https:");
    HttpExchange ex = probe.exchange("t/reset-in-handshake", "GET", url, Map.of());
    assertThat(ex.error()).isEqualTo(dev.secaudit.probe.tls.ConnectionReset.IN_HANDSHAKE);
    int port = java.net.URI.create(url).getPort();
    dev.secaudit.probe.tls.CertificateObservation cert = new dev.secaudit.probe.tls
        .CertificateProbe(new dev.secaudit.probe.tls.ClientHelloProber.Limits(Duration.ofSeconds(2),
            Duration.ofMillis(700), Duration.ofSeconds(2)), java.util.List.of(), null)
        .observe("127.0.0.1", port, null);
    assertThat(cert.error()).startsWith(ex.error());
  }

  /** A TLS server on loopback whose accepted sockets are set up by {@code setup} first. */
  private String serveTls(javax.net.ssl.SSLContext ctx,
      Consumer<javax.net.ssl.SSLSocket> setup) throws IOException {
    javax.net.ssl.SSLServerSocket tls = (javax.net.ssl.SSLServerSocket) ctx
        .getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
    server = tls;
    pool.submit(() -> {
      while (!tls.isClosed()) {
        try {
          javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.accept();
          pool.submit(() -> quietly(s, sock -> {
            setup.accept(s);
            s.startHandshake();
            readRequest(s);
          }));
        } catch (IOException e) {
          return;
        }
      }
    });
    return "https://127.0.0.1:" + tls.getLocalPort() + "/";
  }

  /** A server that offers HTTP/2 alone refuses an HTTP/1.1-only ALPN with a fatal alert. */
  @Test
  void anAlpnRefusalOfHttp11IsNamed() throws Exception {
    String url = serveTls(dev.secaudit.probe.tls.TestPki.selfSigned(
        dev.secaudit.probe.tls.TestPki.Spec.good(java.time.Instant.now())).serverContext(),
        s -> s.setHandshakeApplicationProtocolSelector((sock, offered) -> null));
    HttpExchange ex = probe.exchange("t/alpn", "GET", url, Map.of());
    assertThat(ex.error()).isEqualTo("TLS handshake failed: the server refused HTTP/1.1 (TLS"
        + " alert no_application_protocol): it offers only other protocols in ALPN, such as"
        + " HTTP/2 alone, and secaudit speaks HTTP/1.1");
  }

  /** Twelve certificates: more than the JDK's client takes (jdk.tls.maxCertificateChainLength). */
  @Test
  void aChainLongerThanTheJdkTakesIsNamed() throws Exception {
    dev.secaudit.probe.tls.TestPki.Issued issued = dev.secaudit.probe.tls.TestPki.selfSigned(
        dev.secaudit.probe.tls.TestPki.Spec.good(java.time.Instant.now()));
    String url = serveTls(issued.serverContextPresenting(
        java.util.Collections.nCopies(12, issued.leaf())), s -> { });
    HttpExchange ex = probe.exchange("t/chain", "GET", url, Map.of());
    assertThat(ex.error()).isEqualTo("TLS handshake failed: the server sent a certificate chain"
        + " of more than 10 certificates, the most the JDK's TLS client accepts"
        + " (jdk.tls.maxCertificateChainLength); the handshake stopped there, so no certificate"
        + " of it was judged");
  }
}
