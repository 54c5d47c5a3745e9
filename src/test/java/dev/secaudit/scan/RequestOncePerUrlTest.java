package dev.secaudit.scan;

import dev.secaudit.check.StandardChecks;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.http.RedirectCheck;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The page fetch and the plain-HTTP redirect walk share their requests: every URL is asked once
 * per scan, counted in WireMock's request journal, while each hop of the walk is still its own
 * artifact and the redirect findings are judged on it as before.
 */
class RequestOncePerUrlTest {
  private WireMockServer plain;
  private WireMockServer secure;

  @AfterEach
  void stop() {
    if (plain != null) {
      plain.stop();
    }
    if (secure != null) {
      secure.stop();
    }
  }

  @Test
  void anHttpTargetThatRedirectsIsWalkedOnceForItsPageAndItsRedirect() {
    startPlain();
    plain.stubFor(get(urlEqualTo("/start")).willReturn(aResponse().withStatus(301)
        .withHeader("Location", "/home")));
    plain.stubFor(get(urlEqualTo("/home")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody("<html><body>home</body></html>")));
    String base = plainBase();

    ScanResult r = scan("""
        targets:
          - {name: site, url: BASE/start}
        """.replace("BASE", base));

    assertThat(getsPerUrl(plain)).isEqualTo(Map.of("/start", 1L, "/home", 1L));
    // The walk's hops are their own artifacts, with the exchange the page fetch recorded.
    assertThat(r.artifacts()).extracting(Artifact::id)
        .containsExactly("site/page", "site/page-hop1", "site/http", "site/http-hop1");
    assertReused(r, "site/http", "site/page");
    assertReused(r, "site/http-hop1", "site/page-hop1");
    Finding redirect = only(r, "https.redirect");
    assertThat(redirect.status()).isEqualTo(Status.FAIL);
    assertThat(redirect.observed()).isEqualTo("301 → " + base + "/home (still plain HTTP)");
    assertThat(redirect.evidence()).containsExactly("site/http");
  }

  @Test
  void theHttpsPageIsNotAskedAgainAtTheEndOfItsPlainTwinsRedirect() {
    startTwins();
    ScanResult r = scan("""
        targets:
          - {name: site, url: SECURE/, http_url: PLAIN/}
        """.replace("SECURE", secureBase()).replace("PLAIN", plainBase()));

    assertThat(getsPerUrl(plain)).isEqualTo(Map.of("/", 1L));
    assertThat(getsPerUrl(secure)).isEqualTo(Map.of("/", 1L));
    assertThat(r.artifacts()).extracting(Artifact::id)
        .containsExactly("site/page", "site/http", "site/http-hop1");
    assertReused(r, "site/http-hop1", "site/page");
    assertThat(artifact(r, "site/http").reusedFrom()).isNull();
    assertThat(only(r, "https.redirect").status()).isEqualTo(Status.PASS);
    assertThat(r.findings()).filteredOn(f -> f.checkId().equals("https.redirect_chain"))
        .extracting(Finding::status).containsOnly(Status.PASS);
  }

