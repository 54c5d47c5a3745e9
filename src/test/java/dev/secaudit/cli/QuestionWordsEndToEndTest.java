package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.secaudit.probe.tls.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blind auditor's questions whose words the reader missed, asked of a loopback site as the
 * auditor's imgreport was built: a server banner with a version, a Secure session cookie, a
 * folder of PDF reports aged 3, 10 and 20 days under init's retention rule (its description
 * "7, 14, or 30 days depending on product"), and a stated gap followed by "but".
 */
class QuestionWordsEndToEndTest {

  @Test
  void wordsOfOrdinaryQuestionsAreReadAsTheEvidenceShows(@TempDir Path dir) throws Exception {
    TestPki pki = new TestPki("Question Words CA", Instant.now());
    Path ca = dir.resolve("ca.pem");
    pki.writeRoot(ca);
    Path reports = Files.createDirectories(dir.resolve("reports"));
    for (int days : new int[] {3, 10, 20}) {
      Path pdf = Files.writeString(reports.resolve("report-" + days + "d.pdf"), "%PDF-1.4\n");
      Files.setLastModifiedTime(pdf, FileTime.from(Instant.now()
          .minus(Duration.ofDays(days)).minus(Duration.ofHours(1))));
    }
    HttpsServer site = HttpsServer.create(new InetSocketAddress(
        InetAddress.getByName("127.0.0.1"), 0), 16);
    site.setHttpsConfigurator(new HttpsConfigurator(
        pki.issue(TestPki.Spec.good(Instant.now())).serverContext()));
    site.createContext("/", x -> {
      try (x) {
        byte[] body = "<html><body>home</body></html>".getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        x.getResponseHeaders().add("Server", "BaseHTTP/0.6 Python/3.11.7");
        x.getResponseHeaders().add("Set-Cookie",
            "sessionid=opaque; Path=/; Secure; HttpOnly; SameSite=Lax");
        x.sendResponseHeaders(200, body.length);
        x.getResponseBody().write(body);
      }
    });
    site.start();
    try {
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, """
          version: 1
          name: imgreport
          targets:
            - {name: site, url: "https://127.0.0.1:%d", paths: [/]}
          tls: {certificate: {ca_file: "%s"}}
          info_leak: {}
          cookies:
            - {name: "*sess*", ignore_case: true, secure: true, http_only: true}
          retention:
            - name: page-retention-1
              max_age: 30d
              description: "Generated PDF reports are retained for a fixed period (7, 14, or 30 days depending on product) and then deleted automatically."
              source: {directory: {path: "%s", glob: "*.pdf"}}
          claims:
            - id: bug_bounty
              statement: "Bug bounty: no formal program, but vulnerability reports are taken seriously."
              topic: bug_bounty
              polarity: not_in_place
          """.formatted(site.getAddress().getPort(), ca, reports));
      Map<String, String> expected = new LinkedHashMap<>();
      // The banner was seen: the positive question is Yes, its inverse No.
      expected.put("Does any response disclose the server software version?", "Yes");
      expected.put("Do your servers hide version banners?", "No");
      // The Secure flag keeps the session cookie to HTTPS.
      expected.put("Is the session cookie sent only over HTTPS?", "Yes");
      // All three PDFs are within 30 days, but none was old enough to have been deleted (the
      // folder is new): no deletion seen. The 20-day one outlived 14 and 7.
      expected.put("Are PDF reports deleted within 30 days?", "");
      expected.put("Are PDF reports deleted within 14 days?", "No");
      expected.put("Are PDF reports deleted within 7 days?", "No");
      // The 3-day file was not kept 14 days: how long each is kept is not shown.
      expected.put("Are PDF reports kept for at least 14 days?", "");
      expected.put("Do you have a bug bounty program?", "No");

      Path out = dir.resolve("scan");
      Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(),
          "--color", "never");
      assertThat(scan.code()).as(scan.err()).isIn(0, 1);
      assertThat(Cli.answer(dir, policy, out.resolve("scan.json"), List.copyOf(
          expected.keySet()))).containsExactlyInAnyOrderEntriesOf(expected);
      String answered = Files.readString(dir.resolve("answered.csv"));
      // Each answer names what decided it: the banner, the flag, the oldest file, the gap.
      assertThat(answered).contains("BaseHTTP/0.6 Python/3.11.7")
          .contains("cookie.secure").contains("report-20d.pdf")
          .contains("Bug bounty: no formal program")
          .doesNotContain("dependency").doesNotContain("opaque");
    } finally {
      site.stop(0);
    }
  }
}
