package dev.secaudit.probe.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openssl s_server -status_file with an OCSP response the test builds with BouncyCastle: the JDK
 * client and the version probes ask for it (status_request) over TLS 1.2 and 1.3 alike, and the
 * staple is parsed; the version probe reads it from the CertificateStatus message (TLS 1.2) and
 * from the leaf's entry of the encrypted Certificate message (TLS 1.3).
 */
class OcspStaplingProbeTest {
  private static final ClientHelloProber.Limits LIMITS = new ClientHelloProber.Limits(
      Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5));

  @BeforeAll
  static void needsOpenssl() {
    Assumptions.assumeTrue(OpenSslServer.available(), "openssl is not installed");
  }

  private static CertificateObservation observe(TestPki pki, Path[] pem, byte[] ocsp, Path dir,
      String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of(extra));
    if (ocsp != null) {
      Path der = Files.write(dir.resolve("ocsp.der"), ocsp);
      args.addAll(List.of("-status_file", der.toString()));
    }
    try (OpenSslServer server = OpenSslServer.start(pem, args.toArray(new String[0]))) {
      CertificateProbe probe = new CertificateProbe(LIMITS, List.of(pki.root()), "root.pem");
      TlsEndpoint endpoint = new TlsEndpoint("127.0.0.1", server.port, null, null);
      CertificateObservation full = probe.observe(endpoint);
      CertificateObservation read = probe.observe(endpoint,
          new ClientHelloProber(LIMITS, new java.security.SecureRandom())
              .probeAll("127.0.0.1", server.port, null));
      assertThat(read.protocol()).contains(CertificateProbe.FROM_HELLO);
      assertThat(read.staple()).isEqualTo(full.staple());
      assertThat(read.chain()).isEqualTo(full.chain());
      return read;
    }
  }

  @Test
  void aGoodStapleIsReadWithItsValidity(@TempDir Path dir) throws Exception {
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    TestPki pki = new TestPki("Ocsp Test", now);
    TestPki.Issued leaf = pki.issue(TestPki.Spec.good(now));
    byte[] ocsp = pki.ocspResponse(leaf.leaf(), null, now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(3)));
    for (String version : List.of("-tls1_2", "-tls1_3")) {
      CertificateObservation cert = observe(pki, leaf.writePem(dir), ocsp, dir, version);
      assertThat(cert.error()).as(version).isNull();
      assertThat(cert.ocspStapled()).as(version).isTrue();
      assertThat(cert.staple()).as(version).isEqualTo(new OcspStaple("successful", "good",
          now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(3)), true, null, ocsp.length));
    }
  }

  @Test
  void noStapleWhenTheServerHasNone(@TempDir Path dir) throws Exception {
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    TestPki pki = new TestPki("Ocsp Test", now);
    TestPki.Issued leaf = pki.issue(TestPki.Spec.good(now));
    for (String version : List.of("-tls1_2", "-tls1_3")) {
      CertificateObservation cert = observe(pki, leaf.writePem(dir), null, dir, version);
      assertThat(cert.error()).as(version).isNull();
      assertThat(cert.ocspStapled()).as(version).isFalse();
      assertThat(cert.chain()).as(version).hasSize(1);
    }
  }
}