  @Test
  void aPageAskedWithTheTargetsHeadersIsNotTheWalksHeaderlessRequest() {
    startTwins();
    ScanResult r = scan("""
        targets:
          - {name: site, url: SECURE/, http_url: PLAIN/, request_headers: {X-Api-Key: k}}
        """.replace("SECURE", secureBase()).replace("PLAIN", plainBase()));

    // Different requests, each sent: the key goes with the page, never with the plain walk.
    List<LoggedRequest> pageGets = secure.findAll(
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/")));
    assertThat(pageGets).hasSize(2);
    assertThat(pageGets).extracting(q -> q.containsHeader("X-Api-Key"))
        .containsExactlyInAnyOrder(true, false);
    assertThat(getsPerUrl(plain)).isEqualTo(Map.of("/", 1L));
    assertThat(r.artifacts()).extracting(Artifact::id)
        .containsExactly("site/page", "site/http", "site/http-hop1");
  }

  @Test
  void aRedirectToAForeignHostIsRecordedOnceAndNotFollowed() {
    startPlain();
    plain.stubFor(get(urlEqualTo("/start")).willReturn(aResponse().withStatus(302)
        .withHeader("Location", "https://elsewhere.invalid/landing")));
    String base = plainBase();

    ScanResult r = scan("""
        targets:
          - {name: site, url: BASE/start}
        """.replace("BASE", base));

    assertThat(getsPerUrl(plain)).isEqualTo(Map.of("/start", 1L));
    assertThat(r.artifacts()).extracting(Artifact::id).containsExactly("site/page", "site/http");
    // The page and the plain-HTTP walk are one chain at an http:// target: one finding.
    assertThat(r.findings()).filteredOn(f -> f.checkId().equals("https.redirect_chain"))
        .hasSize(1).allSatisfy(f -> {
          assertThat(f.status()).isEqualTo(Status.FAIL);
          assertThat(f.observed()).contains("leaves the policy's hosts: foreign host"
              + " elsewhere.invalid");
        });
  }

  @Test
  void aFailedPageIsTheWalksFailureTooWithoutAskingAgain() throws Exception {
    // Accepts and hangs up before answering: each request costs one connection, and fails.
    try (ServerSocket hangsUp = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.1"))) {
      AtomicInteger connections = new AtomicInteger();
      Thread acceptor = new Thread(() -> {
        while (!hangsUp.isClosed()) {
          try (Socket s = hangsUp.accept()) {
            connections.incrementAndGet();
          } catch (IOException e) {
            return; // closed by the test
          }
        }
      }, "hangs-up");
      acceptor.setDaemon(true);
      acceptor.start();

      ScanResult r = scan("""
          targets:
            - {name: site, url: BASE/}
          """.replace("BASE", "http://127.0.0.1:" + hangsUp.getLocalPort()));

      assertThat(connections.get()).isEqualTo(1);
      assertReused(r, "site/http", "site/page");
      assertThat(artifact(r, "site/http").content()).contains("# no response: ");
      assertThat(only(r, "https.redirect").status()).isEqualTo(Status.ERROR);
    }
  }

  /** An HTTPS site and the plain port in front of it that sends everything there. */
  private void startTwins() {
    secure = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true)
        .dynamicHttpsPort());
    secure.start();
    secure.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody("<html><body>home</body></html>")));
    startPlain();
    plain.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(301)
        .withHeader("Location", secureBase() + "/")));
  }

  private void startPlain() {
    plain = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    plain.start();
  }

  private String secureBase() {
    return "https://127.0.0.1:" + secure.httpsPort();
  }

  private String plainBase() {
    return "http://127.0.0.1:" + plain.port();
  }

  private static ScanResult scan(String targets) {
    String yaml = "version: 1\nname: once\n"
        + "settings: {timeouts: {connect: 2s, read: 5s, total: 10s}}\n"
        + targets + "https: {redirect: true, max_redirects: 3}\n";
    LoadedPolicy loaded = new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids())
        .load("policy.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    return new Scanner(List.of(new RedirectCheck()), Clock.systemUTC(), msg -> { })
        .scan(loaded, new ScanParameters("run", "test", List.of("scan"), Severity.LOW));
  }

  /** Requests per path as the server's journal saw them; every one of them is a GET. */
  private static Map<String, Long> getsPerUrl(WireMockServer server) {
    List<LoggedRequest> all = server.findAll(
        com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
    assertThat(all).extracting(q -> q.getMethod().getName()).containsOnly("GET");
    return all.stream().collect(Collectors.groupingBy(LoggedRequest::getUrl, TreeMap::new,
        Collectors.counting()));
  }

  /**
   * {@code id} is the answer {@code original} recorded, said to be reused: its transcript that
   * one's after a line saying it was not sent again, its time and duration that one's.
   */
  static void assertReused(ScanResult r, String id, String original) {
    Artifact reused = artifact(r, id);
    Artifact first = artifact(r, original);
    assertThat(reused.reusedFrom()).isEqualTo(original);
    assertThat(first.reusedFrom()).isNull();
    assertThat(reused.content()).startsWith("# reused: this request was not sent again; below is"
        + " the answer recorded as " + original + ", received at " + first.time() + "\n")
        .endsWith(first.content());
    assertThat(reused.summary()).contains("not sent again: the answer recorded as " + original);
    assertThat(reused.time()).isEqualTo(first.time());
    assertThat(reused.durationMs()).isEqualTo(first.durationMs()).isNotNull();
  }

  private static Artifact artifact(ScanResult r, String id) {
    return r.artifacts().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
  }

  private static Finding only(ScanResult r, String checkId) {
    List<Finding> found = r.findings().stream().filter(f -> f.checkId().equals(checkId)).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
