package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.secaudit.probe.tls.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate that passed while a check at its threshold was never tested (the redirect of a target
 * on a port whose plain-HTTP address cannot be derived) read as that check passing: "Gate
 * passed", grade B, and an A without the one warning (reports25 HIGH 2). The gate's sentence and
 * the first screen now name what was not tested, and the grade says it could be lower; the exit
 * code stays the gate's (a skip the policy left to happen is not a failure).
 */
class UntestedAtTheGateEndToEndTest {
  @Test
  void aPassedGateNamesTheHighCheckItNeverTested(@TempDir Path dir) throws Exception {
    TestPki pki = new TestPki("Untested CA", Instant.now());
    Path ca = pki.writeRoot(dir.resolve("ca.pem"));
    HttpsServer https = LoopbackHttps.create(pki);
    https.createContext("/", x -> {
      try (x) {
        byte[] body = "<html><body>home</body></html>".getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/html");
        x.getResponseHeaders().add("Strict-Transport-Security", "max-age=31536000");
        x.sendResponseHeaders(200, body.length);
        x.getResponseBody().write(body);
      }
    });
    https.start();
    HttpServer plain = HttpServer.create(new InetSocketAddress(
        InetAddress.getByName("127.0.0.1"), 0), 16);
    int port = https.getAddress().getPort();
    plain.createContext("/", x -> {
      try (x) {
        x.getResponseHeaders().add("Location", "https://127.0.0.1:" + port + "/");
        x.sendResponseHeaders(301, -1);
      }
    });
    plain.start();
    try {
      String common = "version: 1\nname: acme\n"
          + "tls: {min_version: \"1.2\", certificate: {ca_file: \"" + ca + "\"}}\n"
          + "https: {redirect: true}\n";
      Path untested = dir.resolve("untested.yaml");
      Files.writeString(untested, common + "targets:\n  - {name: site, url: \"https://127.0.0.1:"
          + port + "/\"}\n");
      Path out = dir.resolve("out");
      Cli.Result r = Cli.run("scan", "-p", untested.toString(), "-o", out.toString(),
          "--color", "never", "--fail-on", "high");
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(0);
      String gate = r.out().substring(r.out().lastIndexOf("gate: ")).replaceAll("\\s+", " ");
      assertThat(gate).startsWith("gate: passed: no failure at or above high; not tested:"
          + " https.redirect (high) on site: ").contains("set http_url");
      JsonNode summary = new ObjectMapper().readTree(out.resolve("scan.json").toFile())
          .get("summary");
      assertThat(summary.at("/gate/reason").asText()).contains("not tested: https.redirect");
      assertThat(summary.at("/grade/label").asText()).endsWith("?").isNotEqualTo("A");
      assertThat(summary.at("/grade/reasons").toString())
          .contains("check not tested (worst: high, https.redirect)");
      String html = Files.readString(out.resolve("report.html"));
      String firstScreen = html.substring(0, html.indexOf("id=\"findings\"") > 0
          ? html.indexOf("id=\"findings\"") : html.length());
      assertThat(firstScreen).contains("Gate passed")
          .contains("Not tested: https.redirect (high) on site: ");

      // The same site with its plain-HTTP address given: tested, and nothing to name.
      Path tested = dir.resolve("tested.yaml");
      Files.writeString(tested, common + "targets:\n  - {name: site, url: \"https://127.0.0.1:"
          + port + "/\", http_url: \"http://127.0.0.1:" + plain.getAddress().getPort()
          + "/\"}\n");
      Cli.Result t = Cli.run("scan", "-p", tested.toString(), "-o",
          dir.resolve("out2").toString(), "--color", "never", "--fail-on", "high");
      assertThat(t.code()).as(t.out() + t.err()).isEqualTo(0);
      assertThat(t.out()).doesNotContain("not tested");
      assertThat(Files.readString(dir.resolve("out2/report.html"))).doesNotContain("Not tested:");
    } finally {
      https.stop(0);
      plain.stop(0);
    }
  }
}
