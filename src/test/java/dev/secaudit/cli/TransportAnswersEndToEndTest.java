package dev.secaudit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secaudit.probe.tls.OpenSslServer;
import dev.secaudit.probe.tls.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Questions on the channel answered from real loopback servers: openssl s_server endpoints that
 * keep forward secrecy and staple OCSP, and ones that accept a static-RSA suite or send no staple
 * for a certificate naming an OCSP responder; a WireMock site whose plain-HTTP side redirects,
 * and one whose plain side serves the page and sets the session cookie there. The same questions
 * are asked of each scan, so what turns an answer is the evidence; the page publishes an
 * attested "We support perfect forward secrecy." only where the scan does not speak against it.
 */
class TransportAnswersEndToEndTest {
  private static final String SESSION = "s3ssionVALUEtransport";

  private static final List<String> QUESTIONS = List.of(
      "Do you support perfect forward secrecy?",
      "Is forward secrecy supported on all endpoints?",
      "Do all cipher suites provide forward secrecy?",
      "Is any non-PFS cipher suite accepted?",
      "Do you staple OCSP responses?",
      "Is OCSP stapling enabled on all endpoints?",
      "Is all traffic encrypted in transit?",
      "Are session cookies ever sent over HTTP?",
      "Are session cookies never sent over HTTP?",
      "Are cookies only set over HTTPS?");

  @BeforeAll
  static void needsOpenssl() {
    Assumptions.assumeTrue(OpenSslServer.available(), "openssl is not installed");
  }

