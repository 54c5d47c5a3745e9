package dev.secaudit.check.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.probe.tls.OpenSslServer;
import dev.secaudit.probe.tls.OtherCertificate;
import dev.secaudit.probe.tls.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openssl s_server with an ECDSA P-256 certificate and a second, RSA-1024 one (-dcert): the
 * chain read is the ECDSA one, yet ECDHE_RSA suites are accepted and get the RSA certificate,
 * which one more hello offering only those suites fetches and the same rules judge.
 */
class TlsDualCertificateOverProbeTest {
  private static final String SUITES =
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0";

  @Test
  void aSecondCertificateTheSuitesShowIsFetchedAndJudged(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(OpenSslServer.available(), "openssl is not installed");
    Instant now = Instant.now();
    TestPki pki = new TestPki("Dual Test", now);
    List<Finding> dual = dual(pki, now, dir, true, TestPki.Spec.good(now).key("RSA", 1024));
    assertThat(dual).filteredOn(f -> f.checkId().equals("tls.certificate.key"))
        .extracting(f -> f.subject() + ": " + f.status() + " " + f.observed())
        .containsExactly("certificate of 127.0.0.1:" + port(dual) + ": PASS EC 256 bits",
            "RSA certificate of 127.0.0.1:" + port(dual) + ": FAIL RSA 1024 bits");
    assertThat(dual).noneMatch(f -> f.observed().contains("not fetched"));

    assertThat(dual(pki, now, dir, true, TestPki.Spec.good(now).key("RSA", 2048)
        .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)))))
        .filteredOn(f -> f.checkId().equals("tls.certificate.expiry"))
        .extracting(f -> f.subject().replaceAll(":[0-9]+$", "") + ": " + f.status())
        .containsExactly("certificate of 127.0.0.1: PASS", "RSA certificate of 127.0.0.1: FAIL");

    // the same server without the second certificate: nothing to fetch, the findings unchanged
    Path[] ec = pem(pki, dir, "ec", TestPki.Spec.good(now).key("EC", 256));
    List<Finding> single = judge(pki, now, ec, true, "-tls1_2", "-cipher", SUITES);
    assertThat(single).filteredOn(f -> f.checkId().equals("tls.certificate.key"))
        .singleElement().satisfies(f -> {
          assertThat(f.status()).isEqualTo(Status.PASS);
          assertThat(f.observed()).isEqualTo("EC 256 bits");
        });
    assertThat(single).extracting(TlsDualCertificateOverProbeTest::line)
        .containsExactlyElementsOf(judge(pki, now, ec, false, "-tls1_2", "-cipher", SUITES)
            .stream().map(TlsDualCertificateOverProbeTest::line).toList());
  }

  @Test
  void aSecondCertificateNotFetchedKeepsTheWarningWithTheReason(@TempDir Path dir)
      throws Exception {
    Assumptions.assumeTrue(OpenSslServer.available(), "openssl is not installed");
    Instant now = Instant.now();
    TestPki pki = new TestPki("Dual Test", now);
    // the enumeration ran while the server was up; the fetch hello finds it gone
    List<Finding> dual = dual(pki, now, dir, null, TestPki.Spec.good(now).key("RSA", 1024));
    Finding key = dual.stream().filter(f -> f.checkId().equals("tls.certificate.key"))
        .findFirst().orElseThrow();
    assertThat(key.status()).isEqualTo(Status.WARN);
    assertThat(key.observed()).startsWith("EC 256 bits").contains("only the EC certificate was"
        + " judged; the server also accepted TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, served with"
        + " an RSA certificate that could not be fetched (TLS 1.2 not testable: cannot connect")
        .endsWith("), so nothing is said of it here)");
    // said once, with the reason, not "not fetched: ... that was not fetched"
    assertThat(key.observed().split("fetched", -1)).hasSize(2);
    assertThat(dual).noneMatch(f -> f.status() == Status.PASS);
  }

  /** An ECDSA P-256 server with {@code second} as its other certificate (-dcert), judged. */
  private static List<Finding> dual(TestPki pki, Instant now, Path dir, Boolean fetch,
      TestPki.Spec second) throws Exception {
    Path[] ec = pem(pki, dir, "ec", TestPki.Spec.good(now).key("EC", 256));
    Path[] other = pem(pki, dir, "second", second);
    return judge(pki, now, ec, fetch, "-tls1_2", "-cipher", SUITES, "-dcert",
        other[0].toString(), "-dkey", other[1].toString());
  }

  private static Path[] pem(TestPki pki, Path dir, String name, TestPki.Spec spec)
      throws Exception {
    return DualProbe.pem(pki, dir, name, spec);
  }

  private static String line(Finding f) {
    return DualProbe.line(f);
  }

  private static int port(List<Finding> findings) {
    String name = findings.get(0).subject();
    return Integer.parseInt(name.substring(name.lastIndexOf(':') + 1));
  }

  /**
   * @param fetch look for other certificates: true while the server runs, null once it is gone
   *     (so the fetch fails), false not at all
   */
  private static List<Finding> judge(TestPki pki, Instant now, Path[] pem, Boolean fetch,
      String... args) throws Exception {
    DualProbe.Seen seen;
    List<OtherCertificate> others = List.of();
    try (OpenSslServer server = OpenSslServer.start(pem, args)) {
      seen = DualProbe.probe(pki, server.port);
      if (Boolean.TRUE.equals(fetch)) {
        others = seen.fetch();
      }
    }
    if (fetch == null) {
      others = seen.fetch();
    }
    return DualProbe.judge(seen.with(now, others), now,
        "{certificate: {require_hostname_match: false}}", new TlsCertificateCheck());
  }
}
