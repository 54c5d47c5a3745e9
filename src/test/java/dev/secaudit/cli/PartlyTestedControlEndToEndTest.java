package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.secaudit.probe.tls.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Instant;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two loopback sites, the redirect tested on one (its http_url given) and SKIPPED on the other
 * (a port whose plain-HTTP address cannot be derived). The period report counted each run as
 * testing the control and it operating, and the scan's compliance row named as not run only
 * checks run on no target (reports25 HIGH 1): both now say which target was not tested.
 */
class PartlyTestedControlEndToEndTest {
  @Test
  void aRedirectSkippedOnOneOfTwoTargetsIsPartlyTestedInThePeriodAndNamedInTheScan(
      @TempDir Path dir) throws Exception {
    TestPki pki = new TestPki("Partly CA", Instant.now());
    Path ca = pki.writeRoot(dir.resolve("ca.pem"));
    HttpsServer www = site(pki);
    HttpsServer hostile = site(pki);
    HttpServer plain = HttpServer.create(new InetSocketAddress(
        InetAddress.getByName("127.0.0.1"), 0), 16);
    int wwwPort = www.getAddress().getPort();
    plain.createContext("/", x -> {
      try (x) {
        x.getResponseHeaders().add("Location", "https://127.0.0.1:" + wwwPort + "/");
        x.sendResponseHeaders(301, -1);
      }
    });
    plain.start();
    try {
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, "version: 1\nname: acme\n"
          + "tls: {min_version: \"1.2\", certificate: {ca_file: \"" + ca + "\"}}\n"
          + "https: {redirect: true}\n"
          + "targets:\n"
          + "  - {name: www, url: \"https://127.0.0.1:" + wwwPort + "/\", http_url:"
          + " \"http://127.0.0.1:" + plain.getAddress().getPort() + "/\"}\n"
          + "  - {name: hostile, url: \"https://127.0.0.1:" + hostile.getAddress().getPort()
          + "/\"}\n");
      Path history = dir.resolve("history.jsonl");
      for (String run : new String[] {"p1", "p2"}) {
        Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o",
            dir.resolve(run).toString(), "--history", history.toString(), "--color", "never");
        assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);
      }
      String cc67 = Jsoup.parse(Files.readString(dir.resolve("p1/report.html")))
          .select("tr:has(code:containsOwn(CC6.7))").text();
      assertThat(cc67).contains("Not tested on every target: https.redirect (not on hostile)");

      String today = LocalDate.now(ZoneOffset.UTC).toString();
      Path out = dir.resolve("period");
      Cli.Result p = Cli.run("period", "--history", history.toString(), "--from", today,
          "--to", today, "-o", out.toString());
      assertThat(p.code()).as(p.out() + p.err()).isZero();
      String row = Files.readAllLines(out.resolve("period-controls.csv"),
          StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("control,https.redirect,"))
          .findFirst().orElseThrow();
      // tested_runs 0, operating 0 ... partly_tested_runs 2, untested_targets hostile.
      String[] cells = row.split(",", -1);
      assertThat(cells[4]).isEqualTo("0");
      assertThat(cells[5]).isEqualTo("0");
      assertThat(cells[cells.length - 3]).isEqualTo("2");
      assertThat(cells[cells.length - 1]).isEqualTo("hostile");
      assertThat(Jsoup.parse(Files.readString(out.resolve("period.html")))
          .getElementById("ctl-https.redirect").text())
          .contains("2 partly tested").contains("not on hostile");
    } finally {
      www.stop(0);
      hostile.stop(0);
      plain.stop(0);
    }
  }

  private static HttpsServer site(TestPki pki) throws Exception {
    HttpsServer https = LoopbackHttps.create(pki);
    https.createContext("/", x -> {
      try (x) {
        byte[] body = "<html><body>home</body></html>".getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/html");
        x.sendResponseHeaders(200, body.length);
        x.getResponseBody().write(body);
      }
    });
    https.start();
    return https;
  }
}