  @Test
  void theChannelKeptAnswersYesWhereTheScanShowsItAndLeavesTheRestForAPerson(
      @TempDir Path dir) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TestPki pki = new TestPki("Transport Kept", now);
    TestPki.Issued leaf = pki.issue(TestPki.Spec.good(now));
    Path ocsp = Files.write(dir.resolve("ocsp.der"), pki.ocspResponse(leaf.leaf(), null,
        now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(3))));
    try (Site site = site(false); OpenSslServer mail = OpenSslServer.start(leaf.writePem(dir),
        "-status_file", ocsp.toString(), "-cipher",
        "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384")) {
      // The site's own certificate (WireMock's) staples nothing and names no responder:
      // nothing to staple there, which is no "No"; the mail port staples. Every cookie recorded
      // was set over HTTPS: of the pages probed, not of every URL, so "only set" is for a
      // person. "Sent" is the session cookie's Secure flag, judged on those pages too, and the
      // Set-Cookie's channel, which answers only a lapse; asked either way round (before, "ever
      // sent" was the channel alone and left to a person beside a Yes to "never sent").
      assertThat(scanAndAnswer(dir, site, mail.port)).containsAllEntriesOf(Map.of(
          "Is any non-PFS cipher suite accepted?", "No",
          "Do all cipher suites provide forward secrecy?", "Yes",
          "Is forward secrecy supported on all endpoints?", "Yes",
          "Do you support perfect forward secrecy?", "Yes",
          "Is all traffic encrypted in transit?", "Yes",
          "Do you staple OCSP responses?", "Yes",
          "Is OCSP stapling enabled on all endpoints?", "",
          "Are session cookies ever sent over HTTP?", "No",
          "Are session cookies never sent over HTTP?", "Yes",
          "Are cookies only set over HTTPS?", ""));
      assertThat(pagePublishesForwardSecrecy(dir)).isTrue();
    }
  }

  @Test
  void theChannelBrokenAnswersNoOrYesFromWhatTheScanSaw(@TempDir Path dir) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TestPki pki = new TestPki("Transport Broken", now);
    // Names a responder (never asked: the probe reads the certificate only) yet staples nothing.
    TestPki.Issued leaf = pki.issue(TestPki.Spec.good(now).ocsp("http://127.0.0.1:9/ocsp"));
    try (Site site = site(true); OpenSslServer mail = OpenSslServer.start(leaf.writePem(dir),
        "-tls1_2", "-cipher", "AES128-GCM-SHA256")) {
      // Forward secrecy is in place on the site, not on the mail port: which one the plain
      // question asks of is a person's call. The mail port's certificate names a responder and
      // gets no staple; the site's names none: stapling is off where there is one to staple.
      assertThat(scanAndAnswer(dir, site, mail.port)).containsAllEntriesOf(Map.of(
          "Is any non-PFS cipher suite accepted?", "Yes",
          "Do all cipher suites provide forward secrecy?", "No",
          "Is forward secrecy supported on all endpoints?", "No",
          "Do you support perfect forward secrecy?", "",
          "Do you staple OCSP responses?", "No",
          "Is OCSP stapling enabled on all endpoints?", "No",
          "Is all traffic encrypted in transit?", "No",
          "Are session cookies ever sent over HTTP?", "Yes",
          "Are session cookies never sent over HTTP?", "No",
          "Are cookies only set over HTTPS?", "No"));
      // The owner's word does not stand beside a scan that saw an endpoint without it.
      assertThat(pagePublishesForwardSecrecy(dir)).isFalse();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString())
            .doesNotContain(SESSION);
      }
    }
  }

  /** The HTTPS site and its plain-HTTP side, each a WireMock on its own loopback port. */
  private record Site(WireMockServer https, WireMockServer plain) implements AutoCloseable {
    @Override
    public void close() {
      https.stop();
      plain.stop();
    }
  }

  /**
   * An HTTPS site that sets the session cookie, and its plain-HTTP side: a redirect to HTTPS,
   * or ({@code plainServes}) the page itself, setting the cookie there.
   */
  private static Site site(boolean plainServes) {
    WireMockServer https = new WireMockServer(options().bindAddress("127.0.0.1")
        .httpDisabled(true).dynamicHttpsPort());
    https.start();
    String cookie = "session=" + SESSION + "; Path=/; HttpOnly; SameSite=Lax";
    https.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withHeader("Set-Cookie", cookie + "; Secure")
        .withBody("<html><body>home</body></html>")));
    WireMockServer plain = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    plain.start();
    plain.stubFor(any(anyUrl()).willReturn(plainServes
        ? aResponse().withStatus(200).withHeader("Content-Type", "text/html")
            .withHeader("Set-Cookie", cookie).withBody("<html><body>home</body></html>")
        : aResponse().withStatus(301).withHeader("Location", "https://127.0.0.1:"
            + https.httpsPort() + "/")));
    return new Site(https, plain);
  }

  /** Scans the site and the mail port, then answers {@link #QUESTIONS} from scan.json. */
  private static Map<String, String> scanAndAnswer(Path dir, Site site, int mail)
      throws Exception {
    Path policy = dir.resolve("acme.yaml");
    Files.writeString(policy, """
        version: 1
        name: acme
        targets:
          - {name: app, url: "https://127.0.0.1:%d/", http_url: "http://127.0.0.1:%d/"}
          - {name: mail, url: "127.0.0.1:%d"}
        tls: {}
        https: {}
        cookies:
          - {name: "session*", secure: true, http_only: true}
        claims:
          - id: pfs
            statement: "We support perfect forward secrecy."
            attest: {owner: cto@acme.test, date: %s}
        """.formatted(site.https().httpsPort(), site.plain().port(), mail,
            java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
    Path out = dir.resolve("out");
    Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(),
        "--color", "never");
    assertThat(scan.code()).as(scan.err()).isIn(0, 1);
    return Cli.answer(dir, policy, out.resolve("scan.json"), QUESTIONS);
  }

  /** The security page from the same scan: whether the attested forward secrecy is published. */
  private static boolean pagePublishesForwardSecrecy(Path dir) throws Exception {
    Cli.Result page = Cli.run("page", "--policy", dir.resolve("acme.yaml").toString(), "--scan",
        dir.resolve("out/scan.json").toString(), "-o", dir.resolve("site").toString());
    assertThat(page.code()).as(page.err()).isIn(0, 1);
    boolean published = Files.readString(dir.resolve("site/security.md"))
        .contains("We support perfect forward secrecy.");
    assertThat(page.err().contains("left out of the page: claim pfs")).as(page.err())
        .isEqualTo(!published);
    return published;
  }
}
