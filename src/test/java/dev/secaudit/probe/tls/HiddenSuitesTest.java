package dev.secaudit.probe.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secaudit.model.CipherSuites;
import dev.secaudit.model.TlsVersion;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suites outside the common ones (anonymous DH, CAMELLIA-SHA256, ...) against openssl s_server:
 * a blind review found them never offered, so a server choosing them was reported with its ECDHE
 * suite alone, and a TLS 1.0 with only such a suite called refused.
 */
class HiddenSuitesTest {
  static Path[] pem;

  @BeforeAll
  static void pki(@TempDir Path dir) throws Exception {
    TestPki.Issued server = new TestPki("Hidden Suites Test", Instant.now())
        .issue(TestPki.Spec.good(Instant.now()));
    pem = server.writePem(dir);
  }

  /** The code points {@code openssl ciphers -V} lists for {@code spec}. */
  static List<Integer> opensslCodes(String spec) throws Exception {
    Process p = new ProcessBuilder("openssl", "ciphers", "-V", spec).redirectErrorStream(true)
        .start();
    List<Integer> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = r.readLine()) != null) {
        String code = line.trim().split("\\s+")[0];
        if (code.matches("0x[0-9A-F]{2},0x[0-9A-F]{2}")) {
          out.add(Integer.parseInt(code.substring(2, 4) + code.substring(7, 9), 16));
        }
      }
    }
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void everySuiteOpensslCanNegotiateAtAnySecurityLevelIsOffered() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    List<Integer> listed = opensslCodes("ALL:COMPLEMENTOFALL:@SECLEVEL=0");
    assertThat(listed).hasSizeGreaterThan(100);
    Set<Integer> offered = new HashSet<>();
    for (TlsVersion v : List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3)) {
      for (ClientHelloProber.Offer o : ClientHello.fullOffers(v)) {
        offered.addAll(o.suites());
      }
    }
    List<String> missing = listed.stream().filter(c -> !offered.contains(c))
        .map(c -> String.format("0x%04X", c)).toList();
    assertThat(missing).isEmpty();
  }

  @Test
  void eachHelloStaysUnderTheSuiteCountSomeServersFail() {
    List<List<Integer>> parts = CipherSuites.CLASSIC_PARTS;
    List<Integer> joined = parts.stream().flatMap(List::stream).toList();
    assertThat(joined).containsExactlyElementsOf(CipherSuites.CLASSIC.keySet());
    ClientHello hellos = new ClientHello(new java.util.SplittableRandom(1));
    for (ClientHelloProber.Offer o : ClientHello.fullOffers(TlsVersion.TLS_1_2)) {
      // with the renegotiation SCSV, fewer than the 128 that old Cisco ASAs fail on
      assertThat(o.suites().size() + 1).isLessThan(128);
      byte[] hello = hellos.hello(TlsVersion.TLS_1_2, "example.test", o);
      int suitesLength = ((hello[5 + 4 + 2 + 32 + 1] & 0xff) << 8)
          | (hello[5 + 4 + 2 + 32 + 2] & 0xff);
      assertThat(suitesLength).isEqualTo(2 * (o.suites().size() + 1));
    }
    // the parts are even, so no hello is much larger than another
    assertThat(parts.get(0).size() - parts.get(parts.size() - 1).size()).isLessThanOrEqualTo(1);
  }

  static final String ANON = "ECDHE-RSA-AES128-GCM-SHA256:ADH-AES256-GCM-SHA384"
      + ":ADH-CAMELLIA128-SHA256:@SECLEVEL=0";

  @Test
  void anonymousDhSuitesBesideEcdheAreAllFound() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_2", "-cipher", ANON)) {
      for (int width : new int[] {1, 3}) {
        ClientHelloProber p = ClientHelloProberTest.prober().width(width);
        List<VersionProbe> versions = p.probeAll("127.0.0.1", s.port, null);
        List<SuiteEnumeration> all = new CipherSuiteEnumerator(p).enumerate("127.0.0.1",
            s.port, null, versions);
        assertThat(all).hasSize(1);
        SuiteEnumeration e = all.get(0);
        assertThat(e.incomplete()).isNull();
        assertThat(e.suiteNames()).as("width " + width).containsExactlyInAnyOrder(
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DH_anon_WITH_AES_256_GCM_SHA384",
            "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256");
        // the anonymous suites' key exchange was read: their DH prime has a size
        assertThat(e.suites().stream().filter(a -> a.name().contains("_anon_"))
            .map(SuiteEnumeration.AcceptedSuite::dhBits)).doesNotContainNull();
      }
    }
  }

  @Test
  void aVersionWhoseOnlySuiteIsAnonymousIsAccepted() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1", "-cipher",
        "ECDHE-RSA-AES128-GCM-SHA256:ADH-CAMELLIA128-SHA:@SECLEVEL=0")) {
      Map<TlsVersion, VersionProbe> v = ClientHelloProberTest.byVersion(
          ClientHelloProberTest.prober().probeAll("127.0.0.1", s.port, null));
      VersionProbe tls10 = v.get(TlsVersion.TLS_1_0);
      assertThat(tls10.outcome()).isEqualTo(VersionProbe.Outcome.ACCEPTED);
      assertThat(tls10.cipherSuite()).isEqualTo("TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA");
      // a ServerHello for another version decides alone, in one hello
      assertThat(v.get(TlsVersion.TLS_1_2).reason()).isEqualTo("answered with TLS 1.0 instead");
      assertThat(v.get(TlsVersion.TLS_1_2).hello()).doesNotContain("part");
    }
  }

  /** A PSK suite sits in a later part: the first part's handshake_failure is not the end. */
  @Test
  void aSuiteOfALaterPartIsFoundAfterTheFirstIsRefused() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    int code = CipherSuites.code("TLS_PSK_WITH_AES_128_CBC_SHA");
    assertThat(CipherSuites.CLASSIC_PARTS.get(0)).doesNotContain(code);
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_2", "-psk", "1a2b3c4d5e6f",
        "-cipher", "PSK-AES128-CBC-SHA:@SECLEVEL=0")) {
      ClientHelloProber p = ClientHelloProberTest.prober();
      List<VersionProbe> versions = p.probeAll("127.0.0.1", s.port, null);
      VersionProbe tls12 = ClientHelloProberTest.byVersion(versions).get(TlsVersion.TLS_1_2);
      assertThat(tls12.outcome()).isEqualTo(VersionProbe.Outcome.ACCEPTED);
      assertThat(tls12.cipherSuite()).isEqualTo("TLS_PSK_WITH_AES_128_CBC_SHA");
      assertThat(tls12.hello()).contains("after part 1 (")
          .contains("alert handshake_failure");
      SuiteEnumeration e = new CipherSuiteEnumerator(p).enumerate("127.0.0.1", s.port, null,
          versions).get(0);
      assertThat(e.incomplete()).isNull();
      assertThat(e.suiteNames()).containsExactly("TLS_PSK_WITH_AES_128_CBC_SHA");
    }
  }

  @Test
  void aVersionWithNoSuiteInCommonSaysSoNotJustRefused() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    // TLS 1.0 on, but its only suite is TLS 1.2's: handshake_failure to every part
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1", "-cipher",
        "ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0")) {
      VersionProbe tls10 = ClientHelloProberTest.prober().probe("127.0.0.1", s.port, null,
          TlsVersion.TLS_1_0);
      assertThat(tls10.outcome()).isEqualTo(VersionProbe.Outcome.REFUSED);
      assertThat(tls10.reason()).startsWith("no suite in common: sent "
          + CipherSuites.CLASSIC_PARTS.size() + " TLS 1.0 hellos offering together all "
          + CipherSuites.CLASSIC.size() + " suites known; each was answered with an alert"
          + " other than protocol_version, none with a ServerHello")
          .contains("alert handshake_failure");
      assertThat(tls10.summary()).startsWith("TLS 1.0 not negotiated: ");
    }
  }
}
