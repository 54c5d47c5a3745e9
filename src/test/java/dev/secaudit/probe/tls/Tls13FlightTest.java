package dev.secaudit.probe.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.TlsVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS 1.3 version probe opens the server's encrypted flight with its own key share and reads
 * the chain from it: for every TLS 1.3 suite OpenSSL serves; a HelloRetryRequest (the server
 * wants another group) leaves the chain to a full JSSE handshake; a flight that does not decrypt
 * leaves the version verdict alone.
 */
class Tls13FlightTest {
  static final ClientHelloProber.Limits LIMITS = new ClientHelloProber.Limits(
      Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(6));
  static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  @BeforeAll
  static void needsOpenssl() {
    Assumptions.assumeTrue(OpenSslServer.available(), "openssl is not installed");
  }

  private static ClientHelloProber prober() {
    return new ClientHelloProber(LIMITS, new SecureRandom());
  }

  @Test
  void everySuiteOpensTheFlightAndYieldsTheChainAsServed(@TempDir Path dir) throws Exception {
    TestPki pki = new TestPki("Flight Test", NOW);
    TestPki.Issued issued = pki.issueViaIntermediate(TestPki.Spec.good(NOW));
    Path[] pem = issued.writePem(dir);
    // s_server sends only the first certificate of -cert; the intermediate comes from -cert_chain.
    Path intermediates = java.nio.file.Files.writeString(dir.resolve("chain.pem"),
        CertificateFacts.pem(issued.chain().get(1)));
    // CCM too: a server with only CCM suites gets no JSSE handshake, so this is its only chain.
    for (String suite : List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256")) {
      try (OpenSslServer server = OpenSslServer.start(pem, "-tls1_3", "-ciphersuites", suite,
          "-cert_chain", intermediates.toString())) {
        VersionProbe v = prober().probe("127.0.0.1", server.port, null, TlsVersion.TLS_1_3);
        assertThat(v.outcome()).as(suite).isEqualTo(VersionProbe.Outcome.ACCEPTED);
        assertThat(v.cipherSuite()).as(suite).isEqualTo(suite);
        assertThat(v.answer()).as(suite).contains(
            "encrypted flight opened; CertificateVerify (rsa_pss_rsae_sha256) verified");
        List<byte[]> served = issued.chain().stream().map(c -> {
          try {
            return c.getEncoded();
          } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
          }
        }).toList();
        assertThat(v.certificates()).as(suite).hasSize(served.size());
        for (int i = 0; i < served.size(); i++) {
          assertThat(v.certificates().get(i)).as(suite + " #" + i).isEqualTo(served.get(i));
        }
      }
    }
  }

  @Test
  void anEcdsaLeafsSignatureIsVerifiedToo(@TempDir Path dir) throws Exception {
    TestPki pki = new TestPki("Flight Test", NOW);
    TestPki.Issued issued = pki.issue(TestPki.Spec.good(NOW).key("EC", 256));
    try (OpenSslServer server = OpenSslServer.start(issued.writePem(dir), "-tls1_3")) {
      VersionProbe v = prober().probe("127.0.0.1", server.port, null, TlsVersion.TLS_1_3);
      assertThat(v.answer()).contains("CertificateVerify (ecdsa_secp256r1_sha256) verified");
      assertThat(v.certificates().get(0)).isEqualTo(issued.leaf().getEncoded());
    }
  }

  @Test
  void aHelloRetryRequestLeavesTheChainToAFullHandshake(@TempDir Path dir) throws Exception {
    TestPki pki = new TestPki("Flight Test", NOW);
    TestPki.Issued issued = pki.issue(TestPki.Spec.good(NOW));
    try (OpenSslServer server = OpenSslServer.start(issued.writePem(dir), "-tls1_3", "-groups",
        "P-256")) {
      List<VersionProbe> versions = prober().probeAll("127.0.0.1", server.port, null);
      VersionProbe v13 = versions.get(versions.size() - 1);
      assertThat(v13.outcome()).isEqualTo(VersionProbe.Outcome.ACCEPTED);
      assertThat(v13.answer()).contains("HelloRetryRequest");
      assertThat(v13.certificates()).isEmpty();
      CertificateObservation cert = new CertificateProbe(LIMITS, List.of(pki.root()), "root.pem")
          .observe(new TlsEndpoint("127.0.0.1", server.port, null, null), versions);
      assertThat(cert.error()).isNull();
      assertThat(cert.protocol()).isEqualTo("TLSv1.3");
      assertThat(cert.trusted()).isTrue();
      assertThat(cert.chain()).hasSize(1);
    }
  }

  @Test
  void aFlightThatDoesNotDecryptKeepsTheVersionVerdict() throws Exception {
    try (HostileServerTlsTest.Hostile server = new HostileServerTlsTest.Hostile(s -> {
      try {
        OutputStream out = s.getOutputStream();
        out.write(serverHello13());
        out.write(new byte[] {20, 3, 3, 0, 1, 1}); // change_cipher_spec
        byte[] junk = new byte[64];
        new SecureRandom().nextBytes(junk);
        out.write(new byte[] {23, 3, 3, 0, 64});
        out.write(junk);
        out.flush();
        s.getInputStream().read();
      } catch (IOException e) {
        // the prober went away
      }
    })) {
      VersionProbe v = prober().probe("127.0.0.1", server.port(), null, TlsVersion.TLS_1_3);
      assertThat(v.outcome()).isEqualTo(VersionProbe.Outcome.ACCEPTED);
      assertThat(v.certificates()).isEmpty();
      assertThat(v.answer()).contains("encrypted flight not read");
    }
  }

  /** A ServerHello choosing TLS 1.3, TLS_AES_128_GCM_SHA256 and an x25519 share. */
  static byte[] serverHello13() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(3);
    body.write(3);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    body.writeBytes(random);
    body.write(0); // no session id
    body.writeBytes(new byte[] {0x13, 0x01, 0});
    byte[] share = new byte[32];
    new SecureRandom().nextBytes(share);
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    ext.writeBytes(new byte[] {0, 43, 0, 2, 3, 4});
    ext.writeBytes(new byte[] {0, 51, 0, 36, 0, 0x1d, 0, 32});
    ext.writeBytes(share);
    body.write(ext.size() >>> 8);
    body.write(ext.size());
    body.writeBytes(ext.toByteArray());
    int n = body.size();
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.writeBytes(new byte[] {22, 3, 3, (byte) ((n + 4) >>> 8), (byte) (n + 4), 2, 0,
        (byte) (n >>> 8), (byte) n});
    record.writeBytes(body.toByteArray());
    return record.toByteArray();
  }
}
