package dev.secaudit.probe.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.TlsVersion;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS 1.2 version probe takes a chain as the server's only when the ServerKeyExchange
 * signature over both randoms and the key exchange verifies with the leaf's key (TLS 1.3's
 * CertificateVerify is in {@link Tls13FlightTest}): ECDHE and DHE against openssl s_server; a
 * server presenting another party's certificate gets no chain taken, under TLS 1.2 or 1.3.
 */
class KeyExchangeSignatureTest {
  static final ClientHelloProber.Limits LIMITS = new ClientHelloProber.Limits(
      Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(6));
  static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  private static ClientHelloProber prober() {
    return new ClientHelloProber(LIMITS, new SecureRandom());
  }

  @Test
  void ecdheAndDheSignaturesVerifyWithTheLeafsKey(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(OpenSslServer.available(), "openssl is not installed");
    TestPki pki = new TestPki("Kx Test", NOW);
    for (String key : List.of("RSA", "EC")) {
      TestPki.Issued issued = pki.issue(key.equals("EC")
          ? TestPki.Spec.good(NOW).key("EC", 256) : TestPki.Spec.good(NOW));
      Path[] pem = issued.writePem(dir);
      List<String> ciphers = key.equals("EC") ? List.of("ECDHE-ECDSA-AES128-GCM-SHA256")
          : List.of("ECDHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES128-GCM-SHA256");
      for (String cipher : ciphers) {
        try (OpenSslServer server = OpenSslServer.start(pem, "-tls1_2", "-cipher", cipher)) {
          VersionProbe v = prober().probe("127.0.0.1", server.port, null, TlsVersion.TLS_1_2);
          assertThat(v.outcome()).as(cipher).isEqualTo(VersionProbe.Outcome.ACCEPTED);
          assertThat(v.answer()).as(cipher).contains("ServerKeyExchange signature (")
              .contains(") verified with the leaf's key");
          assertThat(v.certificates().get(0)).as(cipher).isEqualTo(issued.leaf().getEncoded());
        }
      }
    }
  }

  /**
   * A server that presents another party's certificate cannot sign for it: the probe keeps the
   * version verdict but not the chain, and the full handshake that stands in fails as a client's
   * would, so no chain is judged as the server's.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void aChainTheServerCannotSignForIsNotTakenAsItsOwn(String protocol) throws Exception {
    TestPki pki = new TestPki("Kx Test", NOW);
    TestPki.Issued ours = pki.issue(TestPki.Spec.good(NOW));
    TestPki.Issued theirs = pki.issue(TestPki.Spec.good(NOW));
    TlsVersion version = protocol.equals("TLSv1.2") ? TlsVersion.TLS_1_2 : TlsVersion.TLS_1_3;
    try (AutoCloseable server = JsseServerAccess.start(
        ours.serverContextPresenting(theirs.chain()), protocol)) {
      int port = JsseServerAccess.port(server);
      List<VersionProbe> versions = prober().probeAll("127.0.0.1", port, null);
      VersionProbe probe = versions.stream().filter(v -> v.version() == version)
          .findFirst().orElseThrow();
      assertThat(probe.outcome()).isEqualTo(VersionProbe.Outcome.ACCEPTED);
      assertThat(probe.certificates()).isEmpty();
      assertThat(probe.answer()).contains("does not verify with the leaf's key")
          .contains(ClientHelloProber.NOT_ITS_CHAIN);
      CertificateObservation cert = new CertificateProbe(LIMITS, List.of(pki.root()), "root.pem")
          .observe(new TlsEndpoint("127.0.0.1", port, null, null), versions);
      assertThat(cert.chain()).isEmpty();
      assertThat(cert.error()).startsWith("TLS handshake failed");
    }
  }
}
