package dev.secaudit.check.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.probe.tls.OpenSslServer;
import dev.secaudit.probe.tls.TestPki;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tls.forward_secrecy over openssl s_server: anonymous ECDH is ephemeral (a recorded session
 * stays closed), only unauthenticated, so it is named as such and not as lacking forward secrecy;
 * static RSA still is.
 */
class TlsForwardSecrecyOverProbeTest {
  @Test
  void anonymousEcdhIsEphemeralButUnauthenticatedAndStaticRsaLacksIt(@TempDir Path dir)
      throws Exception {
    Assumptions.assumeTrue(OpenSslServer.available(), "openssl is not installed");
    Instant now = Instant.now();
    Path[] pem = new TestPki("Fs Test", now).issue(TestPki.Spec.good(now)).writePem(dir);
    String required = "{require_forward_secrecy: true}";

    List<Finding> anon = OverProbe.judge(new TlsForwardSecrecyCheck(), required, pem, now,
        p -> { }, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:AECDH-AES128-SHA:@SECLEVEL=0");
    assertThat(anon).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(Status.PASS);
      assertThat(f.observed()).contains(": 2 of 2 suites with forward secrecy; ephemeral but"
          + " anonymous (unauthenticated").endsWith("judged by tls.ciphers):"
          + " TLS_ECDH_anon_WITH_AES_128_CBC_SHA").doesNotContain("without");
    });

    List<Finding> rsa = OverProbe.judge(new TlsForwardSecrecyCheck(), required, pem, now,
        p -> { }, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA");
    assertThat(rsa).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(Status.FAIL);
      assertThat(f.observed()).endsWith("1 of 2 suites with forward secrecy; without:"
          + " TLS_RSA_WITH_AES_128_CBC_SHA");
    });
  }
}
