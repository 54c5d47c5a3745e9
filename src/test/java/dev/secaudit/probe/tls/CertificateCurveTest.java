package dev.secaudit.probe.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curve of a leaf's key as a TLS group, from certificates made by the JDK and by openssl. */
class CertificateCurveTest {
  @Test
  void nistCurvesAndRsa() throws Exception {
    TestPki pki = new TestPki("Curve Test", Instant.now());
    TestPki.Spec good = TestPki.Spec.good(Instant.now());
    assertThat(CertificateCurve.of(List.of(pki.issue(good.key("EC", 256)).leaf().getEncoded())))
        .isEqualTo(0x0017);
    assertThat(CertificateCurve.of(List.of(pki.issue(good.key("EC", 384)).leaf().getEncoded())))
        .isEqualTo(0x0018);
    assertThat(CertificateCurve.of(List.of(pki.issue(good).leaf().getEncoded()))).isNull();
    assertThat(CertificateCurve.of(List.of())).isNull();
    assertThat(CertificateCurve.of(List.of(new byte[] {0x30, 0x03, 0x02, 0x01}))).isNull();
  }

  /** Curves the JDK no longer implements are still read from the DER (brainpool, P-521). */
  @Test
  void curvesMadeByOpenssl(@TempDir Path dir) throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    assertThat(opensslLeafCurve(dir, "secp521r1")).isEqualTo(0x0019);
    assertThat(opensslLeafCurve(dir, "brainpoolP256r1")).isEqualTo(0x001a);
    assertThat(opensslLeafCurve(dir, "brainpoolP384r1")).isEqualTo(0x001b);
    assertThat(opensslLeafCurve(dir, "secp256k1")).isNull();
  }

  private static Integer opensslLeafCurve(Path dir, String curve) throws Exception {
    Path cert = dir.resolve(curve + ".pem");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:" + curve, "-nodes", "-subj", "/CN=curve", "-days", "2", "-keyout",
        dir.resolve(curve + ".key").toString(), "-out", cert.toString())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(curve).isTrue();
    String pem = Files.readString(cert).replaceAll("-----[A-Z ]+-----|\\s", "");
    return CertificateCurve.of(List.of(Base64.getDecoder().decode(pem)));
  }
}
