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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole scan against a site on loopback (the JDK's HttpServer): a home page with real
 * third-party tags and a CSP, the published list as an HTML table, a page larger than the cap, a
 * JSON page. Every finding comes from the probes and checks the CLI wires.
 */
class SubprocessorsScanTest {
  static HttpServer server;
  static String base;
  static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  static ScanResult result;

  static void serve(String path, String type, byte[] body, String... headers) {
    server.createContext(path, ex -> {
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      ex.getResponseHeaders().add("Content-Type", type);
      for (int i = 0; i < headers.length; i += 2) {
        ex.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      } catch (IOException e) {
        // The probe stops reading at its cap and closes: expected for the huge page.
      }
    });
  }

  @BeforeAll
  static void scan() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serve("/home", "text/html; charset=utf-8",
        PageReadersTest.fixture("home.html").getBytes(StandardCharsets.UTF_8),
        "Content-Security-Policy", "default-src 'self'; script-src 'self'"
            + " https://www.googletagmanager.com *.hotjar.com; connect-src https://api.segment.io");
    serve("/legal/subprocessors", "text/html",
        PageReadersTest.fixture("subprocessors-table.html").getBytes(StandardCharsets.UTF_8));
    StringBuilder huge = new StringBuilder("<!doctype html><html><body>");
    huge.append("<script src=\"https://cdn.segment.com/analytics.js/v1/key/analytics.min.js\""
        + "></script>");
    while (huge.length() < 300 * 1024) {
      huge.append("<p>filler paragraph of a very long page</p>\n");
    }
    huge.append("<script src=\"https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js\"></script>");
    serve("/huge", "text/html", huge.toString().getBytes(StandardCharsets.UTF_8));
    serve("/api.json", "application/json",
        "{\"a\": \"<script src=https://js.stripe.com/v3/>\"}".getBytes(StandardCharsets.UTF_8));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();

    String yaml = """
        version: 1
        name: acme
        settings: {max_body_kb: 64}
        targets:
          - {name: app, url: BASE/home, paths: [/home, /huge, /api.json]}
        subprocessors:
          published_at: BASE/legal/subprocessors
          declared:
            - {name: Stripe, purpose: payments, location: USA, transfer_mechanism: EU-US DPF, dpa: true}
            - {name: Sentry, purpose: error monitoring, dpa: "https://sentry.io/legal/dpa/"}
            - {name: Amazon Web Services, aliases: [AWS], purpose: hosting, location: EU (Ireland)}
            - {name: Google Analytics, purpose: analytics}
            - {name: Mailgun, purpose: email}
            - {name: Tracker Co, purpose: ads, domains: [tracker-unknown.example]}
        """.replace("BASE", base);
    LoadedPolicy loaded = new PolicyLoader(Map.<String, String>of()::get, StandardChecks.catalog().ids())
        .load("policy.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    Scanner scanner = new Scanner(List.of(new SubprocessorsCheck(VendorCatalog.builtIn())),
        Clock.systemUTC(), msg -> { });
    result = scanner.scan(loaded, new ScanParameters("run-1", "test", List.of("scan"),
        Severity.LOW));
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  static List<Finding> findings(String check, Status status) {
    List<Finding> out = new ArrayList<>();
    for (Finding f : result.findings()) {
      if (f.checkId().equals(check) && f.status() == status) {
        out.add(f);
      }
    }
    return out;
  }

  @Test
  void vendorsLoadedButNotDeclaredFailSayingWhere() {
    assertThat(findings("subprocessors.undeclared", Status.FAIL))
        .extracting(Finding::subject).containsExactlyInAnyOrder("Google Fonts", "jsDelivr",
            "Intercom", "YouTube", "Mailchimp", "Hotjar", "Segment");
    Finding intercom = findings("subprocessors.undeclared", Status.FAIL).stream()
        .filter(f -> f.subject().equals("Intercom")).findFirst().orElseThrow();
    assertThat(intercom.observed()).contains("<link rel=dns-prefetch> on " + base + "/home")
        .contains("<script src> on " + base + "/home")
        .contains("https://widget.intercom.io/widget/abc123");
    assertThat(intercom.evidence()).containsExactly("app/page-1");
    assertThat(findings("subprocessors.undeclared", Status.PASS)).extracting(Finding::subject)
        .containsExactlyInAnyOrder("Stripe", "Sentry", "Google Analytics", "Tracker Co");
    // The huge page is read up to the cap: Segment's tag at its top counts, Mixpanel's at the
    // bottom is beyond it and is reported as unseen, not guessed.
    assertThat(result.findings()).noneMatch(f -> f.subject().equals("Mixpanel"));
    Finding segment = findings("subprocessors.undeclared", Status.FAIL).stream()
        .filter(f -> f.subject().equals("Segment")).findFirst().orElseThrow();
    assertThat(segment.observed()).contains("/huge was cut at 65536 bytes")
        .contains("/api.json is not HTML (Content-Type: application/json)");
  }

  @Test
  void publishedListComparedBothWays() {
    assertThat(findings("subprocessors.unpublished", Status.PASS)).extracting(Finding::subject)
        .containsExactlyInAnyOrder("Stripe", "Sentry", "Amazon Web Services");
    assertThat(findings("subprocessors.unpublished", Status.FAIL)).extracting(Finding::subject)
        .containsExactlyInAnyOrder("Google Analytics", "Mailgun", "Tracker Co");
    assertThat(findings("subprocessors.published_undeclared", Status.WARN))
        .singleElement().satisfies(f -> {
          assertThat(f.subject()).isEqualTo("Zendesk");
          assertThat(f.observed()).contains("table 1").contains("support-chat");
          assertThat(f.evidence()).containsExactly("app/subprocessors");
        });
    assertThat(result.artifacts()).anyMatch(a -> a.id().equals("app/subprocessors"));
  }

  @Test
  void declaredButNeverLoadedIsInformation() {
    assertThat(findings("subprocessors.unobserved", Status.INFO)).extracting(Finding::subject)
        .containsExactlyInAnyOrder("Amazon Web Services", "Mailgun");
    assertThat(findings("subprocessors.unobserved", Status.PASS)).extracting(Finding::subject)
        .containsExactlyInAnyOrder("Stripe", "Sentry", "Google Analytics", "Tracker Co");
  }

  @Test
  void thirdPartyScriptsAndStylesWithoutIntegrityWarn() {
    assertThat(findings("subprocessors.sri", Status.WARN)).extracting(Finding::subject)
        .containsExactlyInAnyOrder(
            "https://fonts.googleapis.com/css2?family=Inter:wght@400;600&display=swap",
            "https://www.googletagmanager.com/gtag/js?id=G-ABCDEF1234",
            "https://js.stripe.com/v3/",
            "https://widget.intercom.io/widget/abc123",
            "https://cdn.segment.com/analytics.js/v1/key/analytics.min.js",
            // Served from 127.0.0.1, the page's acme.example hosts are another site.
            "https://static.app.acme.example/bundle.js");
  }

  @Test
  void hostsNoVendorOwnsAreListedAsUnknown() {
    assertThat(findings("subprocessors.undeclared", Status.WARN)).singleElement()
        .satisfies(f -> {
          assertThat(f.subject()).isEqualTo("static.app.acme.example");
          assertThat(f.severity()).isEqualTo(Severity.LOW);
          assertThat(f.observed()).contains("matches no catalog vendor");
        });
  }

  @Test
  void eachPageIsFetchedOnce() {
    assertThat(hits.get("/home").get()).isEqualTo(1);
    assertThat(hits.get("/legal/subprocessors").get()).isEqualTo(1);
    assertThat(hits.get("/huge").get()).isEqualTo(1);
  }
}
