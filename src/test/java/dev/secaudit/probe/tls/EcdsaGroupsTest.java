package dev.secaudit.probe.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secaudit.model.TlsVersion;
import dev.secaudit.probe.config.LoopbackNginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups up to TLS 1.2 on servers whose only certificate is ECDSA: such a server refuses a hello
 * whose supported_groups leave out its certificate's curve (RFC 8422 §5.1), so each group is
 * offered with that curve after it, and the ServerKeyExchange says which one was used. Every
 * server here is configured with a group list, and the enumeration must find that list.
 */
class EcdsaGroupsTest {
  static Path[] p256;
  static Path[] p384;
  static Path[] rsa;

  @BeforeAll
  static void pki(@TempDir Path dir) throws Exception {
    TestPki pki = new TestPki("Ecdsa Groups Test", Instant.now());
    Files.createDirectories(dir.resolve("p256"));
    Files.createDirectories(dir.resolve("p384"));
    Files.createDirectories(dir.resolve("rsa"));
    p256 = pki.issue(TestPki.Spec.good(Instant.now()).key("EC", 256))
        .writePem(dir.resolve("p256"));
    p384 = pki.issue(TestPki.Spec.good(Instant.now()).key("EC", 384))
        .writePem(dir.resolve("p384"));
    rsa = pki.issue(TestPki.Spec.good(Instant.now())).writePem(dir.resolve("rsa"));
  }

  private static SuiteEnumeration only(List<SuiteEnumeration> all, TlsVersion v) {
    return all.stream().filter(e -> e.version() == v).findFirst().orElseThrow();
  }

  /**
   * A P-256 certificate on a server whose key exchange takes only X25519 and P-384: P-256 is
   * refused for the key exchange though it is the certificate's curve, and X25519 and P-384 are
   * accepted though a hello offering either alone is refused. TLS 1.3 (key_share and
   * HelloRetryRequest, no certificate constraint on the groups) finds the same list.
   */
  @Test
  void p256CertificateWithX25519AndP384() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(p256, "-groups", "X25519:P-384")) {
      List<SuiteEnumeration> all = CipherSuiteEnumeratorTest.enumerate(s.port);
      SuiteEnumeration tls12 = only(all, TlsVersion.TLS_1_2);
      assertThat(tls12.suiteNames()).allMatch(n -> n.startsWith("TLS_ECDHE_ECDSA_"));
      assertThat(tls12.groups()).containsExactly("x25519", "secp384r1");
      assertThat(tls12.groupsRefused()).containsExactly("secp256r1", "secp521r1", "x448");
      assertThat(tls12.groupsUndetermined()).isEmpty();
      assertThat(tls12.incomplete()).isNull();
      SuiteEnumeration tls13 = only(all, TlsVersion.TLS_1_3);
      assertThat(tls13.groups()).containsExactly("x25519", "secp384r1");
      assertThat(tls13.groupsUndetermined()).isEmpty();
    }
  }

  /** A P-384 certificate and OpenSSL's default groups, picked in our order: every curve. */
  @Test
  void p384CertificateWithDefaultGroups() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(p384, "-tls1_2")) {
      SuiteEnumeration e = only(CipherSuiteEnumeratorTest.enumerate(s.port), TlsVersion.TLS_1_2);
      assertThat(e.groups()).containsExactly("x25519", "secp256r1", "secp384r1", "secp521r1",
          "x448");
      assertThat(e.groupsRefused()).isEmpty();
      assertThat(e.groupsUndetermined()).isEmpty();
    }
  }

  /**
   * A server that picks groups by its own order, the certificate's curve first: every other
   * group offered before that curve gets the curve, so none of them is shown accepted or
   * refused. They are undetermined, and the check on allowed groups cannot pass on them.
   */
  @Test
  void serverPreferringTheCertificatesCurveLeavesTheOthersUndetermined() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(p256, "-tls1_2", "-serverpref", "-groups",
        "P-256:X25519:P-384")) {
      SuiteEnumeration e = only(CipherSuiteEnumeratorTest.enumerate(s.port), TlsVersion.TLS_1_2);
      assertThat(e.groups()).containsExactly("secp256r1");
      assertThat(e.groupsRefused()).isEmpty();
      assertThat(e.groupsUndetermined()).containsExactly("x25519", "secp384r1", "secp521r1",
          "x448");
      assertThat(e.groupsUndeterminedWhy()).contains("x25519: offered before secp256r1 (the"
          + " certificate's curve), the server chose secp256r1");
      assertThat(e.transcript("127.0.0.1")).contains("groups undetermined: x25519 secp384r1"
          + " secp521r1 x448 (");
      assertThat(e.summary()).contains("groups secp256r1, groups undetermined x25519");
    }
  }

  /** An RSA certificate binds no curve: each group alone, and no more hellos than before. */
  @Test
  void rsaCertificateGroupsAloneInOneHelloEach() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(rsa, "-tls1_2", "-cipher",
        "ECDHE-RSA-AES128-GCM-SHA256", "-groups", "X25519:P-384")) {
      SuiteEnumeration e = only(CipherSuiteEnumeratorTest.enumerate(s.port), TlsVersion.TLS_1_2);
      assertThat(e.groups()).containsExactly("x25519", "secp384r1");
      assertThat(e.groupsRefused()).containsExactly("secp256r1", "secp521r1", "x448");
      assertThat(e.groupsUndetermined()).isEmpty();
      // 1 pick + 1 refusal, no order probe for one suite, 5 groups, and one refusal for each
      // part of the suite list beyond the first.
      assertThat(e.connections())
          .isEqualTo(7 + dev.secaudit.model.CipherSuites.CLASSIC_PARTS.size() - 1);
    }
  }

  /** nginx with its usual ECDSA P-256 certificate and ssl_ecdh_curve. */
  @Test
  void nginxEcdsaWithSslEcdhCurve(@TempDir Path dir) throws Exception {
    assumeTrue(LoopbackNginx.available(), "nginx is not installed");
    try (LoopbackNginx n = LoopbackNginx.startTls(dir, "ssl_protocols TLSv1.2 TLSv1.3;"
        + " ssl_ecdh_curve X25519:secp384r1:secp521r1; location / { return 204; }")) {
      int port = n.port();
      List<SuiteEnumeration> all = CipherSuiteEnumeratorTest.enumerate(port);
      SuiteEnumeration tls12 = only(all, TlsVersion.TLS_1_2);
      assertThat(tls12.groups()).containsExactly("x25519", "secp384r1", "secp521r1");
      assertThat(tls12.groupsRefused()).containsExactly("secp256r1", "x448");
      assertThat(tls12.groupsUndetermined()).isEmpty();
      assertThat(only(all, TlsVersion.TLS_1_3).groups())
          .containsExactly("x25519", "secp384r1", "secp521r1");
    }
  }
}
