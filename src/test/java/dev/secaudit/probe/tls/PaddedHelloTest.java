package dev.secaudit.probe.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secaudit.model.CipherSuites;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.probe.config.LoopbackNginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 7685 padding: a ClientHello whose handshake message is 256 to 511 bytes hangs some F5
 * devices, so such hellos are padded to 512 bytes, as OpenSSL and the browsers pad theirs; and
 * real servers still answer the padded hellos.
 */
class PaddedHelloTest {
  static Path[] pem;

  @BeforeAll
  static void pki(@TempDir Path dir) throws Exception {
    pem = new TestPki("Padded Hello Test", Instant.now()).issue(TestPki.Spec.good(Instant.now()))
        .writePem(dir);
  }

  /** The extension types of a hello record, in order (empty when it has none). */
  static List<Integer> extensionTypes(byte[] record) {
    int at = 5 + 4 + 2 + 32;
    at += 1 + (record[at] & 0xff);
    at += 2 + u16(record, at);
    at += 1 + (record[at] & 0xff);
    List<Integer> types = new ArrayList<>();
    if (at == record.length) {
      return types;
    }
    int end = at + 2 + u16(record, at);
    assertThat(end).isEqualTo(record.length);
    for (at += 2; at < end; at += 4 + u16(record, at + 2)) {
      types.add(u16(record, at));
    }
    return types;
  }

  static int u16(byte[] b, int at) {
    return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
  }

  @Test
  void paddingBringsTheRangeThatHangsF5DevicesTo512Bytes() {
    assertThat(ClientHello.paddingLength(255)).isEqualTo(-1);
    assertThat(ClientHello.paddingLength(256)).isEqualTo(512 - 256 - 4);
    assertThat(ClientHello.paddingLength(300)).isEqualTo(208);
    assertThat(ClientHello.paddingLength(507)).isEqualTo(1);
    // never an empty extension: some servers fail one as the last
    assertThat(ClientHello.paddingLength(508)).isEqualTo(1);
    assertThat(ClientHello.paddingLength(511)).isEqualTo(1);
    assertThat(ClientHello.paddingLength(512)).isEqualTo(-1);
  }

  @Test
  void noHelloWeSendHasAHandshakeMessageOf256To511Bytes() {
    ClientHello hellos = new ClientHello(new SplittableRandom(3));
    List<Integer> lengths = new ArrayList<>();
    int padded = 0;
    for (TlsVersion v : List.of(TlsVersion.SSL_3_0, TlsVersion.TLS_1_0, TlsVersion.TLS_1_1,
        TlsVersion.TLS_1_2, TlsVersion.TLS_1_3)) {
      for (String sni : new String[] {null, "a-rather-long-host-name.example.test"}) {
        List<ClientHelloProber.Offer> offers = new ArrayList<>(ClientHello.fullOffers(v));
        // the enumeration's narrower offers, down to one suite
        List<Integer> all = offers.get(0).suites();
        for (int n = all.size(); n >= 1; n--) {
          offers.add(new ClientHelloProber.Offer(all.subList(0, n),
              v == TlsVersion.TLS_1_3 ? List.of(0x001d) : GroupProbes.EC_GROUPS, false));
        }
        for (ClientHelloProber.Offer o : offers) {
          for (boolean status : new boolean[] {false, true}) {
            byte[] record = hellos.hello(v, sni, o, null, status);
            int handshake = record.length - 5;
            assertThat(u16(record, 3)).isEqualTo(handshake);
            List<Integer> types = extensionTypes(record);
            if (v == TlsVersion.SSL_3_0) {
              assertThat(types).doesNotContain(ClientHello.EXT_PADDING);
              continue;
            }
            lengths.add(handshake);
            assertThat(handshake < 256 || handshake >= 512)
                .as(v + " hello of " + o.suites().size() + " suites: " + handshake + " bytes")
                .isTrue();
            if (types.contains(ClientHello.EXT_PADDING)) {
              padded++;
              assertThat(types.get(types.size() - 1)).isEqualTo(ClientHello.EXT_PADDING);
              assertThat(handshake).isBetween(512, 516);
            }
          }
        }
      }
    }
    // both kinds were built: small hellos left alone, the long ones padded
    assertThat(lengths).anyMatch(l -> l < 256);
    assertThat(padded).isGreaterThan(100);
  }

  @Test
  void opensslReadsThePaddedHellosAndAnswersThem(@TempDir Path dir) throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    ClientHelloProber prober = CipherSuiteEnumeratorTest.prober();
    List<Path> traces = new ArrayList<>();
    for (TlsVersion v : List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_0)) {
      Path trace = dir.resolve(v + ".txt");
      traces.add(trace);
      try (OpenSslServer s = OpenSslServer.start(pem, v == TlsVersion.TLS_1_2 ? "-tls1_2"
          : "-tls1", "-cipher", "ALL:@SECLEVEL=0", "-trace", "-msgfile", trace.toString())) {
        VersionProbe probe = prober.probe("127.0.0.1", s.port, null, v);
        assertThat(probe.outcome()).isEqualTo(VersionProbe.Outcome.ACCEPTED);
        assertThat(probe.hello()).endsWith("517 bytes");
        // an enumeration hello (the first part, the EC groups only), padded too
        VersionProbe part = prober.probe("127.0.0.1", s.port, null, v, new ClientHelloProber.Offer(
            CipherSuites.CLASSIC_PARTS.get(0), GroupProbes.EC_GROUPS));
        assertThat(part.outcome()).isEqualTo(VersionProbe.Outcome.ACCEPTED);
      }
    }
    for (Path trace : traces) {
      String seen = Files.readString(trace);
      Matcher hello = Pattern.compile("ClientHello, Length=(\\d+)").matcher(seen);
      List<Integer> lengths = new ArrayList<>();
      while (hello.find()) {
        lengths.add(Integer.parseInt(hello.group(1)));
      }
      // what the server read: the message without its 4-byte header, 512 bytes in all
      assertThat(lengths).isNotEmpty().containsOnly(508);
      assertThat(seen).contains("extension_type=padding(21)");
    }
  }

  @Test
  void nginxAnswersEveryPaddedHelloOfAScan(@TempDir Path dir) throws Exception {
    assumeTrue(LoopbackNginx.available(), "nginx is not installed");
    try (LoopbackNginx n = LoopbackNginx.startTls(dir,
        "ssl_protocols TLSv1.2 TLSv1.3; location / { return 204; }")) {
      int port = n.port();
      ClientHelloProber prober = CipherSuiteEnumeratorTest.prober();
      List<VersionProbe> versions = prober.probeAll("127.0.0.1", port, null);
      VersionProbe tls12 = versions.stream().filter(v -> v.version() == TlsVersion.TLS_1_2)
          .findFirst().orElseThrow();
      assertThat(tls12.outcome()).isEqualTo(VersionProbe.Outcome.ACCEPTED);
      assertThat(tls12.hello()).endsWith("517 bytes");
      List<SuiteEnumeration> suites = new CipherSuiteEnumerator(prober).enumerate("127.0.0.1",
          port, null, versions);
      SuiteEnumeration e12 = suites.stream().filter(s -> s.version() == TlsVersion.TLS_1_2)
          .findFirst().orElseThrow();
      assertThat(e12.incomplete()).isNull();
      // nginx's default HIGH:!aNULL:!MD5 with an ECDSA key: its ECDHE_ECDSA suites, each found
      assertThat(e12.suites()).extracting(SuiteEnumeration.AcceptedSuite::name)
          .contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
              "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
      assertThat(e12.groups()).contains("x25519");
    }
  }
}
