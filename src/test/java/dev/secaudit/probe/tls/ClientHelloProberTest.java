package dev.secaudit.probe.tls;

import static dev.secaudit.probe.tls.VersionProbe.Outcome.ACCEPTED;
import static dev.secaudit.probe.tls.VersionProbe.Outcome.NOT_TESTABLE;
import static dev.secaudit.probe.tls.VersionProbe.Outcome.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secaudit.model.TlsVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built hellos against real servers on loopback: openssl s_server and JSSE. */
class ClientHelloProberTest {
  static final ClientHelloProber.Limits LIMITS =
      new ClientHelloProber.Limits(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4));

  static TestPki.Issued server;
  static Path[] pem;

  @BeforeAll
  static void pki(@TempDir Path dir) throws Exception {
    server = new TestPki("Prober Test", Instant.now()).issue(TestPki.Spec.good(Instant.now()));
    pem = server.writePem(dir);
  }

  static ClientHelloProber prober() {
    return new ClientHelloProber(LIMITS, new SplittableRandom(42));
  }

  static Map<TlsVersion, VersionProbe> byVersion(List<VersionProbe> probes) {
    Map<TlsVersion, VersionProbe> m = new EnumMap<>(TlsVersion.class);
    probes.forEach(p -> m.put(p.version(), p));
    return m;
  }

  static Map<TlsVersion, VersionProbe.Outcome> outcomes(List<VersionProbe> probes) {
    Map<TlsVersion, VersionProbe.Outcome> m = new EnumMap<>(TlsVersion.class);
    probes.forEach(p -> m.put(p.version(), p.outcome()));
    return m;
  }

  static Map<TlsVersion, VersionProbe.Outcome> expect(VersionProbe.Outcome... o) {
    Map<TlsVersion, VersionProbe.Outcome> m = new EnumMap<>(TlsVersion.class);
    for (int i = 0; i < o.length; i++) {
      m.put(TlsVersion.values()[i], o[i]);
    }
    return m;
  }

  @Test
  void tls10OnlyOpenSslServerIsReportedAsAcceptingTls10OnThisJdk() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0")) {
      List<VersionProbe> probes = prober().probeAll("127.0.0.1", s.port, null);
      assertThat(outcomes(probes)).isEqualTo(
          expect(REFUSED, REFUSED, ACCEPTED, REFUSED, REFUSED, REFUSED));
      VersionProbe tls10 = byVersion(probes).get(TlsVersion.TLS_1_0);
      assertThat(tls10.cipherSuite()).startsWith("TLS_ECDHE_RSA_WITH_AES_");
      assertThat(tls10.answer()).startsWith("ServerHello TLS 1.0, TLS_ECDHE_RSA_WITH_AES_");
      // The chain, read in the clear after the ServerHello, for the certificate checks.
      assertThat(tls10.certificates()).hasSize(1);
      assertThat(tls10.certificates().get(0)).isEqualTo(server.leaf().getEncoded());
      // And the curve its ECDHE key exchange named, which follows in the same flight.
      assertThat(tls10.answer()).endsWith("; Certificate message, 1 certificates;"
          + " ServerKeyExchange, named curve x25519");
      assertThat(tls10.namedGroup()).isEqualTo(0x001d);
      assertThat(byVersion(probes).get(TlsVersion.TLS_1_1).reason())
          .isEqualTo("answered with TLS 1.0 instead");
      // The JDK the tests run on cannot even offer TLS 1.0 by default: JSSE would have said no.
      assertThat(java.security.Security.getProperty("jdk.tls.disabledAlgorithms"))
          .contains("TLSv1");
    }
  }

  @Test
  void tls11OnlyOpenSslServer() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")) {
      List<VersionProbe> probes = prober().probeAll("127.0.0.1", s.port, null);
      assertThat(outcomes(probes)).isEqualTo(
          expect(REFUSED, REFUSED, REFUSED, ACCEPTED, REFUSED, REFUSED));
      assertThat(byVersion(probes).get(TlsVersion.TLS_1_0).reason())
          .isEqualTo("alert protocol_version");
      assertThat(byVersion(probes).get(TlsVersion.TLS_1_2).reason())
          .isEqualTo("answered with TLS 1.1 instead");
    }
  }

  @Test
  void tls12OnlyOpenSslServer() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_2")) {
      List<VersionProbe> probes = prober().probeAll("127.0.0.1", s.port, null);
      assertThat(outcomes(probes)).isEqualTo(
          expect(REFUSED, REFUSED, REFUSED, REFUSED, ACCEPTED, REFUSED));
      Map<TlsVersion, VersionProbe> v = byVersion(probes);
      // s_server follows the client's order unless -serverpref: our first RSA suite.
      assertThat(v.get(TlsVersion.TLS_1_2).cipherSuite())
          .isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
      assertThat(v.get(TlsVersion.TLS_1_0).reason()).isEqualTo("alert protocol_version");
    }
  }

  @Test
  void tls13OnlyOpenSslServer() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_3")) {
      List<VersionProbe> probes = prober().probeAll("127.0.0.1", s.port, null);
      assertThat(outcomes(probes)).isEqualTo(
          expect(REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, ACCEPTED));
      VersionProbe v13 = byVersion(probes).get(TlsVersion.TLS_1_3);
      assertThat(v13.cipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
      assertThat(v13.answer()).contains("supported_versions").contains("key_share");
    }
  }

  @Test
  void tls13OfferWithoutAKeyShareGetsTheSuiteFromAHelloRetryRequest() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_3", "-ciphersuites",
        "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256")) {
      List<Integer> suites = List.of(0x1301, 0x1303, 0x1302);
      List<Integer> groups = List.of(0x001d, 0x0017);
      VersionProbe cheap = prober().probe("127.0.0.1", s.port, null, TlsVersion.TLS_1_3,
          new ClientHelloProber.Offer(suites, groups, false));
      VersionProbe full = prober().probe("127.0.0.1", s.port, null, TlsVersion.TLS_1_3,
          new ClientHelloProber.Offer(suites, groups));
      // The server's choice is the same; only the full answer cost it a key exchange.
      assertThat(cheap.outcome()).isEqualTo(ACCEPTED);
      assertThat(cheap.answer()).startsWith("HelloRetryRequest TLS 1.3");
      assertThat(full.answer()).startsWith("ServerHello TLS 1.3");
      assertThat(cheap.cipherSuite()).isEqualTo(full.cipherSuite())
          .isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    }
  }

  @Test
  void aKeyShareNeedsX25519First() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClientHelloProber.Offer(
        List.of(0x1301), List.of(0x0017, 0x001d), true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tls12And13OpenSslServerWithSniForAHostName() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-min_protocol", "TLSv1.2")) {
      List<VersionProbe> probes = prober().probeAll("127.0.0.1", s.port, "localhost");
      assertThat(outcomes(probes)).isEqualTo(
          expect(REFUSED, REFUSED, REFUSED, REFUSED, ACCEPTED, ACCEPTED));
      assertThat(probes.get(4).hello()).contains("SNI localhost");
    }
  }

  @Test
  void jsseServerOnIpv6Loopback() throws Exception {
    java.net.InetAddress v6;
    try {
      v6 = java.net.InetAddress.getByName("::1");
      new java.net.ServerSocket(0, 1, v6).close();
    } catch (java.io.IOException e) {
      assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
      return;
    }
    SSLContext ctx = server.serverContext();
    try (JsseServer s = new JsseServer(ctx, v6, "TLSv1.2", "TLSv1.3")) {
      List<VersionProbe> probes = prober().probeAll("::1", s.port(), null);
      assertThat(outcomes(probes)).isEqualTo(
          expect(REFUSED, REFUSED, REFUSED, REFUSED, ACCEPTED, ACCEPTED));
      assertThat(probes.get(5).cipherSuite()).startsWith("TLS_AES_");
    }
  }

  @Test
  void jsseTls12OnlyServer() throws Exception {
    try (JsseServer s = new JsseServer(server.serverContext(), "TLSv1.2")) {
      List<VersionProbe> probes = prober().probeAll("127.0.0.1", s.port(), null);
      assertThat(outcomes(probes)).isEqualTo(
          expect(REFUSED, REFUSED, REFUSED, REFUSED, ACCEPTED, REFUSED));
    }
  }

  @Test
  void closedPortIsNotTestableOnceForAllVersions() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    List<VersionProbe> probes = prober().probeAll("127.0.0.1", port, null);
    assertThat(probes).allSatisfy(p -> {
      assertThat(p.outcome()).isEqualTo(NOT_TESTABLE);
      assertThat(p.reason()).startsWith("cannot connect");
    });
  }
}
