package dev.secaudit.check.tls;

import dev.secaudit.check.StandardChecks;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.CertificateObservation;
import dev.secaudit.probe.tls.CertificateProbe;
import dev.secaudit.probe.tls.ClientHelloProber;
import dev.secaudit.probe.tls.JsseServerAccess;
import dev.secaudit.probe.tls.TestPki;
import dev.secaudit.probe.tls.TlsEndpoint;
import dev.secaudit.probe.tls.TlsObservation;
import dev.secaudit.probe.tls.VersionProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Certificates made with BouncyCastle, served by a JSSE server on loopback, captured by the
 * certificate probe and judged by the check: each case asserts every verdict.
 */
class TlsCertificateOverProbeTest {
  static final Instant NOW = Instant.now();
  static final ClientHelloProber.Limits LIMITS = new ClientHelloProber.Limits(
      Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(6));
  static TestPki pki;

  @BeforeAll
  static void pki() throws Exception {
    pki = new TestPki("Acme Test", NOW);
  }

  static LoadedPolicy policy(String certificateRules) {
    String yaml = "version: 1\nname: test\ntargets:\n  - {name: app, url: \"https://localhost\"}\n"
        + "tls:\n  min_version: \"1.2\"\n  certificate: " + certificateRules + "\n";
    return new PolicyLoader(name -> null, StandardChecks.catalog().ids()).load("test.yaml", yaml.getBytes(UTF_8));
  }

  /** Serves {@code issued}, probes it as {@code host} trusting the test root or not, judges it. */
  static Map<String, Status> judge(TestPki.Issued issued, String host, boolean trustRoot,
      String rules) throws Exception {
    return verdicts(observe(issued, host, trustRoot), rules);
  }

  /**
   * The chain as the scan reads it (from the TLS 1.3 version probe's opened flight), checked
   * against a full JSSE handshake with the same server: every judged fact must agree.
   */
  static CertificateObservation observe(TestPki.Issued issued, String host, boolean trustRoot)
      throws Exception {
    try (AutoCloseable server = JsseServerAccess.start(issued.serverContext())) {
      CertificateProbe probe = new CertificateProbe(LIMITS,
          trustRoot ? List.of(pki.root()) : List.of(), "test-root.pem");
      String sni = host.equals("localhost") ? host : null;
      int port = JsseServerAccess.port(server);
      CertificateObservation full = probe.observe(host, port, sni);
      List<VersionProbe> versions = new ClientHelloProber(LIMITS, new java.security.SecureRandom())
          .probeAll(host, port, sni);
      CertificateObservation read = probe.observe(new TlsEndpoint(host, port, sni, null), versions);
      if (full.error() == null) {
        assertThat(read.protocol()).isEqualTo("TLS 1.3 (" + CertificateProbe.FROM_HELLO + ")");
        assertThat(read.chain()).isEqualTo(full.chain());
        assertThat(read.trusted()).isEqualTo(full.trusted());
        assertThat(read.trustError()).isEqualTo(full.trustError());
        assertThat(read.hostnameMatches()).isEqualTo(full.hostnameMatches());
        assertThat(read.chainShape()).isEqualTo(full.chainShape());
        assertThat(read.staple()).isEqualTo(full.staple());
      }
      return read;
    }
  }

