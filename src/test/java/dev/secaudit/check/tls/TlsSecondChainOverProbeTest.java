package dev.secaudit.check.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.Check;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.probe.tls.OtherCertificate;
import dev.secaudit.probe.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server holding an ECDSA P-256 certificate and a second, RSA one (nginx with two
 * ssl_certificate lines, or openssl s_server -dcert): the second chain is judged by
 * tls.certificate.chain and ocsp_stapling, by tls.mozilla_profile's certificate requirements and
 * by tls.grade as the first one is, named by its own subject; one not fetched leaves no PASS.
 */
class TlsSecondChainOverProbeTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String SUITES =
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0";
  /** Only groups Mozilla's intermediate profile lists, so the certificates decide it. */
  private static final String GROUPS = "X25519:P-256:P-384";
  private static final String RULES = "{certificate: {}}";

  private static Check[] checks() {
    return new Check[] {new TlsCertificateCheck(), new TlsChainCheck(), new MozillaProfileCheck(),
        new TlsGradeCheck()};
  }

  @Test
  void anRsaChainMissingItsIntermediateFailsTheChainFindingNamingIt(@TempDir Path dir)
      throws Exception {
    TestPki pki = new TestPki("Second Chain", NOW);
    TestPki.Issued viaMid = pki.issueViaIntermediate(TestPki.Spec.good(NOW).key("RSA", 2048));
    Path[] leafOnly = new TestPki.Issued(viaMid.keys(), List.of(viaMid.leaf()))
        .writePem(Files.createDirectories(dir.resolve("leaf-only")));
    List<Finding> dual = judged(pki, dir, leafOnly, true);

    assertThat(dual).filteredOn(f -> f.checkId().equals(TlsChainCheck.CHAIN))
        .extracting(DualProbe::line).containsExactly(
            "certificate of 127.0.0.1 tls.certificate.chain PASS 1 certificate on the path, ends"
                + " at the trust anchor 'O=Second Chain,CN=Second Chain Root'",
            "RSA certificate of 127.0.0.1 tls.certificate.chain FAIL 1 certificate on the path,"
                + " incomplete: the issuer 'O=Second Chain,CN=Second Chain Intermediate' of"
                + " 'CN=localhost' was not sent and is not a trust anchor");
    Finding rsaChain = only(dual, TlsChainCheck.CHAIN, "RSA certificate");
    assertThat(rsaChain.evidence()).containsExactly("app/tls-chain-RSA");
    // the grade is of the worst chain a client can be served: this one is not trusted
    assertThat(only(dual, TlsGradeCheck.ID, "grade").observed())
        .startsWith("T (").contains("RSA certificate not trusted (T; A if trusted)");
  }

  @Test
  void anRsa1024SecondCertificateMissesTheProfileAndCapsTheGrade(@TempDir Path dir)
      throws Exception {
    TestPki pki = new TestPki("Second Chain", NOW);
    List<Finding> dual = judged(pki, dir, DualProbe.pem(pki, dir, "rsa1024",
        TestPki.Spec.good(NOW).key("RSA", 1024)), true);
    List<Finding> ecOnly = judged(pki, dir, null, true);

    Finding profile = only(dual, MozillaProfileCheck.ID, "profile");
    assertThat(profile.status()).isEqualTo(Status.INFO);
    assertThat(DualProbe.line(profile)).isEqualTo("profile tls.mozilla_profile INFO meets"
        + " neither; not intermediate: RSA certificate key RSA 1024 (RSA >= 2048 or ECDSA P-256"
        + " or P-384 required) on 127.0.0.1");
    assertThat(only(ecOnly, MozillaProfileCheck.ID, "profile").observed())
        .doesNotContain("RSA");

    String ecGrade = DualProbe.line(only(ecOnly, TlsGradeCheck.ID, "grade"));
    assertThat(ecGrade).startsWith("grade tls.grade INFO A (").endsWith(") on 127.0.0.1");
    assertThat(DualProbe.line(only(dual, TlsGradeCheck.ID, "grade"))).isEqualTo(ecGrade
        .replace("INFO A (", "INFO B (").replace(") on 127.0.0.1", "; RSA certificate key RSA"
            + " 1024 bits (below 2048): at most B) on 127.0.0.1"));
  }

  @Test
  void aSha1SignedSecondCertificateGradesTheServerTNamingTheChain(@TempDir Path dir)
      throws Exception {
    TestPki pki = new TestPki("Second Chain", NOW);
    List<Finding> dual = judged(pki, dir, DualProbe.pem(pki, dir, "sha1",
        TestPki.Spec.good(NOW).signedWith("SHA1withRSA")), true);
    assertThat(DualProbe.line(only(dual, TlsGradeCheck.ID, "grade")))
        .startsWith("grade tls.grade INFO T (").endsWith("; CN=localhost (RSA certificate) is"
            + " signed with SHA-1, which browsers no longer trust (T; A otherwise)) on 127.0.0.1");
    assertThat(only(dual, TlsCertificateCheck.SIGNATURE, "RSA certificate").status())
        .isEqualTo(Status.FAIL);
    assertThat(only(dual, TlsCertificateCheck.SIGNATURE, "certificate").status())
        .isEqualTo(Status.PASS);
  }

  @Test
  void twoGoodCertificatesGetTheVerdictsEachWouldAlone(@TempDir Path dir) throws Exception {
    TestPki pki = new TestPki("Second Chain", NOW);
    Path[] rsa = DualProbe.pem(pki, dir, "rsa", TestPki.Spec.good(NOW).key("RSA", 2048));
    List<Finding> dual = judged(pki, dir, rsa, true);
    List<Finding> ecOnly = judged(pki, dir, null, true);
    List<Finding> rsaOnly;
    try (DualCertificateServer s = DualCertificateServer.start(dir, rsa, null, SUITES, GROUPS)) {
      DualProbe.Seen seen = DualProbe.probe(pki, s.port);
      rsaOnly = DualProbe.judge(seen.with(NOW, seen.fetch()), NOW, RULES, checks());
    }

    // every verdict passes; the grade, a letter and not a verdict, is information; optional
    // stapling of certificates that name no OCSP responder did not apply
    assertThat(dual).noneMatch(f -> f.status() != (f.checkId().equals(TlsGradeCheck.ID)
        ? Status.INFO : f.checkId().equals(TlsChainCheck.STAPLING) ? Status.NOT_APPLICABLE
        : Status.PASS));
    // each chain's findings are those of the server that holds it alone, under its own name
    for (String id : List.of(TlsChainCheck.CHAIN, TlsChainCheck.STAPLING)) {
      assertThat(DualProbe.line(only(dual, id, "certificate")))
          .isEqualTo(DualProbe.line(only(ecOnly, id, "certificate")));
      assertThat(DualProbe.line(only(dual, id, "RSA certificate")))
          .isEqualTo("RSA " + DualProbe.line(only(rsaOnly, id, "certificate")));
    }
    // the ECDSA-only server's TLS 1.2 groups stay undetermined (its only suites need its curve),
    // so the profile is compared with the RSA-only server, whose groups are all decided
    Finding profile = only(dual, MozillaProfileCheck.ID, "profile");
    Finding rsaProfile = only(rsaOnly, MozillaProfileCheck.ID, "profile");
    assertThat(profile.status()).isEqualTo(rsaProfile.status()).isEqualTo(Status.PASS);
    assertThat(profile.observedValue()).isEqualTo(rsaProfile.observedValue());
    assertThat(DualProbe.line(only(dual, TlsGradeCheck.ID, "grade")))
        .isEqualTo(DualProbe.line(only(ecOnly, TlsGradeCheck.ID, "grade")))
        .isEqualTo(DualProbe.line(only(rsaOnly, TlsGradeCheck.ID, "grade")));
  }

  @Test
  void aSecondChainNotFetchedLeavesNoPassAndSaysWhyOnce(@TempDir Path dir) throws Exception {
    TestPki pki = new TestPki("Second Chain", NOW);
    // the enumeration ran while the server was up; the fetch hello finds it gone
    List<Finding> dual = judged(pki, dir, DualProbe.pem(pki, dir, "rsa1024",
        TestPki.Spec.good(NOW).key("RSA", 1024)), null);
    String note = "(only the EC certificate was judged; the server also accepted"
        + " TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, served with an RSA certificate that could not"
        + " be fetched (TLS 1.2 not testable: cannot connect";
    for (String id : List.of(TlsChainCheck.CHAIN, TlsChainCheck.STAPLING,
        MozillaProfileCheck.ID, TlsGradeCheck.ID)) {
      Finding f = dual.stream().filter(g -> g.checkId().equals(id)).findFirst().orElseThrow();
      // the grade was never a pass to hold back: it stays information, with the note
      assertThat(f.status()).as(id).isEqualTo(id.equals(TlsGradeCheck.ID) ? Status.INFO
          : Status.WARN);
      assertThat(f.observed()).as(id).contains(note)
          .endsWith("), so nothing is said of it here)");
      assertThat(f.observed().split("fetched", -1)).as(id).hasSize(2);
    }
    // neither a profile nor a letter is given as the endpoint's
    assertThat(only(dual, MozillaProfileCheck.ID, "profile").observedValue()).isNull();
    assertThat(only(dual, TlsGradeCheck.ID, "grade").observedValue()).isNull();
    assertThat(dual).noneMatch(f -> f.status() == Status.PASS);
  }

  @Test
  void aServerWithOneCertificateGetsTheSameFindingsLookedForOrNot(@TempDir Path dir)
      throws Exception {
    TestPki pki = new TestPki("Second Chain", NOW);
    Path[] ec = DualProbe.pem(pki, dir, "ec", TestPki.Spec.good(NOW).key("EC", 256));
    try (DualCertificateServer s = DualCertificateServer.start(dir, ec, null, SUITES, GROUPS)) {
      DualProbe.Seen seen = DualProbe.probe(pki, s.port);
      List<OtherCertificate> others = seen.fetch();
      assertThat(others).isEmpty();
      assertThat(DualProbe.judge(seen.with(NOW, others), NOW, RULES, checks()))
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactlyElementsOf(DualProbe.judge(seen.with(NOW, List.of()), NOW, RULES,
              checks()));
    }
  }

  /**
   * The four checks over a server holding the ECDSA P-256 certificate and {@code second} (none
   * when null), its other certificates fetched while it runs (true) or after it stopped (null).
   */
  private static List<Finding> judged(TestPki pki, Path dir, Path[] second, Boolean fetch)
      throws Exception {
    Path[] ec = DualProbe.pem(pki, dir, "ec", TestPki.Spec.good(NOW).key("EC", 256));
    DualProbe.Seen seen;
    List<OtherCertificate> others = List.of();
    try (DualCertificateServer s = DualCertificateServer.start(dir, ec, second, SUITES, GROUPS)) {
      seen = DualProbe.probe(pki, s.port);
      if (Boolean.TRUE.equals(fetch)) {
        others = seen.fetch();
      }
    }
    if (fetch == null) {
      others = seen.fetch();
    }
    return DualProbe.judge(seen.with(NOW, others), NOW, RULES, checks());
  }

  /** The one finding of {@code id} whose subject starts with {@code subject} and " of"/"". */
  private static Finding only(List<Finding> findings, String id, String subject) {
    return findings.stream().filter(f -> f.checkId().equals(id) && (f.subject().equals(subject)
        || f.subject().startsWith(subject + " of "))).reduce((a, b) -> {
          throw new AssertionError("two " + id + " findings of " + subject);
        }).orElseThrow(() -> new AssertionError("no " + id + " finding of " + subject));
  }
}
