package dev.secaudit.check.tls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckContext;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.CertificateObservation;
import dev.secaudit.probe.tls.CertificateProbe;
import dev.secaudit.probe.tls.CipherSuiteEnumerator;
import dev.secaudit.probe.tls.ClientHelloProber;
import dev.secaudit.probe.tls.OpenSslServer;
import dev.secaudit.probe.tls.SuiteEnumeration;
import dev.secaudit.probe.tls.TestPki;
import dev.secaudit.probe.tls.TlsEndpoint;
import dev.secaudit.probe.tls.TlsObservation;
import dev.secaudit.probe.tls.VersionProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openssl s_server with an ECDSA P-256 certificate and a second, RSA-1024 one (-dcert): the
 * chain read is the ECDSA one, yet ECDHE_RSA suites are accepted and get the RSA certificate, so
 * no certificate finding may pass on the ECDSA one alone.
 */
class TlsDualCertificateOverProbeTest {
  private static final ClientHelloProber.Limits LIMITS = new ClientHelloProber.Limits(
      Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(6));

  @Test
  void aSecondCertificateTheSuitesShowIsNotPassedOnTheFirst(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(OpenSslServer.available(), "openssl is not installed");
    Instant now = Instant.now();
    TestPki pki = new TestPki("Dual Test", now);
    Path[] ec = pki.issue(TestPki.Spec.good(now).key("EC", 256))
        .writePem(Files.createDirectories(dir.resolve("ec")));
    Path[] rsa = pki.issue(TestPki.Spec.good(now).key("RSA", 1024))
        .writePem(Files.createDirectories(dir.resolve("rsa")));
    String suites = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0";

    List<Finding> dual = judge(pki, now, ec, "-tls1_2", "-cipher", suites,
        "-dcert", rsa[0].toString(), "-dkey", rsa[1].toString());
    Finding key = dual.stream().filter(f -> f.checkId().equals("tls.certificate.key"))
        .findFirst().orElseThrow();
    assertThat(key.status()).isEqualTo(Status.WARN);
    assertThat(key.observed()).startsWith("EC 256 bits").contains("only the EC certificate was"
        + " judged; the server also accepted TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (an RSA"
        + " certificate)");
    assertThat(dual).noneMatch(f -> f.status() == Status.PASS);

    // the same server without the second certificate: the ECDSA one is all there is
    List<Finding> single = judge(pki, now, ec, "-tls1_2", "-cipher", suites);
    assertThat(single).filteredOn(f -> f.checkId().equals("tls.certificate.key"))
        .singleElement().satisfies(f -> {
          assertThat(f.status()).isEqualTo(Status.PASS);
          assertThat(f.observed()).isEqualTo("EC 256 bits");
        });
  }

  private static List<Finding> judge(TestPki pki, Instant now, Path[] pem, String... args)
      throws Exception {
    try (OpenSslServer server = OpenSslServer.start(pem, args)) {
      ClientHelloProber hellos = new ClientHelloProber(LIMITS, new java.security.SecureRandom());
      List<VersionProbe> versions = hellos.probeAll("127.0.0.1", server.port, null);
      List<SuiteEnumeration> suites = new CipherSuiteEnumerator(hellos)
          .enumerate("127.0.0.1", server.port, null, versions);
      CertificateObservation cert = new CertificateProbe(LIMITS, List.of(pki.root()), "root.pem")
          .observe(new TlsEndpoint("127.0.0.1", server.port, null, null), versions);
      String yaml = "version: 1\nname: t\ntargets:\n  - {name: app, url: \"https://127.0.0.1\"}\n"
          + "tls: {certificate: {require_hostname_match: false}}\n";
      LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
          .load("t.yaml", yaml.getBytes(UTF_8));
      TlsObservation tls = new TlsObservation("127.0.0.1", server.port, null, now, versions,
          cert, null, new ArrayList<>(suites));
      return new TlsCertificateCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded,
          loaded.policy().targets().get(0),
          new TargetObservations("app", null, null, null, null, null, tls), now));
    }
  }
}
