package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.BoundedText;
import dev.secaudit.model.SecretForms;
import dev.secaudit.probe.tls.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loopback site whose plain side redirects with a 100 KB Location and whose HTTPS pages send a
 * 64 KB Strict-Transport-Security value, each reflecting the API key it was sent past the point
 * where a finding's quote is cut. Every finding text and value in every format is within the
 * bound, quoted with its length and a digest; the whole is in the evidence; nothing of the key,
 * nor the digest of a value with the key in it, is in any file written or line printed.
 */
class LongValuesScanTest {
  static final String KEY = "KeyQuebec7Rt2Vw9Xy";
  private static final String PAD = "abcdefghij".repeat(5_000);

  @TempDir Path dir;
  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  /** The long Location the plain side sends, for {@code key} and the HTTPS port. */
  private static String location(int httpsPort, String key) {
    return "https://127.0.0.1:" + httpsPort + "/?q=" + PAD + key + PAD;
  }

  /** The long HSTS value the HTTPS side sends, for {@code key}. */
  private static String hsts(String key) {
    return "max-age=31536000; includeSubDomains; ext=" + PAD + key
        + PAD.substring(0, 15_000);
  }

  @Test
  void everyFindingTextIsBoundedInEveryFormatAndNoSecretSurvivesTheCut() throws Exception {
    TestPki pki = new TestPki("Long Values CA", Instant.now());
    Path ca = pki.writeRoot(dir.resolve("ca.pem"));
    HttpsServer https = HttpsServer.create(new InetSocketAddress(
        InetAddress.getByName("127.0.0.1"), 0), 16);
    https.setHttpsConfigurator(new HttpsConfigurator(
        pki.issue(TestPki.Spec.good(Instant.now())).serverContext()));
    https.createContext("/", x -> {
      try (x) {
        x.getResponseHeaders().add("Strict-Transport-Security",
            hsts(String.valueOf(x.getRequestHeaders().getFirst("X-Api-Key"))));
        Cli.send(x, 200, "<html><head></head><body>home</body></html>");
      }
    });
    https.start();
    servers.add(https);
    int httpsPort = https.getAddress().getPort();
    HttpServer plain = HttpServer.create(new InetSocketAddress(
        InetAddress.getByName("127.0.0.1"), 0), 16);
    plain.createContext("/", x -> {
      try (x) {
        // The plain side is sent no request headers: it names the key as a server that had
        // issued it would.
        x.getResponseHeaders().add("Location", location(httpsPort, KEY));
        Cli.send(x, 301, "");
      }
    });
    plain.start();
    servers.add(plain);
    Path policy = Files.writeString(dir.resolve("policy.yaml"), """
        version: 1
        name: long-values
        targets:
          - name: site
            url: "https://127.0.0.1:%d/"
            http_url: "http://127.0.0.1:%d/"
            request_headers: {X-Api-Key: "${env:API_KEY}"}
        tls: {min_version: "1.2", certificate: {ca_file: "%s"}}
        https: {redirect: true}
        hsts: {min_max_age: 1y}
        """.formatted(httpsPort, plain.getAddress().getPort(), ca));
    Path out = dir.resolve("out");
    Path evidence = dir.resolve("evidence");
    Cli.Result r = Cli.run(Map.of("API_KEY", KEY), null, "scan", "-p", policy.toString(),
        "-o", out.toString(), "--evidence", evidence.toString(), "--color", "never", "-v");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);

    // The digests a finding would give of the values with the key in clear: a reader who
    // guesses the rest of a value could test guesses of the key against them.
    List<String> clearDigests = List.of(
        Artifact.sha256(location(httpsPort, KEY)).substring(0, 8),
        Artifact.sha256(hsts(KEY)).substring(0, 8));
    String beginning = KEY.substring(0, 8).toLowerCase(Locale.ROOT);
    List<Path> files = written(out, evidence);
    assertThat(files.stream().map(f -> f.getFileName().toString())).contains("scan.json",
        "report.html", "findings.csv", "junit.xml", "results.sarif");
    boolean wholeKept = false;
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      assertThat(SecretForms.foundIn(text, KEY)).as("%s", f).isEmpty();
      assertThat(text.toLowerCase(Locale.ROOT)).as("%s", f).doesNotContain(beginning)
          .doesNotContain(clearDigests.get(0)).doesNotContain(clearDigests.get(1));
      wholeKept |= f.startsWith(evidence.resolve("artifacts")) && text.contains(PAD + "[REDACTED]"
          + PAD);
      String name = f.getFileName().toString();
      if (f.startsWith(out) && !name.equals("scan.json")) {
        // A report quotes each long value short: no run of the padding near its whole length.
        // The HTML's evidence appendix is the raw artifacts, whole as the evidence keeps them.
        String quoted = name.equals("report.html")
            ? text.substring(0, text.indexOf("<section id=\"evidence\"")) : text;
        assertThat(quoted).as("%s", f).doesNotContain(PAD.substring(0, 10_000));
      }
    }
    // The whole Location is in the evidence, masked: what the finding's digest is of.
    assertThat(wholeKept).isTrue();
    String printed = r.out() + r.err();
    assertThat(SecretForms.foundIn(printed, KEY)).isEmpty();
    assertThat(printed.toLowerCase(Locale.ROOT)).doesNotContain(beginning);

    JsonNode scan = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    List<String> quotedShort = new ArrayList<>();
    for (JsonNode finding : scan.get("findings")) {
      List<String> texts = new ArrayList<>();
      texts(finding, texts);
      for (String t : texts) {
        assertThat(t.length()).as(finding.get("check_id") + ": " + t.substring(0, Math.min(80, t.length())))
            .isLessThanOrEqualTo(BoundedText.FINDING + 200);
      }
      if (texts.stream().anyMatch(t -> t.matches("(?s).*… \\([0-9,]+ bytes, sha256 [0-9a-f]{8}…\\).*"))) {
        quotedShort.add(finding.get("check_id").asText());
      }
    }
    // The checks that had quoted the values whole now quote them short.
    assertThat(quotedShort).contains("hsts.header", "https.redirect", "https.redirect_chain");
  }

  /** Every string under {@code node} except the evidence ids. */
  private static void texts(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("evidence")) {
        texts(e.getValue(), out);
      }
    }
    if (node.isArray()) {
      node.forEach(n -> texts(n, out));
    }
  }


  private static List<Path> written(Path out, Path evidence) throws java.io.IOException {
    try (Stream<Path> all = Stream.concat(Files.walk(out), Files.walk(evidence))) {
      return all.filter(Files::isRegularFile).toList();
    }
  }
}
