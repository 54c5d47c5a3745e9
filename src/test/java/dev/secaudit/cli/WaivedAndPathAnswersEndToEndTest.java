package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.secaudit.probe.tls.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loopback site whose HTML pages send two years of HSTS and whose JSON path sends none, as a
 * blind auditor's company did. The missing header on one path is one question ("on every
 * response?" No); how long max-age is where it is sent is another (Yes). Scanned again with a
 * waiver over hsts.*, every answer stays what was seen, and the waiver is named first.
 */
class WaivedAndPathAnswersEndToEndTest {
  private static final String MAX_AGE = "Is HSTS max-age at least one year?";
  private static final String ENABLED = "Is HSTS enabled?";
  private static final String EVERY = "Is HSTS sent on every response including the API?";
  private static final String SUBDOMAINS = "Is HSTS enabled on all subdomains?";

  @Test
  void aPathWithoutTheHeaderAnswersItsOwnQuestionAndAWaiverChangesNoAnswer(@TempDir Path dir)
      throws Exception {
    TestPki pki = new TestPki("Waived Paths CA", Instant.now());
    Path ca = dir.resolve("ca.pem");
    pki.writeRoot(ca);
    HttpsServer site = HttpsServer.create(new InetSocketAddress(
        InetAddress.getByName("127.0.0.1"), 0), 16);
    site.setHttpsConfigurator(new HttpsConfigurator(
        pki.issue(TestPki.Spec.good(Instant.now())).serverContext()));
    site.createContext("/", x -> {
      try (x) {
        boolean api = x.getRequestURI().getPath().startsWith("/api/");
        byte[] body = (api ? "[]" : "<html><body>home</body></html>")
            .getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", api ? "application/json" : "text/html");
        if (!api) {
          x.getResponseHeaders().add("Strict-Transport-Security",
              "max-age=63072000; includeSubDomains");
        }
        x.sendResponseHeaders(200, body.length);
        x.getResponseBody().write(body);
      }
    });
    site.start();
    try {
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, """
          version: 1
          name: imgs
          targets:
            - {name: site, url: "https://127.0.0.1:%d", paths: [/, /login, /api/v1/items]}
          tls: {certificate: {ca_file: "%s"}}
          hsts: {required: true, min_max_age: 1y}
          """.formatted(site.getAddress().getPort(), ca));
      Path waivers = dir.resolve("waivers.yaml");
      Files.writeString(waivers, """
          - id: W-1
            check: "hsts.*"
            target: site
            justification: the JSON API is read by our own clients only
            approver: ciso@imgs.test
            expires: 2099-12-31
          """);
      List<String> questions = List.of(MAX_AGE, ENABLED, EVERY, SUBDOMAINS);
      // The path lacking the header is of the API (its path says so), not a subdomain: that
      // failure answers the API's question and says nothing of subdomains.
      Map<String, String> expected = Map.of(MAX_AGE, "Yes", ENABLED, "Yes", EVERY, "No",
          SUBDOMAINS, "");

      Path out = dir.resolve("plain");
      Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(),
          "--color", "never");
      assertThat(scan.code()).as(scan.err()).isIn(0, 1);
      assertThat(Cli.answer(dir, policy, out.resolve("scan.json"), questions))
          .containsExactlyInAnyOrderEntriesOf(expected);
      assertThat(explanations(dir).values()).noneMatch(e -> e.contains("waived"));

      Path waived = dir.resolve("waived");
      scan = Cli.run("scan", "-p", policy.toString(), "--waivers", waivers.toString(), "-o",
          waived.toString(), "--color", "never");
      assertThat(scan.code()).as(scan.err()).isIn(0, 1);
      assertThat(Cli.answer(dir, policy, waived.resolve("scan.json"), questions))
          .containsExactlyInAnyOrderEntriesOf(expected);
      Map<String, String> why = explanations(dir);
      // max-age passed: nothing of it was waived.
      assertThat(why.get(MAX_AGE)).startsWith("asked: ");
      for (String q : List.of(ENABLED, EVERY)) {
        assertThat(why.get(q)).as(q).startsWith("finding waived by W-1 (approved by"
            + " ciso@imgs.test, expires 2099-12-31); asked: ").doesNotContain("did not fail");
      }
    } finally {
      site.stop(0);
    }
  }

  /** The explanation beside each answer of the last sheet answered. */
  private static Map<String, String> explanations(Path dir) throws Exception {
    Map<String, String> got = new java.util.LinkedHashMap<>();
    try (var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(Files.newBufferedReader(dir.resolve("answered.csv")))) {
      for (CSVRecord r : parser) {
        got.put(r.get("question"), r.get("secaudit explanation"));
      }
    }
    return got;
  }
}
