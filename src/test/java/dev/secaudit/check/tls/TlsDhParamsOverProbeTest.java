package dev.secaudit.check.tls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.model.Finding;
import dev.secaudit.probe.tls.OpenSslServer;
import dev.secaudit.probe.tls.TestPki;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DHE prime read from the ServerKeyExchange of openssl s_server: a 1024-bit group (the RFC
 * 2409 Second Oakley Group, written by the test as DH PARAMETERS) fails, OpenSSL's own 2048-bit
 * choice passes.
 */
class TlsDhParamsOverProbeTest {
  /** RFC 2409 §6.2: 2^1024 - 2^960 - 1 + 2^64 * (floor(2^894 pi) + 129093). */
  private static final BigInteger OAKLEY_GROUP_2 = new BigInteger(
      "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
          + "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637"
          + "ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF",
      16);

  @BeforeAll
  static void needsOpenssl() {
    Assumptions.assumeTrue(OpenSslServer.available(), "openssl is not installed");
  }

  @Test
  void theGroupConstantIsTheOakleyPrime() {
    assertThat(OAKLEY_GROUP_2.bitLength()).isEqualTo(1024);
    assertThat(OAKLEY_GROUP_2.isProbablePrime(40)).isTrue();
    // The top and bottom 64 bits are all ones by construction; the rest is pi's binary digits.
    assertThat(OAKLEY_GROUP_2.shiftRight(960)).isEqualTo(BigInteger.ONE.shiftLeft(64)
        .subtract(BigInteger.ONE));
  }

  @Test
  void a1024BitGroupFailsAndOpenSslsDefaultPasses(@TempDir Path dir) throws Exception {
    Instant now = Instant.now();
    Path[] pem = new TestPki("Dh Test", now).issue(TestPki.Spec.good(now)).writePem(dir);
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(OAKLEY_GROUP_2));
    v.add(new ASN1Integer(2));
    Path params = Files.writeString(dir.resolve("dh1024.pem"), "-----BEGIN DH PARAMETERS-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(
            new DERSequence(v).getEncoded()) + "\n-----END DH PARAMETERS-----\n");

    List<Finding> weak = judge(pem, now, "-dhparam", params.toString(), "-cipher",
        "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=1", "-no_tls1_3");
    assertThat(weak).singleElement().satisfies(f -> {
      assertThat(f.subject()).isEqualTo("TLS 1.2 DHE");
      assertThat(f.status()).isEqualTo(dev.secaudit.model.Status.FAIL);
      assertThat(f.observed()).endsWith(": below 2048: TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 1024"
          + " bits");
    });

    List<Finding> strong = judge(pem, now, "-cipher", "DHE-RSA-AES128-GCM-SHA256", "-no_tls1_3");
    assertThat(strong).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(dev.secaudit.model.Status.PASS);
      assertThat(f.observed()).endsWith(": TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 2048 bits");
    });
  }

  @Test
  void noDheSuiteAcceptedIsNotApplicableWithTheEnumerationAsEvidence(@TempDir Path dir)
      throws Exception {
    Instant now = Instant.now();
    Path[] pem = new TestPki("Dh Test", now).issue(TestPki.Spec.good(now)).writePem(dir);
    // ECDHE only: no finite-field DHE suite, so no parameters to judge; a PASS here was a control
    // counted as tested that never was (reports25).
    List<Finding> none = OverProbe.judge(new TlsDhParamsCheck(), "{}", pem, now, tls12 -> { },
        "-cipher", "ECDHE-RSA-AES128-GCM-SHA256", "-no_tls1_3");
    assertThat(none).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(dev.secaudit.model.Status.NOT_APPLICABLE);
      assertThat(f.observed()).startsWith("no finite-field DHE suite accepted on ");
      assertThat(f.observedValue()).isEqualTo(
          new dev.secaudit.model.Value.Presence("finite-field DHE suite", false));
      assertThat(f.evidence()).isNotEmpty();
    });
  }

  private static List<Finding> judge(Path[] pem, Instant now, String... args) throws Exception {
    return OverProbe.judge(new TlsDhParamsCheck(), "{}", pem, now, tls12 -> {
      assertThat(tls12.dhBits()).isNotNull();
      assertThat(tls12.answer()).contains("; ServerKeyExchange, DH prime of " + tls12.dhBits()
          + " bits");
    }, args);
  }
}
