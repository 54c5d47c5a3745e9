package dev.secaudit.check.tls;

import dev.secaudit.check.StandardChecks;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Value;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.CertificateObservation;
import dev.secaudit.probe.tls.CertificateProbe;
import dev.secaudit.probe.tls.ClientHelloProber;
import dev.secaudit.probe.tls.JsseServerAccess;
import dev.secaudit.probe.tls.OpenSslServer;
import dev.secaudit.probe.tls.TestPki;
import dev.secaudit.probe.tls.TlsEndpoint;
import dev.secaudit.probe.tls.TlsObservation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains built with BouncyCastle (root, intermediate, leaf) served whole, without the
 * intermediate, out of order and with a stranger; staples built with BouncyCastle served by
 * openssl s_server -status_file. Every verdict and observed text is asserted.
 */
class TlsChainCheckOverProbeTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final ClientHelloProber.Limits LIMITS = new ClientHelloProber.Limits(
      Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(6));

  private static List<Finding> judge(CertificateObservation cert, String rules, Instant now) {
    String yaml = "version: 1\nname: test\ntargets:\n  - {name: app, url: \"https://localhost\"}\n"
        + "tls:\n  certificate: " + rules + "\n";
    LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("test.yaml", yaml.getBytes(UTF_8));
    TlsObservation tls = new TlsObservation("127.0.0.1", 443, null, now, List.of(), cert, null);
    return new TlsChainCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0),
        new TargetObservations("app", null, null, null, null, null, tls), now));
  }

  private static Map<String, String> verdicts(List<Finding> findings) {
    Map<String, String> m = new TreeMap<>();
    findings.forEach(f -> m.put(f.checkId(), f.status() + ": " + f.observed()));
    return m;
  }

  private static CertificateObservation served(SSLContext ctx, TestPki pki) throws Exception {
    try (AutoCloseable server = JsseServerAccess.start(ctx)) {
      return new CertificateProbe(LIMITS, List.of(pki.root()), "root.pem")
          .observe(new TlsEndpoint("127.0.0.1", JsseServerAccess.port(server), null, null));
    }
  }

  @Test
  void completeIncompleteAndDisorderedChains() throws Exception {
    TestPki pki = new TestPki("Chain Test", NOW);
    TestPki.Issued issued = pki.issueViaIntermediate(TestPki.Spec.good(NOW).key("EC", 256));
    X509Certificate leaf = issued.chain().get(0);
    X509Certificate intermediate = issued.chain().get(1);
    X509Certificate stranger = TestPki.selfSigned(TestPki.Spec.good(NOW).key("EC", 256)
        .signedWith("SHA256withECDSA").names(List.of("stranger.test"), List.of())).leaf();
    String root = "O=Chain Test,CN=Chain Test Root";
    String mid = "O=Chain Test,CN=Chain Test Intermediate";

    CertificateObservation whole = served(issued.serverContextPresenting(
        List.of(leaf, intermediate)), pki);
    assertThat(whole.trusted()).as(whole.trustError()).isTrue();
    assertThat(verdicts(judge(whole, "{}", NOW))).containsEntry("tls.certificate.chain",
        "PASS: 2 certificates on the path, ends at the trust anchor '" + root + "'");

    CertificateObservation missing = served(issued.serverContextPresenting(List.of(leaf)), pki);
    assertThat(missing.trusted()).isFalse();
    assertThat(verdicts(judge(missing, "{}", NOW))).containsEntry("tls.certificate.chain",
        "FAIL: 1 certificate on the path, incomplete: the issuer '" + mid + "' of 'CN=localhost'"
            + " was not sent and is not a trust anchor");

    CertificateObservation disordered = served(issued.serverContextPresenting(
        List.of(leaf, stranger, intermediate)), pki);
    assertThat(verdicts(judge(disordered, "{}", NOW))).containsEntry("tls.certificate.chain",
        "WARN: 2 certificates on the path, ends at the trust anchor '" + root + "', not part of"
            + " the path: O=Self,CN=stranger.test");

    CertificateObservation rootFirst = served(issued.serverContextPresenting(
        List.of(leaf, pki.root(), intermediate)), pki);
    assertThat(verdicts(judge(rootFirst, "{}", NOW))).containsEntry("tls.certificate.chain",
        "WARN: 3 certificates on the path, ends at the trust anchor '" + root + "', not in issuer"
            + " order (each certificate should be followed by its issuer)");
    assertThat(rootFirst.chainShape().rootSent()).isTrue();

    assertThat(judge(missing, "{require_complete_chain: false}", NOW))
        .extracting(Finding::checkId).containsExactly("tls.certificate.ocsp_stapling");
  }

  @Test
  void staplesJudgedForPresenceStatusAndFreshness(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(OpenSslServer.available(), "openssl is not installed");
    TestPki pki = new TestPki("Staple Test", NOW);
    TestPki.Issued issued = pki.issue(TestPki.Spec.good(NOW));
    Path[] pem = issued.writePem(dir);
    Instant from = NOW.minus(Duration.ofHours(1));
    Instant to = NOW.plus(Duration.ofDays(2));
    byte[] good = pki.ocspResponse(issued.leaf(), null, from, to);
    byte[] revoked = pki.ocspResponse(issued.leaf(), new RevokedStatus(
        java.util.Date.from(NOW.minus(Duration.ofDays(1))), CRLReason.keyCompromise), from, to);
    CertificateObservation goodStaple = stapled(pem, pki, good, dir);
    CertificateObservation revokedStaple = stapled(pem, pki, revoked, dir);
    CertificateObservation none = stapled(pem, pki, null, dir);
    String goodText = "stapled OCSP response (" + good.length + " bytes): good, thisUpdate "
        + from + ", nextUpdate " + to;

    assertThat(verdicts(judge(goodStaple, "{ocsp_stapling: required}", NOW)))
        .containsEntry("tls.certificate.ocsp_stapling", "PASS: " + goodText);
    assertThat(verdicts(judge(goodStaple, "{ocsp_stapling: required}", to.plusSeconds(1))))
        .containsEntry("tls.certificate.ocsp_stapling", "FAIL: " + goodText + ": expired (now "
            + to.plusSeconds(1) + ")");
    assertThat(verdicts(judge(revokedStaple, "{}", NOW)))
        .containsEntry("tls.certificate.ocsp_stapling", "FAIL: stapled OCSP response ("
            + revoked.length + " bytes): revoked, thisUpdate " + from + ", nextUpdate " + to);
    // This certificate names no OCSP responder: nothing to staple, which the finding says (and
    // records as a value) so that no claim reads it as stapling switched off.
    String nothing = "; the certificate names no OCSP responder, so there is nothing to staple";
    assertThat(verdicts(judge(none, "{ocsp_stapling: required}", NOW)))
        .containsEntry("tls.certificate.ocsp_stapling", "FAIL: no OCSP response stapled"
            + nothing);
    List<Finding> optional = judge(none, "{}", NOW);
    // Optional and nothing stapled: the rule (a staple must say good) did not apply.
    assertThat(verdicts(optional)).containsEntry("tls.certificate.ocsp_stapling",
        "NOT_APPLICABLE: no OCSP response stapled (optional)" + nothing);
    assertThat(optional).filteredOn(f -> f.checkId().equals("tls.certificate.ocsp_stapling"))
        .extracting(Finding::observedValue)
        .containsExactly(new Value.Presence("ocsp_responder", false));

    // One that names a responder, read from its Authority Information Access, and no staple.
    TestPki.Issued named = pki.issue(TestPki.Spec.good(NOW).ocsp("http://127.0.0.1:9/ocsp"));
    CertificateObservation unstapled = stapled(named.writePem(dir), pki, null, dir);
    assertThat(unstapled.leaf().ocspResponders()).containsExactly("http://127.0.0.1:9/ocsp");
    List<Finding> lapse = judge(unstapled, "{}", NOW);
    assertThat(verdicts(lapse)).containsEntry("tls.certificate.ocsp_stapling",
        "NOT_APPLICABLE: no OCSP response stapled (optional); the certificate names the OCSP"
            + " responder"
            + " http://127.0.0.1:9/ocsp");
    assertThat(lapse).filteredOn(f -> f.checkId().equals("tls.certificate.ocsp_stapling"))
        .extracting(Finding::observedValue)
        .containsExactly(new Value.Setting("ocsp_responder", "http://127.0.0.1:9/ocsp"));
  }

  private static CertificateObservation stapled(Path[] pem, TestPki pki, byte[] ocsp, Path dir)
      throws Exception {
    List<String> args = new ArrayList<>();
    if (ocsp != null) {
      Path der = Files.write(Files.createTempFile(dir, "ocsp", ".der"), ocsp);
      args.addAll(List.of("-status_file", der.toString()));
    }
    try (OpenSslServer server = OpenSslServer.start(pem, args.toArray(new String[0]))) {
      return new CertificateProbe(LIMITS, List.of(pki.root()), "root.pem")
          .observe(new TlsEndpoint("127.0.0.1", server.port, null, null));
    }
  }
}
