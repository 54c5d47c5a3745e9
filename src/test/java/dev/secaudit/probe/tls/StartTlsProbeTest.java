package dev.secaudit.probe.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.TlsVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SMTP STARTTLS against a loopback server that upgrades with JSSE, and ones that misbehave. */
class StartTlsProbeTest {
  private static final ClientHelloProber.Limits LIMITS = new ClientHelloProber.Limits(
      Duration.ofSeconds(2), Duration.ofMillis(400), Duration.ofSeconds(2));

  private final ClientHelloProber hellos =
      new ClientHelloProber(LIMITS, new SplittableRandom(7)).over(StartTls.SMTP);

  @Test
  void versionsChainAndHostnameAreReadAfterStartTls() throws Exception {
    Instant now = Instant.now();
    TestPki pki = new TestPki("Mail Test", now);
    TestPki.Issued issued = pki.issue(TestPki.Spec.good(now).names(List.of("mx.test"),
        List.of()));
    try (SmtpServer smtp = new SmtpServer(issued.serverContext(), SmtpServer.Mode.GOOD,
        "TLSv1.2", "TLSv1.3")) {
      List<VersionProbe> versions = hellos.probeAll("127.0.0.1", smtp.port(), "mx.test");
      assertThat(versions).extracting(VersionProbe::version, VersionProbe::outcome).containsExactly(
          org.assertj.core.groups.Tuple.tuple(TlsVersion.SSL_2_0, VersionProbe.Outcome.REFUSED),
          org.assertj.core.groups.Tuple.tuple(TlsVersion.SSL_3_0, VersionProbe.Outcome.REFUSED),
          org.assertj.core.groups.Tuple.tuple(TlsVersion.TLS_1_0, VersionProbe.Outcome.REFUSED),
          org.assertj.core.groups.Tuple.tuple(TlsVersion.TLS_1_1, VersionProbe.Outcome.REFUSED),
          org.assertj.core.groups.Tuple.tuple(TlsVersion.TLS_1_2, VersionProbe.Outcome.ACCEPTED),
          org.assertj.core.groups.Tuple.tuple(TlsVersion.TLS_1_3, VersionProbe.Outcome.ACCEPTED));
      assertThat(versions.get(4).hello()).contains("SNI mx.test").endsWith("after smtp STARTTLS");

      CertificateObservation cert = new CertificateProbe(LIMITS, List.of(pki.root()), "root.pem")
          .observe(new TlsEndpoint("127.0.0.1", smtp.port(), "mx.test", StartTls.SMTP));
      assertThat(cert.error()).isNull();
      assertThat(cert.trusted()).as(cert.trustError()).isTrue();
      assertThat(cert.host()).isEqualTo("mx.test");
      assertThat(cert.hostnameMatches()).isTrue();
      assertThat(cert.leaf().subjectAltNames()).containsExactly("mx.test");
    }
  }

  @Test
  void aRefusedStartTlsIsOneClearReasonSharedByEveryVersion() throws Exception {
    TestPki.Issued issued = TestPki.selfSigned(TestPki.Spec.good(Instant.now()));
    try (SmtpServer smtp = new SmtpServer(issued.serverContext(), SmtpServer.Mode.REFUSE)) {
      List<VersionProbe> versions = hellos.probeAll("127.0.0.1", smtp.port(), null);
      assertThat(versions).allSatisfy(v -> {
        assertThat(v.outcome()).isEqualTo(VersionProbe.Outcome.NOT_TESTABLE);
        assertThat(v.reason()).isEqualTo("STARTTLS failed: STARTTLS was refused: 454 4.7.0 TLS"
            + " not available due to temporary reason");
      });
      assertThat(smtp.connections()).isEqualTo(1);
      CertificateObservation cert = new CertificateProbe(LIMITS, List.of(), null)
          .observe(new TlsEndpoint("127.0.0.1", smtp.port(), null, StartTls.SMTP));
      assertThat(cert.error()).isEqualTo("STARTTLS failed: STARTTLS was refused: 454 4.7.0 TLS"
          + " not available due to temporary reason");
    }
  }

  @Test
  void serversThatDoNotOfferSpeakOrHonourStartTlsEndWithinTheLimits() throws Exception {
    TestPki.Issued issued = TestPki.selfSigned(TestPki.Spec.good(Instant.now()));
    String[][] cases = {
        {"NO_STARTTLS", "STARTTLS failed: the server does not offer STARTTLS (EHLO reply: 250-mx.test"
            + " | 250 PIPELINING)"},
        {"GARBAGE", "STARTTLS failed: the greeting is not SMTP: 'HTTP/1.1 400 Bad Request'"},
        {"SILENT", "STARTTLS failed: no answer within the read (400 ms) timeout"},
    };
    for (String[] c : cases) {
      try (SmtpServer smtp = new SmtpServer(issued.serverContext(),
          SmtpServer.Mode.valueOf(c[0]))) {
        long start = System.nanoTime();
        VersionProbe p = hellos.probe("127.0.0.1", smtp.port(), null, TlsVersion.TLS_1_2);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(p.outcome()).as(c[0]).isEqualTo(VersionProbe.Outcome.NOT_TESTABLE);
        assertThat(p.reason()).as(c[0]).isEqualTo(c[1]);
        assertThat(millis).as(c[0]).isLessThan(LIMITS.total().toMillis() + 1000);
      }
    }
  }

  @Test
  void aServerThatSaysGoAheadAndThenSpeaksClearTextIsNotTls() throws Exception {
    TestPki.Issued issued = TestPki.selfSigned(TestPki.Spec.good(Instant.now()));
    try (SmtpServer smtp = new SmtpServer(issued.serverContext(), SmtpServer.Mode.LIE)) {
      VersionProbe p = hellos.probe("127.0.0.1", smtp.port(), null, TlsVersion.TLS_1_2);
      assertThat(p.outcome()).isEqualTo(VersionProbe.Outcome.NOT_TESTABLE);
      assertThat(p.reason()).isEqualTo("the server answered clear text (not TLS)");
      CertificateObservation cert = new CertificateProbe(LIMITS, List.of(), null)
          .observe(new TlsEndpoint("127.0.0.1", smtp.port(), null, StartTls.SMTP));
      assertThat(cert.error()).isEqualTo("TLS handshake failed: the server answered clear text"
          + " (not TLS) on 127.0.0.1:" + smtp.port() + ": '250 nothing to see here, no TLS at all'");
    }
  }
}
