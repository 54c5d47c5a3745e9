package dev.secaudit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.tls.JsseServerAccess;
import dev.secaudit.probe.tls.TestPki;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/evidence.md, "Replaying a bundle", done by a test: a signed bundle from a real loopback
 * scan (a WireMock HTTPS site and a JSSE TLS endpoint, both with certificates of a private CA
 * given as --ca-file) is unpacked and every digest recomputed from the stored bytes alone, the
 * effective policy merged again from the bundle's copy and profiles and bound as the scan bound
 * its policy, the chain verdict checked again with the bundle's CA, and a one-byte edit caught.
 */
class BundleReplayEndToEndTest {
  /** A hidden form field's value: a secret the run sees, so the stored body has it masked. */
  private static final String TOKEN = "csrf9Replay7Token3Value";

  @Test
  void anAuditorReplaysEveryDigestAndTheEffectivePolicyFromTheBundleAlone(@TempDir Path dir)
      throws Exception {
    Instant now = Instant.now();
    TestPki pki = new TestPki("Replay Private CA", now);
    Path ca = pki.writeRoot(dir.resolve("private-ca.pem"));
    TestPki signing = new TestPki("Replay Signer", now);
    Path[] signer = signing.issue(TestPki.Spec.good(now))
        .writePem(Files.createDirectories(dir.resolve("signer")));
    Path signerCa = signing.writeRoot(dir.resolve("signer/ca.pem"));

    String page = "<html><head><title>replay</title></head><body><form>"
        + "<input type=\"hidden\" name=\"csrf_token\" value=\"" + TOKEN + "\"></form>\n"
        + "<p>more than the transcript's excerpt</p>\n".repeat(200) + "</body></html>\n";
    byte[] latin = "caf\u00e9 cr\u00e8me\n".getBytes(StandardCharsets.ISO_8859_1);
    WireMockServer site = new WireMockServer(options().bindAddress("127.0.0.1")
        .httpDisabled(true).dynamicHttpsPort()
        .keystorePath(keystore(dir, pki.issue(TestPki.Spec.good(now))).toString())
        .keystorePassword("replay").keyManagerPassword("replay").keystoreType("PKCS12"));
    site.start();
    site.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html; charset=utf-8").withBody(page)));
    site.stubFor(get(urlEqualTo("/latin")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/plain; charset=iso-8859-1").withBody(latin)));
    try (AutoCloseable edge = JsseServerAccess.start(pki.issue(TestPki.Spec.good(now))
        .serverContext(), "TLSv1.2", "TLSv1.3")) {
      Path policy = dir.resolve("replay.yaml");
      Files.writeString(policy, """
          version: 1
          name: replay
          extends: [mozilla-intermediate, owasp-headers]
          targets:
            - {name: app, url: "https://127.0.0.1:%d/", paths: ["/", "/latin"]}
            - {name: edge, url: "127.0.0.1:%d"}
          hsts: {min_max_age: 300}
          """.formatted(site.httpsPort(), JsseServerAccess.port(edge)));
      Path bundle = dir.resolve("evidence");
      Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-o",
          dir.resolve("out").toString(), "--ca-file", ca.toString(), "--color", "never",
          "--evidence", bundle.toString(), "--sign-key", signer[1].toString(), "--sign-cert",
          signer[0].toString());
      assertThat(scan.code()).as(scan.out() + scan.err()).isIn(0, 1);

      JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
      JsonNode scanJson = new ObjectMapper().readTree(bundle.resolve("scan.json").toFile());

      // 1. Every digest of the manifest, recomputed from the stored bytes; every file listed.
      Set<String> listed = new HashSet<>();
      for (JsonNode f : manifest.get("files")) {
        byte[] bytes = Files.readAllBytes(bundle.resolve(f.get("path").asText()));
        assertThat(sha256(bytes)).as(f.get("path").asText()).isEqualTo(f.get("sha256").asText());
        assertThat((long) bytes.length).isEqualTo(f.get("size").asLong());
        listed.add(f.get("path").asText());
      }
      try (Stream<Path> all = Files.walk(bundle)) {
        assertThat(all.filter(Files::isRegularFile).map(p -> bundle.relativize(p).toString())
            .filter(p -> !p.startsWith("manifest.json"))).containsExactlyInAnyOrderElementsOf(
                listed);
      }
      for (Path file : walk(bundle)) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
            .as(file.toString()).doesNotContain(TOKEN);
      }

      // 2. The response bodies: the digest each transcript cites, and what the stored bytes are.
      Map<String, JsonNode> bodies = new HashMap<>();
      Map<String, String> transcripts = new HashMap<>();
      scanJson.get("artifacts").forEach(a -> transcripts.put(a.get("id").asText(),
          a.get("content").asText()));
      for (JsonNode f : manifest.get("files")) {
        if (f.has("body")) {
          JsonNode b = f.get("body");
          bodies.put(b.get("received_sha256").asText(), f);
          assertThat(transcripts.get(b.get("artifact").asText()))
              .contains("sha256 " + b.get("received_sha256").asText() + " of the bytes read");
        }
      }
      JsonNode latinFile = bodies.get(sha256(latin));
      assertThat(latinFile).as(bodies.keySet().toString()).isNotNull();
      assertThat(latinFile.at("/body/stored").isMissingNode()).isTrue();
      assertThat(latinFile.get("sha256").asText()).isEqualTo(sha256(latin));
      assertThat(bundle.resolve(latinFile.get("path").asText())).hasBinaryContent(latin);
      JsonNode pageFile = bodies.get(sha256(page.getBytes(StandardCharsets.UTF_8)));
      assertThat(pageFile).isNotNull();
      assertThat(pageFile.at("/body/stored").asText()).contains("[REDACTED]");
      assertThat(Files.readString(bundle.resolve(pageFile.get("path").asText())))
          .isEqualTo(page.replace(TOKEN, "[REDACTED]"));
      assertThat(transcripts.get(pageFile.at("/body/artifact").asText()))
          .contains("# below: the first 4096 of " + page.length() + " characters as text");

      // 3. The profiles are this version's built-in presets, byte for byte.
      List<String> extended = new ArrayList<>();
      for (JsonNode p : manifest.at("/policy/profiles")) {
        extended.add(p.get("name").asText());
        try (InputStream in = getClass().getResourceAsStream("/" + p.get("resource").asText())) {
          byte[] shipped = in.readAllBytes();
          assertThat(sha256(shipped)).isEqualTo(p.get("sha256").asText());
          assertThat(bundle.resolve(p.get("path").asText())).hasBinaryContent(shipped);
        }
      }
      assertThat(extended).containsExactly("mozilla-intermediate", "owasp-headers");

      // 4. The effective policy merged again from the bundle alone (the rule docs/evidence.md
      // states, written here on its own), then bound as the scan bound its file.
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
      ObjectNode merged = new ObjectMapper().createObjectNode();
      for (JsonNode p : manifest.at("/policy/profiles")) {
        deepMerge(merged, yaml.readTree(bundle.resolve(p.get("path").asText()).toFile()));
      }
      deepMerge(merged, yaml.readTree(bundle.resolve(manifest.at("/policy/path").asText())
          .toFile()));
      Path effective = bundle.resolve(manifest.at("/policy/effective/path").asText());
      assertThat(merged).isEqualTo(new ObjectMapper().readTree(effective.toFile()));
      PolicyLoader loader = new PolicyLoader(name -> null, Wiring.catalog().ids());
      Policy replayed = loader.load("effective-policy.json", Files.readAllBytes(effective))
          .policy();
      Policy scanned = loader.load(policy).policy();
      assertThat(replayed).isEqualTo(scanned);
      assertThat(replayed.tls().minVersion()).isNotNull();

      // 5. The private CA is in the bundle, and the chain verdict checks again against it.
      JsonNode trust = manifest.get("trust").get(0);
      assertThat(trust.get("option").asText()).isEqualTo("--ca-file");
      assertThat(trust.at("/certificates/0/sha256").asText())
          .isEqualTo(sha256(pki.root().getEncoded()));
      List<X509Certificate> anchors = certificates(Files.readAllBytes(
          bundle.resolve(trust.get("path").asText())));
      assertThat(anchors).containsExactly(pki.root());
      for (String target : List.of("app", "edge")) {
        List<X509Certificate> chain = certificates(Files.readAllBytes(
            bundle.resolve("artifacts/" + target + "%2Ftls-chain.txt")));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchors.get(0),
            null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
            .generateCertPath(chain.subList(0, 1)), params);
        assertThat(verdict(scanJson, "tls.certificate.trusted", target)).isEqualTo("PASS");
      }

      // 6. The bundle verifies, by secaudit and by openssl; a one-byte edit of a body is caught.
      Cli.Result verified = Cli.run("evidence", "verify", bundle.toString(), "--ca-file",
          signerCa.toString());
      assertThat(verified.code()).as(verified.out() + verified.err()).isEqualTo(0);
      if (opensslPresent()) {
        Process cms = new ProcessBuilder("openssl", "cms", "-verify", "-binary", "-inform", "DER",
            "-in", "manifest.json.p7s", "-content", "manifest.json", "-CAfile",
            signerCa.toString(), "-purpose", "any", "-out", "/dev/null")
            .directory(bundle.toFile()).redirectErrorStream(true).start();
        String said = new String(cms.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cms.waitFor()).as(said).isEqualTo(0);
      }
      Path body = bundle.resolve(latinFile.get("path").asText());
      byte[] edited = Files.readAllBytes(body);
      edited[0] ^= 1;
      Files.write(body, edited);
      Cli.Result tampered = Cli.run("evidence", "verify", bundle.toString(), "--ca-file",
          signerCa.toString());
      assertThat(tampered.code()).isEqualTo(1);
      assertThat(tampered.out()).contains(latinFile.get("path").asText());
    } finally {
      site.stop();
    }
  }

  /** What jq's {@code *} does, and what docs/evidence.md says secaudit does. */
  private static void deepMerge(ObjectNode into, JsonNode from) {
    from.fields().forEachRemaining(e -> {
      JsonNode here = into.get(e.getKey());
      if (here instanceof ObjectNode o && e.getValue().isObject()) {
        deepMerge(o, e.getValue());
      } else {
        into.set(e.getKey(), e.getValue().deepCopy());
      }
    });
  }

  private static String verdict(JsonNode scan, String check, String target) {
    for (JsonNode f : scan.get("findings")) {
      if (f.get("check_id").asText().equals(check) && f.get("target").asText().equals(target)) {
        return f.get("status").asText();
      }
    }
    return null;
  }

  private static List<X509Certificate> certificates(byte[] pem) throws Exception {
    List<X509Certificate> out = new ArrayList<>();
    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))
        .forEach(c -> out.add((X509Certificate) c));
    return out;
  }

  private static Path keystore(Path dir, TestPki.Issued issued) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("site", issued.keys().getPrivate(), "replay".toCharArray(),
        issued.chain().toArray(new X509Certificate[0]));
    Path file = dir.resolve("site.p12");
    try (var out = Files.newOutputStream(file)) {
      ks.store(out, "replay".toCharArray());
    }
    return file;
  }

  private static List<Path> walk(Path dir) throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }

  private static boolean opensslPresent() {
    try {
      return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
