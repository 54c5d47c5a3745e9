package dev.secaudit.check.cookie;

import dev.secaudit.check.StandardChecks;
import dev.secaudit.probe.http.SetCookie;
import dev.secaudit.probe.http.SetCookieParser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Redactor;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checks judge Set-Cookie headers as the server wrote them (issue 21, item 1): a tab is a tab,
 * not the text "\x09"; an empty Domain= stays empty; a Path= is read as written. Escaping and
 * redaction happen only to what is written. A raw-socket server on loopback sends the bytes
 * exactly; HttpProbe records them; the parser and CookieCheck judge them.
 */
class RawSetCookieTest {
  private ServerSocket server;
  private final List<String> requestLines = Collections.synchronizedList(new ArrayList<>());

  private final HttpProbe probe = new HttpProbe(
      new HttpProbe.Limits(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5),
          64 * 1024),
      RecordingTrustManager.forKeyStore(null), Clock.systemUTC(), "secaudit-test");

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  /** Serves each connection one answer, chosen by the request line; keeps the request lines. */
  private String serve(java.util.function.Function<String, String> answer) throws IOException {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          String line = readRequest(s.getInputStream());
          requestLines.add(line);
          s.getOutputStream().write(answer.apply(line).getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private static String readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
      state = (b == '\r' || b == '\n') ? state + 1 : 0;
    }
    return head.toString().split("\r\n", 2)[0];
  }

  @Test
  void attributesAfterATabAreSeenAndTheNameIsTrimmed() throws IOException {
    String base = serve(line -> "HTTP/1.1 200 OK\r\n"
        + "Set-Cookie: session=v1;\tSecure;\tHttpOnly;\tSameSite=Lax\r\n"
        + "Set-Cookie: foo\t=bar; Secure; HttpOnly; SameSite=Lax\r\n"
        + "Content-Length: 0\r\nConnection: close\r\n\r\n");
    HttpFetch fetch = probe.fetch("app/page", base + "/", Map.of(), 0, Set.of("127.0.0.1"));
    HttpExchange page = fetch.last();
    assertThat(page.headers("Set-Cookie"))
        .containsExactly("session=v1;\tSecure;\tHttpOnly;\tSameSite=Lax",
            "foo\t=bar; Secure; HttpOnly; SameSite=Lax");

    SetCookie session = SetCookieParser.parse(page.headers("Set-Cookie").get(0), page.url());
    assertThat(session.name()).isEqualTo("session");
    assertThat(session.secure()).isTrue();
    assertThat(session.httpOnly()).isTrue();
    assertThat(SetCookieParser.parse(page.headers("Set-Cookie").get(1), page.url()).name())
        .isEqualTo("foo");

    List<Finding> findings = judge(base, fetch, """
        cookies:
          - {name: session, secure: true, http_only: true, same_site: Lax}
          - {name: foo, secure: true, http_only: true, same_site: Lax}
        """);
    assertThat(findings).filteredOn(f -> f.checkId().equals("cookie.secure")
            || f.checkId().equals("cookie.http_only"))
        .extracting(f -> f.subject() + " " + f.status())
        .containsExactlyInAnyOrder("session PASS", "session PASS", "foo PASS", "foo PASS");
    // Written with the control character made visible and the value masked.
    assertThat(page.transcript(4096))
        .contains("Set-Cookie: session=" + Redactor.MASK + ";\\x09Secure;\\x09HttpOnly");
  }

  @Test
  void anEmptyDomainStaysEmptyAndAPathIsReadAsWritten() throws IOException {
    String base = serve(line -> "HTTP/1.1 200 OK\r\n"
        + "Set-Cookie: d=1; Domain=; Secure; HttpOnly\r\n"
        + "Set-Cookie: p=1; Path=/a/b?; Secure; HttpOnly\r\n"
        + "Content-Length: 0\r\nConnection: close\r\n\r\n");
    HttpFetch fetch = probe.fetch("app/page", base + "/x/y", Map.of(), 0, Set.of("127.0.0.1"));
    HttpExchange page = fetch.last();
    SetCookie d = SetCookieParser.parse(page.headers("Set-Cookie").get(0), page.url());
    SetCookie p = SetCookieParser.parse(page.headers("Set-Cookie").get(1), page.url());
    // RFC 6265bis 5.6.3: an empty Domain is ignored (a host-only cookie), never a value.
    assertThat(d.domain()).isNullOrEmpty();
    assertThat(p.pathRaw()).isEqualTo("/a/b?");
    assertThat(p.path()).isEqualTo("/a/b?");
    assertThat(page.transcript(4096)).contains("Set-Cookie: d=" + Redactor.MASK + "; Domain=;")
        .contains("; Path=/a/b?;");
  }

  @Test
  void aRedirectIsFollowedAsReceivedAndMaskedOnlyWhenWritten() throws IOException {
    String token = "tok-3f9a.c0ffee~beef";
    String base = serve(line -> line.startsWith("GET / ")
        ? "HTTP/1.1 302 Found\r\nLocation: /landing?token=" + token + "\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n"
        : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    HttpFetch fetch = probe.fetch("app/page", base + "/", Map.of(), 3, Set.of("127.0.0.1"));

    assertThat(requestLines).containsExactly("GET / HTTP/1.1",
        "GET /landing?token=" + token + " HTTP/1.1");
    assertThat(fetch.hops()).hasSize(2);
    assertThat(fetch.last().status()).isEqualTo(200);
    assertThat(fetch.last().url()).endsWith("/landing?token=" + token);
    String written = new Redactor(List.of(token)).text(fetch.first().transcript(4096)
        + fetch.last().transcript(4096));
    assertThat(written).doesNotContain(token).contains("/landing?token=" + Redactor.MASK);
  }

  private static List<Finding> judge(String base, HttpFetch fetch, String rules) {
    String yaml = "version: 1\nname: raw\ntargets:\n  - {name: app, url: \"" + base + "/\"}\n"
        + rules;
    LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("raw.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    TargetObservations obs =
        new TargetObservations("app", Map.of("/", fetch), null, null, List.of(), null);
    return new CookieCheck().evaluate(
        new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), obs, Instant.now()));
  }
}
