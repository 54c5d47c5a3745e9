package dev.secaudit.check.subprocessors;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.scan.ScanParameters;
import dev.secaudit.scan.Scanner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published list read from a loopback server: as a bulleted list, and as pages that cannot
 * be read (one that never ends, one that is JSON), which give an ERROR within the timeouts.
 */
class PublishedListScanTest {
  static HttpServer server;
  static String base;
  static final CountDownLatch release = new CountDownLatch(1);

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "published-list-test");
      t.setDaemon(true);
      return t;
    }));
    byte[] list = PageReadersTest.fixture("subprocessors-list.html")
        .getBytes(StandardCharsets.UTF_8);
    server.createContext("/security", ex -> {
      ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, list.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(list);
      }
    });
    server.createContext("/never-ends", ex -> {
      ex.getResponseHeaders().add("Content-Type", "text/html");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write("<html><body><ul><li>Stripe</li>".getBytes(StandardCharsets.UTF_8));
      out.flush();
      try {
        release.await(60, TimeUnit.SECONDS); // holds the connection open until the test ends
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });
    server.createContext("/list.json", ex -> {
      byte[] json = "[\"Stripe\", \"Cloudflare\"]".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, json.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(json);
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    release.countDown();
    server.stop(0);
  }

  static ScanResult scan(String publishedPath, String declared) {
    String yaml = """
        version: 1
        name: klemento
        settings: {timeouts: {connect: 2s, read: 1s, total: 3s}}
        targets:
          - {name: site, url: BASE/security}
        subprocessors:
          published_at: BASEPATH
          declared: DECLARED
        """.replace("BASEPATH", base + publishedPath).replace("BASE", base)
        .replace("DECLARED", declared);
    LoadedPolicy loaded = new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids())
        .load("policy.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    return new Scanner(List.of(new SubprocessorsCheck(VendorCatalog.builtIn())),
        Clock.systemUTC(), msg -> { })
        .scan(loaded, new ScanParameters("run", "test", List.of("scan"), Severity.LOW));
  }

  static List<Finding> of(ScanResult r, String check, Status status) {
    return r.findings().stream()
        .filter(f -> f.checkId().equals(check) && f.status() == status).toList();
  }

  @Test
  void aBulletedListIsComparedWithTheDeclaredNamesAndAliases() {
    ScanResult r = scan("/security",
        "[{name: Cloudflare}, {name: Anthropic}, {name: Brevo}, {name: Lemon Squeezy}]");
    // The page still says Sendinblue, Brevo's former name: the catalog's alias matches it.
    assertThat(of(r, "subprocessors.unpublished", Status.PASS)).extracting(Finding::subject)
        .containsExactly("Anthropic", "Brevo", "Cloudflare");
    assertThat(of(r, "subprocessors.unpublished", Status.FAIL)).singleElement()
        .satisfies(f -> {
          assertThat(f.subject()).isEqualTo("Lemon Squeezy");
          assertThat(f.observed()).contains("not among the 4 vendor(s) the page lists");
          assertThat(f.policyLine()).isEqualTo(8);
        });
    assertThat(of(r, "subprocessors.published_undeclared", Status.WARN)).singleElement()
        .satisfies(f -> assertThat(f.subject()).isEqualTo("Acme Bookkeeping Partners"));
    // The published page is the target's page: fetched once, cited under the page's id.
    assertThat(r.artifacts()).extracting(a -> a.id()).containsExactly("site/page");
  }

  @Test
  void aPageThatNeverEndsIsAnErrorWithinTheTimeouts() {
    long t0 = System.nanoTime();
    ScanResult r = scan("/never-ends", "[{name: Stripe}]");
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    assertThat(seconds).isLessThan(10);
    assertThat(of(r, "subprocessors.unpublished", Status.ERROR)).singleElement()
        .satisfies(f -> assertThat(f.observed()).contains("could not fetch " + base
            + "/never-ends"));
  }

  @Test
  void aListThatIsNotHtmlIsAnErrorSayingSo() {
    ScanResult r = scan("/list.json", "[{name: Stripe}]");
    assertThat(of(r, "subprocessors.unpublished", Status.ERROR)).singleElement()
        .satisfies(f -> assertThat(f.observed()).contains("is not HTML (Content-Type:"
            + " application/json)"));
  }
}
