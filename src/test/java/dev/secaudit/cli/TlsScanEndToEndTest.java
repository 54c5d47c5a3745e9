package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.probe.tls.JsseServerAccess;
import dev.secaudit.probe.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** secaudit scan with a tls: section against a JSSE server on loopback, reports parsed back. */
class TlsScanEndToEndTest {
  @Test
  void scanJudgesVersionsAndCertificateWithTheCliCaFile(@TempDir Path dir) throws Exception {
    Instant now = Instant.now();
    TestPki pki = new TestPki("E2E Test", now);
    Path ca = pki.writeRoot(dir.resolve("root.pem"));
    TestPki.Issued issued = pki.issue(TestPki.Spec.good(now));
    try (AutoCloseable server = JsseServerAccess.start(issued.serverContext(), "TLSv1.2",
        "TLSv1.3")) {
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, """
          version: 1
          name: tls-e2e
          targets:
            - {name: local, url: "https://127.0.0.1:%d/"}
          tls:
            min_version: "1.2"
            certificate: {min_days_left: 14, issuer: "E2E*"}
          """.formatted(JsseServerAccess.port(server)));
      Path out = dir.resolve("out");

      // The JDK's default server suites include CBC and static RSA: low-severity cipher findings.
      Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "--ca-file",
          ca.toString(), "--color", "never", "--fail-on", "medium");
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(0);

      JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
      Map<String, String> verdicts = new HashMap<>();
      json.get("findings").forEach(f -> verdicts.put(f.get("check_id").asText() + " "
          + f.get("subject").asText(), f.get("status").asText()));
      assertThat(verdicts).containsEntry("tls.protocols TLS 1.0", "PASS")
          .containsEntry("tls.protocols TLS 1.3", "PASS")
          .containsEntry("tls.certificate.trusted certificate of 127.0.0.1:"
              + JsseServerAccess.port(server), "PASS")
          .containsEntry("tls.certificate.issuer certificate of 127.0.0.1:"
              + JsseServerAccess.port(server), "PASS")
          .containsEntry("tls.ciphers TLS 1.3 TLS_AES_128_GCM_SHA256", "PASS")
          .containsEntry("tls.ciphers TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "PASS")
          .containsEntry("tls.ciphers TLS 1.2 TLS_RSA_WITH_AES_128_GCM_SHA256", "FAIL")
          .containsEntry("tls.forward_secrecy TLS 1.2", "PASS")
          .containsEntry("tls.grade grade", "INFO")
          .containsEntry("tls.mozilla_profile profile", "INFO");
      Map<String, String> kinds = new HashMap<>();
      json.get("artifacts").forEach(a -> kinds.put(a.get("id").asText(), a.get("kind").asText()));
      assertThat(kinds).containsEntry("local/tls-TLS_1_2", "tls-hello")
          .containsEntry("local/tls-chain", "tls-chain")
          .containsEntry("local/tls-suites-TLS_1_2", "tls-suites")
          .containsEntry("local/tls-suites-TLS_1_3", "tls-suites");
    }
  }

  @Test
  void everySpellingValidateAcceptsForMinVersionScansAsTheNumberDoes(@TempDir Path dir)
      throws Exception {
    // "TLSv1.2" passed validate, then scan exited 70 reading it as a number (seeds21).
    Instant now = Instant.now();
    TestPki pki = new TestPki("Spelling Test", now);
    Path ca = pki.writeRoot(dir.resolve("root.pem"));
    try (AutoCloseable server = JsseServerAccess.start(pki.issue(TestPki.Spec.good(now))
        .serverContext(), "TLSv1.2", "TLSv1.3")) {
      Map<String, String> claimBySpelling = new HashMap<>();
      for (String spelling : List.of("1.2", "TLSv1.2", "TLS 1.2", "tls1.2")) {
        Path policy = dir.resolve("p" + claimBySpelling.size() + ".yaml");
        Files.writeString(policy, """
            version: 1
            name: spelling
            targets:
              - {name: local, url: "https://127.0.0.1:%d/"}
            tls: {min_version: "%s"}
            """.formatted(JsseServerAccess.port(server), spelling));
        assertThat(Cli.run("validate", "-p", policy.toString()).code()).isEqualTo(0);
        Path out = dir.resolve("out" + claimBySpelling.size());
        Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(),
            "--ca-file", ca.toString(), "--color", "never", "-f", "json");
        assertThat(r.code()).as(spelling + ": " + r.err()).isIn(0, 1);
        JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
        StringBuilder claim = new StringBuilder();
        json.get("findings").forEach(f -> claim.append(f.get("check_id").asText()).append(' ')
            .append(f.get("subject").asText()).append(' ').append(f.get("status").asText())
            .append('\n'));
        Path sheet = dir.resolve("q.csv");
        Files.writeString(sheet, "question\nIs TLS 1.2 or higher required?\n");
        Path answers = out.resolve("answers.csv");
        Cli.Result a = Cli.run("answer", sheet.toString(), "-p", policy.toString(), "--scan",
            out.resolve("scan.json").toString(), "-o", answers.toString());
        assertThat(a.code()).as(spelling + ": " + a.err()).isIn(0, 1);
        String row = Files.readAllLines(answers).get(1);
        claim.append(row, 0, row.indexOf(',', row.indexOf(',') + 1));
        claimBySpelling.put(spelling, claim.toString());
      }
      assertThat(claimBySpelling.get("1.2")).contains("tls.protocols TLS 1.1 PASS")
          .endsWith(",Yes");
      assertThat(claimBySpelling.values()).containsOnly(claimBySpelling.get("1.2"));
    }
  }

  @Test
  void tls10OnlyServerFailsTheProtocolsAndItsChainIsJudgedFromTheRawHandshake(@TempDir Path dir)
      throws Exception {
    Instant now = Instant.now();
    TestPki pki = opensslAndRoot(dir, "Legacy Test", now);
    Path[] pem = pki.issue(TestPki.Spec.good(now)).writePem(dir);
    try (dev.secaudit.probe.tls.OpenSslServer server = dev.secaudit.probe.tls.OpenSslServer.start(
        pem, "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0")) {
      Cli.Result r = scanWithRoot(dir, "legacy", server.port);
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
      JsonNode json = new ObjectMapper().readTree(dir.resolve("out/scan.json").toFile());
      Map<String, String> verdicts = new HashMap<>();
      json.get("findings").forEach(f -> verdicts.put(f.get("check_id").asText() + " "
          + f.get("subject").asText(), f.get("status").asText()));
      String cert = " certificate of 127.0.0.1:" + server.port;
      assertThat(verdicts).containsEntry("tls.protocols TLS 1.0", "FAIL")
          .containsEntry("tls.protocols allowed versions", "FAIL")
          .containsEntry("tls.certificate.trusted" + cert, "PASS")
          .containsEntry("tls.certificate.hostname" + cert, "PASS")
          .containsEntry("tls.certificate.key" + cert, "PASS");
    }
  }

  @Test
  void aScanFetchesTheSecondCertificateAndFailsItsRsa1024Key(@TempDir Path dir)
      throws Exception {
    Instant now = Instant.now();
    TestPki pki = opensslAndRoot(dir, "Dual Scan", now);
    Path[] ec = ecdsaP256(pki, dir, now);
    Path[] rsa = pki.issue(TestPki.Spec.good(now).key("RSA", 1024))
        .writePem(Files.createDirectories(dir.resolve("rsa")));
    try (dev.secaudit.probe.tls.OpenSslServer server = dev.secaudit.probe.tls.OpenSslServer.start(
        ec, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"
            + ":@SECLEVEL=0", "-dcert", rsa[0].toString(), "-dkey", rsa[1].toString())) {
      Cli.Result r = scanWithRoot(dir, "dual", server.port);
      JsonNode json = new ObjectMapper().readTree(dir.resolve("out/scan.json").toFile());
      Map<String, String> keys = new HashMap<>();
      json.get("findings").forEach(f -> {
        if (f.get("check_id").asText().equals("tls.certificate.key")) {
          keys.put(f.get("subject").asText(), f.get("status").asText() + " "
              + f.get("observed").asText());
        }
      });
      String cert = "certificate of 127.0.0.1:" + server.port;
      assertThat(keys).as(r.out() + r.err()).containsEntry(cert, "PASS EC 256 bits")
          .containsEntry("RSA " + cert, "FAIL RSA 1024 bits");
      Map<String, String> kinds = new HashMap<>();
      json.get("artifacts").forEach(a -> kinds.put(a.get("id").asText(), a.get("kind").asText()));
      assertThat(kinds).containsEntry("dual/tls-chain-RSA", "tls-chain");
    }
  }

  @Test
  void aScanFailsTheChainOfASecondCertificateMissingItsIntermediateAndGradesIt(@TempDir Path dir)
      throws Exception {
    Instant now = Instant.now();
    TestPki pki = opensslAndRoot(dir, "Dual Chain", now);
    Path[] ec = ecdsaP256(pki, dir, now);
    TestPki.Issued viaMid = pki.issueViaIntermediate(TestPki.Spec.good(now));
    Path[] leafOnly = new TestPki.Issued(viaMid.keys(), List.of(viaMid.leaf()))
        .writePem(Files.createDirectories(dir.resolve("rsa")));
    try (dev.secaudit.check.tls.DualCertificateServer server =
        dev.secaudit.check.tls.DualCertificateServer.start(dir, ec, leafOnly,
            "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256", "X25519:P-256:P-384")) {
      Cli.Result r = scanWithRoot(dir, "dual", server.port);
      JsonNode json = new ObjectMapper().readTree(dir.resolve("out/scan.json").toFile());
      Map<String, String> seen = new HashMap<>();
      json.get("findings").forEach(f -> seen.put(f.get("check_id").asText() + " "
          + f.get("subject").asText(), f.get("status").asText() + " " + f.get("evidence")));
      String cert = "certificate of 127.0.0.1:" + server.port;
      assertThat(seen).as(server.by + ": " + r.out() + r.err())
          .containsEntry("tls.certificate.chain " + cert, "PASS [\"dual/tls-chain\"]")
          .containsEntry("tls.certificate.chain RSA " + cert, "FAIL [\"dual/tls-chain-RSA\"]");
      json.get("findings").forEach(f -> {
        if (f.get("check_id").asText().equals("tls.grade")) {
          assertThat(f.get("observed").asText()).startsWith("T (")
              .contains("RSA certificate not trusted");
        }
      });
      assertThat(r.code()).isEqualTo(1);
    }
  }

  @Test
  void mozillaIntermediateAgainstAServerWithStaticRsaCbcBesideEcdheGcm(@TempDir Path dir)
      throws Exception {
    Instant now = Instant.now();
    TestPki pki = opensslAndRoot(dir, "Cipher Test", now);
    Path[] pem = pki.issue(TestPki.Spec.good(now)).writePem(dir);
    try (dev.secaudit.probe.tls.OpenSslServer server = dev.secaudit.probe.tls.OpenSslServer.start(
        pem, "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA", "-groups", "X25519:P-256:P-384")) {
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, """
          version: 1
          name: tls-ciphers
          extends: [mozilla-intermediate]
          targets:
            - {name: app, url: "https://127.0.0.1:%d/"}
          tls:
            certificate: {ca_file: certs/root.pem}
          """.formatted(server.port));
      Path out = dir.resolve("out");
      Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f", "json",
          "--color", "never");
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
      JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
      Map<String, String> verdicts = new java.util.TreeMap<>();
      Map<String, String> observed = new HashMap<>();
      json.get("findings").forEach(f -> {
        String id = f.get("check_id").asText();
        if (id.equals("tls.ciphers") || id.equals("tls.forward_secrecy") || id.equals("tls.grade")
            || id.equals("tls.mozilla_profile")) {
          verdicts.put(id + " " + f.get("subject").asText(), f.get("status").asText() + " "
              + f.get("severity").asText());
          observed.put(id, f.get("observed").asText());
        }
      });
      assertThat(verdicts).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.ofEntries(
          Map.entry("tls.ciphers TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "PASS MEDIUM"),
          Map.entry("tls.ciphers TLS 1.2 TLS_RSA_WITH_AES_128_CBC_SHA", "FAIL MEDIUM"),
          Map.entry("tls.ciphers TLS 1.2 groups", "PASS MEDIUM"),
          Map.entry("tls.ciphers TLS 1.3 TLS_AES_128_GCM_SHA256", "PASS MEDIUM"),
          Map.entry("tls.ciphers TLS 1.3 TLS_AES_256_GCM_SHA384", "PASS MEDIUM"),
          Map.entry("tls.ciphers TLS 1.3 TLS_CHACHA20_POLY1305_SHA256", "PASS MEDIUM"),
          Map.entry("tls.ciphers TLS 1.3 groups", "PASS MEDIUM"),
          Map.entry("tls.forward_secrecy TLS 1.2", "FAIL MEDIUM"),
          Map.entry("tls.forward_secrecy TLS 1.3", "PASS MEDIUM"),
          Map.entry("tls.grade grade", "INFO INFO"),
          Map.entry("tls.mozilla_profile profile", "INFO INFO"))));
      assertThat(observed.get("tls.grade")).isEqualTo("A (score 93: protocol 100, key exchange"
          + " 90, cipher 90) on 127.0.0.1:" + server.port);
      assertThat(observed.get("tls.mozilla_profile")).isEqualTo("meets neither; not intermediate:"
          + " TLS 1.2 TLS_RSA_WITH_AES_128_CBC_SHA accepted on 127.0.0.1:" + server.port);
      JsonNode suites = null;
      for (JsonNode a : json.get("artifacts")) {
        if (a.get("id").asText().equals("app/tls-suites-TLS_1_2")) {
          suites = a;
        }
      }
      assertThat(suites).isNotNull();
    }
  }

  @Test
  void withoutTheCaFileTheChainIsUntrustedAndTheGateFails(@TempDir Path dir) throws Exception {
    Instant now = Instant.now();
    TestPki.Issued issued = new TestPki("E2E Other", now).issue(TestPki.Spec.good(now));
    try (AutoCloseable server = JsseServerAccess.start(issued.serverContext())) {
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, """
          version: 1
          name: tls-e2e
          targets:
            - {name: local, url: "https://127.0.0.1:%d/"}
          tls: {}
          """.formatted(JsseServerAccess.port(server)));
      Cli.Result r = Cli.run("scan", "-p", policy.toString(), "--color", "never");
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
      assertThat(r.out()).contains("tls.certificate.trusted");
    }
  }

  @Test
  void unreadableCaFileIsAUsageError(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        version: 1
        name: tls-e2e
        targets:
          - {name: local, url: "https://127.0.0.1:1/"}
        tls: {}
        """);
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "--ca-file",
        dir.resolve("missing.pem").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--ca-file: cannot read CA certificates from");
  }

  /**
   * scan -f json into {@code dir}/out of one target at 127.0.0.1:{@code port}, its certificates
   * judged against the root in {@code dir}/certs/root.pem.
   */
  private static Cli.Result scanWithRoot(Path dir, String target, int port) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        version: 1
        name: tls-%s
        targets:
          - {name: %s, url: "https://127.0.0.1:%d/"}
        tls:
          certificate: {ca_file: certs/root.pem}
        """.formatted(target, target, port));
    return Cli.run("scan", "-p", policy.toString(), "-o", dir.resolve("out").toString(), "-f",
        "json", "--color", "never");
  }

  /** Chain and key PEM files of a good ECDSA P-256 leaf of {@code pki}, in {@code dir}/ec. */
  private static Path[] ecdsaP256(TestPki pki, Path dir, Instant now) throws Exception {
    return pki.issue(TestPki.Spec.good(now).key("EC", 256))
        .writePem(Files.createDirectories(dir.resolve("ec")));
  }

  /** A PKI whose root is in {@code dir}/certs/root.pem, when openssl is there to serve it. */
  private static TestPki opensslAndRoot(Path dir, String name, Instant now) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(dev.secaudit.probe.tls.OpenSslServer.available(),
        "openssl is not installed");
    TestPki pki = new TestPki(name, now);
    Files.createDirectories(dir.resolve("certs"));
    pki.writeRoot(dir.resolve("certs/root.pem"));
    return pki;
  }
}
