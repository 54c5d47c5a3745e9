package dev.secaudit.check.http;

import static dev.secaudit.check.http.Recorded.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.http.RawHttp;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Header bytes a browser reads in its own way (a blind review against Chromium's netlog): an
 * obs-fold continuation, a repeated X-Content-Type-Options, a redirect loop's last answer. A raw
 * loopback server sends the bytes exactly, which WireMock would normalise.
 */
class HeaderBytesAsBrowsersReadTest {
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r);
    t.setDaemon(true);
    return t;
  });
  private final Map<String, String> answers = new LinkedHashMap<>();
  private ServerSocket server;
  private String base;
  private HttpProbe probe;

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    pool.submit(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          pool.submit(() -> answer(s));
        } catch (IOException e) {
          return;
        }
      }
    });
    base = "http://127.0.0.1:" + server.getLocalPort();
    probe = new HttpProbe(new HttpProbe.Limits(Duration.ofSeconds(2), Duration.ofSeconds(2),
        Duration.ofSeconds(5), 64 * 1024), RecordingTrustManager.forKeyStore(null),
        Clock.systemUTC(), "secaudit-test");
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    pool.shutdownNow();
  }

  private void answer(Socket s) {
    try (s) {
      String head = answers.getOrDefault(RawHttp.requestPath(s), "HTTP/1.1 404 Not Found\r\n");
      // An answer with its own blank line carries its own body, read to the close.
      RawHttp.write(s, head.contains("\r\n\r\n") ? head
          : head + "Content-Length: 2\r\nConnection: close\r\n\r\nok");
    } catch (IOException e) {
      // the client went away
    }
  }

  private TargetObservations fetched(String... paths) {
    Map<String, HttpFetch> pages = new LinkedHashMap<>();
    for (String p : paths) {
      pages.put(p, probe.fetch("app/page-" + pages.size(), base + p, Map.of(), 5,
          Set.of("127.0.0.1")));
    }
    return new TargetObservations("app", pages, null, "not probed", List.of(), null);
  }

  /** RFC 9112 §5.2: a recipient replaces each obs-fold with SP before interpreting the value. */
  @Test
  void aFoldedHeaderIsReadAsOneLineAsBrowsersDo() {
    answers.put("/folded", "HTTP/1.1 200 OK\r\n"
        + "Strict-Transport-Security: max-age=63072000;\r\n includeSubDomains\r\n"
        + "X-Content-Type-Options:\r\n\tnosniff\r\n"
        + "Referrer-Policy: no-referrer\r\n");
    HttpExchange ex = fetched("/folded").pages().get("/folded").last();

    assertThat(ex.headers("Strict-Transport-Security"))
        .containsExactly("max-age=63072000; includeSubDomains");
    assertThat(ex.headers("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(ex.responseHeaders()).noneMatch(h -> h.name().isBlank()
        || Character.isWhitespace(h.name().charAt(0)));
    LoadedPolicy policy = Recorded.policy(base,
        "hsts: {min_max_age: 1y, include_subdomains: true}\n");
    assertThat(HstsJudgement.judge(policy.policy().hsts(), ex.headers("Strict-Transport-Security")))
        .filteredOn(v -> v.checkId().equals("hsts.include_subdomains"))
        .extracting(HstsJudgement.Verdict::status).containsExactly(Status.PASS);
  }

  /**
   * Fetch's "determine nosniff" reads the first value only: nosniff then foo is in force (a
   * WARN that names the repeat), foo then nosniff is not.
   */
  @Test
  void nosniffIsJudgedOnTheFirstValueAndARepeatWarns() {
    answers.put("/first", "HTTP/1.1 200 OK\r\nX-Content-Type-Options: nosniff\r\n"
        + "X-Content-Type-Options: foo\r\n");
    answers.put("/last", "HTTP/1.1 200 OK\r\nX-Content-Type-Options: foo\r\n"
        + "X-Content-Type-Options: nosniff\r\n");
    LoadedPolicy policy = Recorded.policy(base, "headers:\n"
        + "  X-Content-Type-Options: {value: nosniff}\n");
    List<Finding> found = new HeaderRulesCheck().evaluate(Recorded.context(policy,
        fetched("/first", "/last")));

    Finding first = only(found, "header.rule", "X-Content-Type-Options");
    assertThat(first.status()).isEqualTo(Status.WARN);
    assertThat(first.observed()).contains("'nosniff'").contains("sent 2 times")
        .contains("first value");
    Finding last = only(found, "header.rule", "X-Content-Type-Options on /last");
    assertThat(last.status()).isEqualTo(Status.FAIL);
    assertThat(last.observed()).contains("'foo'");

    // The headers an nginx block sends are held to the same reading.
    TargetObservations again = fetched("/first", "/last");
    for (String path : List.of("/first", "/last")) {
      List<String> sent = again.pages().get(path).last().headers("X-Content-Type-Options");
      assertThat(HeaderSetJudgement.judge(policy.policy(), Map.of("x-content-type-options",
          sent))).extracting(HeaderSetJudgement.Problem::status)
          .containsExactly(path.equals("/first") ? Status.WARN : Status.FAIL);
    }
  }

  /**
   * A loop ends on an answer: the framing, header and Permissions-Policy rules judge it as
   * csp.* and hsts.* do, and say which answer they judged, instead of an ERROR.
   */
  @Test
  void aRedirectLoopIsJudgedOnItsLastAnswerByEveryHeaderCheck() {
    answers.put("/", "HTTP/1.1 302 Found\r\nLocation: /a\r\n");
    answers.put("/a", "HTTP/1.1 302 Found\r\nLocation: /b\r\n");
    answers.put("/b", "HTTP/1.1 302 Found\r\nLocation: /a\r\n");
    LoadedPolicy policy = Recorded.policy(base, """
        framing: {required: true}
        headers:
          X-Content-Type-Options: {value: nosniff}
          Permissions-Policy: {required: true}
        """);
    TargetObservations obs = fetched("/");
    assertThat(obs.pages().get("/").stop()).startsWith("redirect loop");
    List<Finding> found = new java.util.ArrayList<>();
    found.addAll(new HeaderRulesCheck().evaluate(Recorded.context(policy, obs)));
    found.addAll(new FramingCheck().evaluate(Recorded.context(policy, obs)));
    found.addAll(new PermissionsPolicyCheck().evaluate(Recorded.context(policy, obs)));

    assertThat(found).hasSizeGreaterThanOrEqualTo(3).allSatisfy(f -> {
      assertThat(f.status()).as(f.toString()).isEqualTo(Status.FAIL);
      assertThat(f.observed()).startsWith("judged the 302 answer of " + base + "/b (redirect loop");
    });
  }

  /**
   * Two headers: RFC 6797 §6.1 allows one (the FAIL stays) and §8.1 has browsers process the
   * first, whose directives are judged; a max-age past 64 bits is shown as sent.
   */
  @Test
  void hstsSentTwiceIsJudgedOnTheFirstAndAHugeMaxAgeIsShownAsSent() {
    answers.put("/twice", "HTTP/1.1 200 OK\r\n"
        + "Strict-Transport-Security: max-age=99999999999999999999; includeSubDomains\r\n"
        + "Strict-Transport-Security: max-age=0\r\n");
    HttpExchange ex = fetched("/twice").pages().get("/twice").last();
    LoadedPolicy policy = Recorded.policy(base,
        "hsts: {min_max_age: 1y, include_subdomains: true}\n");
    Map<String, HstsJudgement.Verdict> byId = new LinkedHashMap<>();
    HstsJudgement.judge(policy.policy().hsts(), ex.headers("Strict-Transport-Security"))
        .forEach(v -> byId.put(v.checkId(), v));

    assertThat(byId.get("hsts.header").status()).isEqualTo(Status.FAIL);
    assertThat(byId.get("hsts.header").observed()).contains("browsers process only the first")
        .doesNotContain("does not parse");
    assertThat(byId.get("hsts.max_age").status()).isEqualTo(Status.PASS);
    assertThat(byId.get("hsts.max_age").observed()).startsWith("max-age=99999999999999999999")
        .contains("overflows").doesNotContain(String.valueOf(Long.MAX_VALUE));
    assertThat(byId.get("hsts.include_subdomains").status()).isEqualTo(Status.PASS);
  }

  /**
   * What a wildcard lets in is what falls back to it; with two enforced policies the one that
   * sets object-src itself is the one named; a <meta>-only CSP fails a required header.
   */
  @Test
  void cspFindingsNameWhatIsInForce() {
    answers.put("/star", "HTTP/1.1 200 OK\r\n"
        + "Content-Security-Policy: default-src *; script-src 'self'\r\n");
    answers.put("/two", "HTTP/1.1 200 OK\r\n"
        + "Content-Security-Policy: default-src *\r\n"
        + "Content-Security-Policy: script-src 'self'; object-src 'none'\r\n");
    String html = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\""
        + "default-src 'self'\"></head><body>hi</body></html>";
    answers.put("/meta", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
        + html.length() + "\r\nConnection: close\r\n\r\n" + html);
    LoadedPolicy policy = Recorded.policy(base, "csp: {required: true, evaluate: true,"
        + " required_directives: [object-src]}\n");
    List<Finding> found = new dev.secaudit.check.csp.CspCheck().evaluate(Recorded.context(policy,
        fetched("/star", "/two", "/meta")));

    List<String> star = found.stream().filter(f -> f.checkId().equals("csp.wildcard")
        && f.evidence().contains("app/page-0")).map(Finding::observed).toList();
    assertThat(star).hasSize(1);
    assertThat(star.get(0)).contains("plugins from any host (object-src falls back to"
        + " default-src)").doesNotContain("scripts");
    Finding objectSrc = found.stream().filter(f -> f.checkId().equals("csp.policy")
        && f.evidence().contains("app/page-1")).findFirst().orElseThrow();
    assertThat(objectSrc.observed()).startsWith("set in ").doesNotContain("default-src");
    Finding meta = found.stream().filter(f -> f.checkId().equals("csp.header")
        && f.evidence().contains("app/page-2")).findFirst().orElseThrow();
    assertThat(meta.status()).isEqualTo(Status.FAIL);
    assertThat(meta.observed()).contains("only a <meta> policy");
  }
}
