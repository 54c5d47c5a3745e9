package dev.secaudit.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.policy.UsageException;
import dev.secaudit.probe.tls.TestPki;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing keys as users have them: EC and RSA, plain and encrypted PEM, and broken ones. */
class ManifestSignerTest {
  @TempDir Path dir;

  @Test
  void anEncryptedEcKeyNeedsItsPasswordFromTheEnvironment() throws Exception {
    TestPki pki = new TestPki("EC Signer", Instant.now());
    TestPki.Issued issued = pki.issue(TestPki.Spec.good(Instant.now()).key("EC", 256));
    Path[] pem = issued.writePem(dir);
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(new JcaPKCS8Generator(issued.keys().getPrivate(),
          new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
              .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
              .setPassword("correct horse".toCharArray()).build()));
    }
    Path encrypted = Files.writeString(dir.resolve("enc.pem"), sw.toString());

    assertThatThrownBy(() -> ManifestSigner.fromPem(encrypted, pem[0], null,
        Map.<String, String>of()::get)).isInstanceOf(UsageException.class)
        .hasMessageContaining("is encrypted").hasMessageContaining("--sign-pass-env");
    assertThatThrownBy(() -> ManifestSigner.fromPem(encrypted, pem[0], "PASS",
        Map.of("PASS", "wrong")::get)).isInstanceOf(UsageException.class)
        .hasMessageContaining("is the password right?");

    ManifestSigner signer = ManifestSigner.fromPem(encrypted, pem[0], "PASS",
        Map.of("PASS", "correct horse")::get);
    byte[] content = "{}\n".getBytes(StandardCharsets.UTF_8);
    CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(content),
        signer.sign(content, Instant.now()));
    SignerInformation si = signed.getSignerInfos().getSigners().iterator().next();
    assertThat(si.getDigestAlgOID()).isEqualTo("2.16.840.1.101.3.4.2.1"); // SHA-256
    assertThat(si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(issued.leaf()))).isTrue();
    assertThat(signed.getCertificates().getMatches(null)).hasSize(1);
  }

  @Test
  void aCertificateNotValidAtTheRunIsRefusedAndNeverVerifies() throws Exception {
    Instant run = EvidenceFixture.FINISHED;
    TestPki pki = new TestPki("Expired", run);
    TestPki.Issued expired = pki.issue(TestPki.Spec.good(run).validity(
        run.minusSeconds(90L * 86400), run.minusSeconds(86400)));
    Path[] pem = expired.writePem(dir);
    ManifestSigner signer = ManifestSigner.fromPem(pem[1], pem[0], null, k -> null);
    assertThatThrownBy(() -> signer.requireValidAt(run)).isInstanceOf(UsageException.class)
        .hasMessageContaining("is not valid now");
    // Signed anyway (by a tool that did not check), the verifier still says no.
    Path bundle = dir.resolve("b");
    var scan = EvidenceFixture.scan("r", dev.secaudit.model.Status.PASS);
    EvidenceBundle.write(bundle, scan, dev.secaudit.report.ScanJson.toJson(scan)
        .getBytes(StandardCharsets.UTF_8), "p.yaml", "x".getBytes(StandardCharsets.UTF_8), signer);
    BundleVerification v = BundleVerifier.verify(bundle, null);
    assertThat(v.signature().state()).isEqualTo(BundleVerification.Signature.State.INVALID);
    assertThat(v.signature().detail()).contains("signingTime");
  }

  @Test
  void unreadableInputsAreUsageErrorsNamingTheFlag() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "hello\n");
    Path[] pem = new TestPki("X", Instant.now()).issue(TestPki.Spec.good(Instant.now()))
        .writePem(dir);
    assertThatThrownBy(() -> ManifestSigner.fromPem(junk, pem[0], null, k -> null))
        .isInstanceOf(UsageException.class).hasMessageContaining("--sign-key")
        .hasMessageContaining("no private key found");
    assertThatThrownBy(() -> ManifestSigner.fromPem(pem[1], junk, null, k -> null))
        .isInstanceOf(UsageException.class).hasMessageContaining("--sign-cert");
    assertThatThrownBy(() -> ManifestSigner.fromPem(dir.resolve("nope"), pem[0], null, k -> null))
        .isInstanceOf(UsageException.class).hasMessageContaining("no such file");
    assertThatThrownBy(() -> ManifestSigner.fromPkcs12(junk, null, k -> null))
        .isInstanceOf(UsageException.class).hasMessageContaining("--sign-p12")
        .hasMessageContaining("--sign-pass-env");
  }
}
