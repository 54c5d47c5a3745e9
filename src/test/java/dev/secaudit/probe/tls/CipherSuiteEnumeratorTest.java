package dev.secaudit.probe.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secaudit.model.CipherSuites;
import dev.secaudit.model.TlsVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Suite, order and group enumeration against openssl s_server and JSSE on loopback. */
class CipherSuiteEnumeratorTest {
  static TestPki.Issued server;
  static Path[] pem;

  @BeforeAll
  static void pki(@TempDir Path dir) throws Exception {
    server = new TestPki("Enumerator Test", Instant.now()).issue(TestPki.Spec.good(Instant.now()));
    pem = server.writePem(dir);
  }

  static ClientHelloProber prober() {
    return new ClientHelloProber(ClientHelloProberTest.LIMITS, new SplittableRandom(7));
  }

  static List<SuiteEnumeration> enumerate(int port) {
    ClientHelloProber p = prober();
    return new CipherSuiteEnumerator(p).enumerate("127.0.0.1", port, null,
        p.probeAll("127.0.0.1", port, null));
  }

  /**
   * The JDK's HttpsServer (what the demo target runs) declines a hello it shares no suite with
   * by closing the connection without the alert its engine prepared: once it answered this
   * version's hellos with ServerHellos, that close ends the enumeration as a refusal.
   */
  @Test
  void aServerThatDeclinesByClosingIsEnumeratedToTheEnd() throws Exception {
    com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 0), 4);
    https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(
        server.serverContext()));
    https.start();
    try {
      List<SuiteEnumeration> all = enumerate(https.getAddress().getPort());
      assertThat(all).extracting(SuiteEnumeration::version)
          .contains(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3);
      for (SuiteEnumeration e : all) {
        assertThat(e.incomplete()).as(e.version().label()).isNull();
        assertThat(e.suites()).as(e.version().label()).isNotEmpty();
        assertThat(e.refusedByClose()).as(e.version().label())
            .startsWith("closed the connection without an alert on the hello offering the rest");
        assertThat(e.transcript("127.0.0.1")).contains("refused by close: ");
      }
    } finally {
      https.stop(0);
    }
  }

  /** A JSSE socket server sends the handshake_failure alert: nothing is read from a close. */
  @Test
  void aServerThatDeclinesWithAnAlertHasNoRefusalByClose() throws Exception {
    try (JsseServer s = new JsseServer(server.serverContext(), "TLSv1.2")) {
      List<SuiteEnumeration> all = enumerate(s.port());
      assertThat(all).hasSize(1);
      assertThat(all.get(0).incomplete()).isNull();
      assertThat(all.get(0).refusedByClose()).isNull();
    }
  }

  @Test
  void staticRsaAndCbcBesideEcdheGcmOnTls12() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_2", "-cipher",
        "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA")) {
      List<SuiteEnumeration> all = enumerate(s.port);
      assertThat(all).hasSize(1);
      SuiteEnumeration e = all.get(0);
      assertThat(e.version()).isEqualTo(TlsVersion.TLS_1_2);
      // Without -serverpref the server follows our order, which lists ECDHE-GCM first.
      assertThat(e.suites()).containsExactly(
          new SuiteEnumeration.AcceptedSuite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", true),
          new SuiteEnumeration.AcceptedSuite("TLS_RSA_WITH_AES_128_CBC_SHA", false));
      assertThat(e.serverOrder()).isFalse();
      assertThat(e.incomplete()).isNull();
      assertThat(e.groups()).contains("x25519", "secp256r1", "secp384r1");
      // 2 picks + 1 refusal, 1 order probe (the first pick stands for the forward offer), 5 EC
      // groups, and one refusal for each part of the suite list beyond the first.
      assertThat(e.connections()).isEqualTo(9 + CipherSuites.CLASSIC_PARTS.size() - 1);
    }
  }

  @Test
  void sideBySideFindsWhatOneAtATimeFinds() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-min_protocol", "TLSv1", "-cipher",
        "DEFAULT:@SECLEVEL=0")) {
      ClientHelloProber one = prober();
      ClientHelloProber three = new ClientHelloProber(ClientHelloProberTest.LIMITS,
          new java.security.SecureRandom()).width(3);
      List<VersionProbe> v1 = one.probeAll("127.0.0.1", s.port, null);
      List<VersionProbe> v3 = three.probeAll("127.0.0.1", s.port, null);
      assertThat(v3.stream().map(VersionProbe::summary).toList())
          .isEqualTo(v1.stream().map(VersionProbe::summary).toList());
      List<SuiteEnumeration> e1 = new CipherSuiteEnumerator(one).enumerate("127.0.0.1", s.port,
          null, v1);
      List<SuiteEnumeration> e3 = new CipherSuiteEnumerator(three).enumerate("127.0.0.1", s.port,
          null, v3);
      assertThat(e3).hasSize(4);
      for (int i = 0; i < e1.size(); i++) {
        assertThat(e3.get(i).version()).isEqualTo(e1.get(i).version());
        assertThat(e3.get(i).suites()).isEqualTo(e1.get(i).suites());
        assertThat(e3.get(i).serverOrder()).isEqualTo(e1.get(i).serverOrder());
        assertThat(e3.get(i).groups()).isEqualTo(e1.get(i).groups());
        // One refusal per part beyond the first; the opening stands for two picks, or one and
        // the order probe.
        assertThat(e3.get(i).connections()).isBetween(e1.get(i).connections(),
            e1.get(i).connections() + 2);
      }
    }
  }

  /**
   * Two at a time against a server a round trip away: the versions, each version's parts and its
   * group probes all fan out, and still no more than two hellos are open at once; the picks are
   * those of one at a time, in the same order.
   */
  @Test
  void sideBySideKeepsToThePerHostLimitAndFindsTheSame() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-min_protocol", "TLSv1", "-cipher",
        "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA:"
            + "AES128-SHA:AES256-SHA:AES128-GCM-SHA256:@SECLEVEL=0");
        // Answers 150 ms late, so connections open together overlap by far more than the
        // relay's own lag in seeing a close on a busy machine (the 100 ms slack below).
        DelayRelay far = new DelayRelay(s.port, 150)) {
      ClientHelloProber one = prober();
      List<SuiteEnumeration> e1 = new CipherSuiteEnumerator(one).enumerate("127.0.0.1", s.port,
          null, one.probeAll("127.0.0.1", s.port, null));
      ClientHelloProber two = new ClientHelloProber(ClientHelloProberTest.LIMITS,
          new java.security.SecureRandom()).width(2);
      List<VersionProbe> v2 = two.probeAll("127.0.0.1", far.port(), null);
      int versionHellos = far.connections();
      List<SuiteEnumeration> e2 = new CipherSuiteEnumerator(two).enumerate("127.0.0.1",
          far.port(), null, v2);
      assertThat(far.mostOpen(100)).isEqualTo(2);
      assertThat(e2).extracting(SuiteEnumeration::version)
          .isEqualTo(e1.stream().map(SuiteEnumeration::version).toList());
      for (int i = 0; i < e1.size(); i++) {
        assertThat(e2.get(i).suites()).isEqualTo(e1.get(i).suites());
        assertThat(e2.get(i).serverOrder()).isFalse();
        assertThat(e2.get(i).groups()).isEqualTo(e1.get(i).groups());
        assertThat(e2.get(i).incomplete()).isNull();
      }
      // What the server saw is what the enumeration says it sent.
      assertThat(far.connections() - versionHellos)
          .isEqualTo(e2.stream().mapToInt(SuiteEnumeration::connections).sum());
    }
  }

  @Test
  void serverPreferenceSideBySideKeepsOneRunAndTheServerOrder() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_2", "-serverpref", "-cipher",
        "AES128-SHA:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256")) {
      ClientHelloProber two = new ClientHelloProber(ClientHelloProberTest.LIMITS,
          new java.security.SecureRandom()).width(2);
      SuiteEnumeration e = new CipherSuiteEnumerator(two).enumerate("127.0.0.1", s.port, null,
          two.probeAll("127.0.0.1", s.port, null)).get(0);
      assertThat(e.serverOrder()).isTrue();
      assertThat(e.suiteNames()).containsExactly("TLS_RSA_WITH_AES_128_CBC_SHA",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
      // The opening pair (the forward answer is the run's first pick, the backward one kept it,
      // so no order probe), 2 more picks and the refusal, 5 groups: as many as one at a time;
      // and one refusal for each part of the suite list beyond the first.
      assertThat(e.connections()).isEqualTo(10 + CipherSuites.CLASSIC_PARTS.size() - 1);
    }
  }

  /** The rarer suites OpenSSL's HIGH still holds are offered, so a policy can forbid them. */
  @Test
  void ariaCamelliaAndCcm8AreOfferedAndFound() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_2", "-cipher",
        "ECDHE-RSA-CAMELLIA256-SHA384:ECDHE-ARIA256-GCM-SHA384:AES128-CCM8:@SECLEVEL=0")) {
      SuiteEnumeration e = enumerate(s.port).get(0);
      assertThat(e.suiteNames()).containsExactlyInAnyOrder(
          "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384",
          "TLS_RSA_WITH_AES_128_CCM_8");
    }
  }

  @Test
  void serverPreferenceIsDetectedAndGivesTheServerOrder() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_2", "-serverpref", "-cipher",
        "AES128-SHA:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256")) {
      SuiteEnumeration e = enumerate(s.port).get(0);
      assertThat(e.serverOrder()).isTrue();
      assertThat(e.suiteNames()).containsExactly("TLS_RSA_WITH_AES_128_CBC_SHA",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }
  }

  @Test
  void tls13SingleSuiteAndItsGroups() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_3", "-ciphersuites",
        "TLS_AES_128_GCM_SHA256", "-groups", "P-256:X25519")) {
      List<SuiteEnumeration> all = enumerate(s.port);
      assertThat(all).hasSize(1);
      SuiteEnumeration e = all.get(0);
      assertThat(e.version()).isEqualTo(TlsVersion.TLS_1_3);
      assertThat(e.suiteNames()).containsExactly("TLS_AES_128_GCM_SHA256");
      assertThat(e.serverOrder()).isNull();
      assertThat(e.groups()).containsExactly("x25519", "secp256r1");
      assertThat(e.groupsRefused()).containsExactly("X25519MLKEM768", "secp384r1", "secp521r1",
          "x448", "ffdhe2048", "ffdhe3072");
      assertThat(e.suites().get(0).forwardSecrecy()).isTrue();
    }
  }

  @Test
  void everyTls13SuiteInTheServersOrder() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_3", "-serverpref", "-ciphersuites",
        "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256")) {
      SuiteEnumeration e = enumerate(s.port).get(0);
      assertThat(e.serverOrder()).isTrue();
      assertThat(e.suiteNames()).containsExactly("TLS_CHACHA20_POLY1305_SHA256",
          "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256");
    }
  }

  @Test
  void anonymousAndNullSuitesAreFoundWhereOpenSslStillServesThem() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_2", "-cipher",
        "aNULL:eNULL:@SECLEVEL=0")) {
      SuiteEnumeration e = enumerate(s.port).get(0);
      assertThat(e.suiteNames()).contains("TLS_DH_anon_WITH_AES_128_CBC_SHA",
          "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_NULL_SHA256",
          "TLS_RSA_WITH_NULL_SHA", "TLS_ECDHE_RSA_WITH_NULL_SHA");
      assertThat(e.incomplete()).isNull();
    }
  }

  @Test
  void jsseServerWithChosenSuitesAndServerOrder() throws Exception {
    try (JsseServer s = new JsseServer(server.serverContext(), "TLSv1.2").suites(true,
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")) {
      SuiteEnumeration e = enumerate(s.port()).get(0);
      assertThat(e.serverOrder()).isTrue();
      assertThat(e.suiteNames()).containsExactly("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }
  }

  @Test
  void theConnectionCapStopsTheEnumerationAndSaysSo() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_2", "-cipher",
        "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA")) {
      ClientHelloProber p = prober();
      List<SuiteEnumeration> all = new CipherSuiteEnumerator(p, 2).enumerate("127.0.0.1", s.port,
          null, p.probeAll("127.0.0.1", s.port, null));
      SuiteEnumeration e = all.get(0);
      assertThat(e.suites()).hasSize(2);
      assertThat(e.connections()).isEqualTo(2);
      assertThat(e.incomplete()).isEqualTo("connection cap of 2 reached");
      assertThat(e.serverOrder()).isNull();
    }
  }
}