  static Map<String, Status> verdicts(CertificateObservation cert, String rules) {
    TlsObservation tls = new TlsObservation(cert.host(), 443, null, NOW, List.of(), cert, null);
    TargetObservations obs = new TargetObservations("app", null, null, null, null, null, tls);
    LoadedPolicy loaded = policy(rules);
    List<Finding> findings = new TlsCertificateCheck().evaluate(
        new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), obs, NOW));
    Map<String, Status> m = new TreeMap<>();
    findings.forEach(f -> m.put(f.checkId().substring("tls.certificate.".length()), f.status()));
    return m;
  }

  static Map<String, Status> expect(Object... kv) {
    Map<String, Status> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Status) kv[i + 1]);
    }
    return m;
  }

  static final Status P = Status.PASS;
  static final Status F = Status.FAIL;

  @Test
  void goodCertificateFromTheCaFile() throws Exception {
    CertificateObservation c = observe(pki.issue(TestPki.Spec.good(NOW)), "localhost", true);
    assertThat(c.error()).isNull();
    assertThat(c.protocol()).isEqualTo("TLS 1.3 (" + CertificateProbe.FROM_HELLO + ")");
    assertThat(c.trustStore()).isEqualTo("JDK trust store + test-root.pem");
    assertThat(c.pem()).contains("-----BEGIN CERTIFICATE-----");
    assertThat(verdicts(c, "{issuer: \"acme*\", min_lifetime_left_percent: 50, max_lifetime_days: 90}"))
        .isEqualTo(expect("trusted", P, "hostname", P, "expiry", P, "lifetime", P, "key", P,
            "signature", P, "issuer", P));
  }

  @Test
  void untrustedRootIsCapturedAndFails() throws Exception {
    CertificateObservation c = observe(pki.issue(TestPki.Spec.good(NOW)), "localhost", false);
    assertThat(c.chain()).hasSize(1);
    assertThat(c.trustError()).isNotBlank();
    assertThat(verdicts(c, "{issuer: \"/O=Let's Encrypt/\"}")).isEqualTo(expect("trusted", F,
        "hostname", P, "expiry", P, "key", P, "signature", P, "issuer", F));
  }

  @Test
  void selfSigned() throws Exception {
    CertificateObservation c = observe(TestPki.selfSigned(TestPki.Spec.good(NOW)), "localhost", true);
    assertThat(c.leaf().selfSigned()).isTrue();
    assertThat(verdicts(c, "{}")).isEqualTo(expect("trusted", F, "hostname", P, "expiry", P,
        "key", P, "signature", P));
  }

  @Test
  void aSelfSignedLeafSignedWithSha1IsFlagged() throws Exception {
    // Recorded observation (issue 21 item 9): this leaf passed as "only self-signed certificates".
    CertificateObservation c = observe(
        TestPki.selfSigned(TestPki.Spec.good(NOW).signedWith("SHA1withRSA")), "localhost", true);
    assertThat(c.leaf().selfSigned()).isTrue();
    assertThat(verdicts(c, "{}")).containsEntry("signature", F);
  }

  @Test
  void wrongHostOnAnIpLiteral() throws Exception {
    TestPki.Issued other = pki.issue(TestPki.Spec.good(NOW).names(List.of("other.test"), List.of()));
    assertThat(judge(other, "127.0.0.1", true, "{}")).isEqualTo(expect("trusted", P,
        "hostname", F, "expiry", P, "key", P, "signature", P));
  }

  @Test
  void expired() throws Exception {
    TestPki.Issued old = pki.issue(TestPki.Spec.good(NOW)
        .validity(NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(10))));
    assertThat(judge(old, "localhost", true, "{}")).isEqualTo(expect("trusted", F,
        "hostname", P, "expiry", F, "key", P, "signature", P));
  }

  @Test
  void notYetValid() throws Exception {
    TestPki.Issued future = pki.issue(TestPki.Spec.good(NOW)
        .validity(NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(60))));
    assertThat(judge(future, "localhost", true, "{}")).isEqualTo(expect("trusted", F,
        "hostname", P, "expiry", F, "key", P, "signature", P));
  }

  @Test
  void sha1Signed() throws Exception {
    CertificateObservation c = observe(
        pki.issue(TestPki.Spec.good(NOW).signedWith("SHA1withRSA")), "localhost", true);
    assertThat(c.leaf().signatureAlgorithm()).isEqualTo("SHA1withRSA");
    assertThat(verdicts(c, "{}")).containsEntry("signature", F).containsEntry("key", P);
  }

  @Test
  void rsa1024() throws Exception {
    CertificateObservation c = observe(pki.issue(TestPki.Spec.good(NOW).key("RSA", 1024)),
        "localhost", true);
    assertThat(c.leaf().keyBits()).isEqualTo(1024);
    assertThat(verdicts(c, "{}")).containsEntry("key", F);
    assertThat(verdicts(c, "{rsa_min_bits: 1024}")).containsEntry("key", P);
  }

  @Test
  void ecKeyAgainstTheModernKeyTypes() throws Exception {
    CertificateObservation c = observe(pki.issue(TestPki.Spec.good(NOW).key("EC", 256)
        .signedWith("SHA256withRSA")), "localhost", true);
    assertThat(c.leaf().keyType()).isEqualTo("EC");
    assertThat(verdicts(c, "{key_types: [EC]}")).containsEntry("key", P);
    assertThat(verdicts(c, "{key_types: [RSA]}")).containsEntry("key", F);
  }

  @Test
  void sixDayLifetimeJudgedByPercentNotByDays() throws Exception {
    // Three days into a six-day certificate: 50% left, 2 whole days.
    TestPki.Issued shortLived = pki.issue(TestPki.Spec.good(NOW)
        .validity(NOW.minus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(3))));
    CertificateObservation c = observe(shortLived, "localhost", true);
    assertThat(verdicts(c, "{min_lifetime_left_percent: 33}")).containsEntry("expiry", P);
    assertThat(verdicts(c, "{min_days_left: 14}")).containsEntry("expiry", F);
    assertThat(verdicts(c, "{min_lifetime_left_percent: 60}")).containsEntry("expiry", F);
  }

  @Test
  void nothingListeningIsAnErrorForEveryCertificateCheck() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CertificateObservation c = new CertificateProbe(LIMITS, List.of(), null)
        .observe("127.0.0.1", port, null);
    assertThat(c.error()).startsWith("TLS handshake failed");
    assertThat(verdicts(c, "{}")).isEqualTo(expect("trusted", Status.ERROR,
        "hostname", Status.ERROR, "expiry", Status.ERROR, "key", Status.ERROR,
        "signature", Status.ERROR));
  }
}
