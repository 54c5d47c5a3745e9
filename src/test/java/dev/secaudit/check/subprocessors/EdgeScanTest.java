package dev.secaudit.check.subprocessors;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.secaudit.check.StandardChecks;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What serves each target, from the headers edge networks add, over a whole scan of three real
 * servers on loopback: one answering as Cloudflare's edge does, one as a Fastly cache, one as a
 * bare origin. The policy puts Cloudflare at the edge of every target.
 */
class EdgeScanTest {
  private static final String RAY = "8c1f2a3b4d5e6f70-FRA";
  private static final List<HttpServer> servers = new ArrayList<>();
  private static ScanResult result;

  private static String serve(String... headers) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext("/", ex -> {
      for (int i = 0; i < headers.length; i += 2) {
        ex.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      byte[] body = "<!doctype html><title>home</title>".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/html");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    s.start();
    servers.add(s);
    return "http://127.0.0.1:" + s.getAddress().getPort() + "/";
  }

  @BeforeAll
  static void scan() throws IOException {
    String edge = serve("Server", "cloudflare", "CF-RAY", RAY);
    String fastly = serve("Server", "nginx", "X-Served-By", "cache-fra-etou8220047-FRA");
    String origin = serve("Server", "nginx/1.22.1");
    String yaml = """
        version: 1
        name: edge
        targets:
          - {name: edge, url: EDGE}
          - {name: fastly, url: FASTLY}
          - {name: origin, url: ORIGIN}
        subprocessors:
          declared:
            - {name: Cloudflare, purpose: CDN and WAF, edge: true}
            - {name: Hetzner, purpose: hosting, edge: true}
        """.replace("EDGE", edge).replace("FASTLY", fastly).replace("ORIGIN", origin);
    LoadedPolicy loaded = new PolicyLoader(Map.<String, String>of()::get,
        StandardChecks.catalog().ids()).load("policy.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    Scanner scanner = new Scanner(List.of(new EdgeVendorsCheck(VendorCatalog.builtIn())),
        Clock.systemUTC(), msg -> { });
    result = scanner.scan(loaded, new ScanParameters("run-1", "test", List.of("scan"),
        Severity.LOW));
  }

  @AfterAll
  static void stop() {
    servers.forEach(s -> s.stop(0));
  }

  private static Finding only(String target, String subject) {
    List<Finding> match = result.findings().stream()
        .filter(f -> f.checkId().equals("subprocessors.edge") && f.target().equals(target)
            && f.subject().equals(subject)).toList();
    assertThat(match).as("%s / %s among %s", target, subject, result.findings()).hasSize(1);
    return match.get(0);
  }

  @Test
  void theDeclaredEdgeServingATargetPassesNamingTheHeadersNotTheirValues() {
    Finding seen = only("edge", "Cloudflare");
    assertThat(seen.status()).isEqualTo(Status.PASS);
    assertThat(seen.observed()).contains("declared as subprocessors.declared[0]")
        .containsIgnoringCase("CF-RAY").contains("Server: cloudflare");
    Finding front = only("edge", "Cloudflare at the edge");
    assertThat(front.status()).isEqualTo(Status.PASS);
    assertThat(front.policyPointer()).isEqualTo("/subprocessors/declared/0/edge");
    assertThat(result.findings()).allSatisfy(f -> assertThat(f.observed()).doesNotContain(RAY));
  }

  @Test
  void anUndeclaredCacheInFrontFails() {
    Finding fastly = only("fastly", "Fastly");
    assertThat(fastly.status()).isEqualTo(Status.FAIL);
    assertThat(fastly.observed()).contains("not declared").containsIgnoringCase("X-Served-By: cache-");
  }

  @Test
  void aTargetNotServedByTheDeclaredEdgeFailsSayingWhatAnswered() {
    Finding front = only("origin", "Cloudflare at the edge");
    assertThat(front.status()).isEqualTo(Status.FAIL);
    assertThat(front.observed()).contains("Server: nginx/1.22.1")
        .contains("not served through Cloudflare");
    assertThat(only("fastly", "Cloudflare at the edge").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void aVendorWhoseEdgeHeadersAreUnknownIsAnErrorNotAGuess() {
    Finding hetzner = only("origin", "Hetzner at the edge");
    assertThat(hetzner.status()).isEqualTo(Status.ERROR);
    assertThat(hetzner.observed()).contains("knows no header").contains("Cloudflare");
  }
}
