package dev.secaudit.probe.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint's probes started as soon as what each needs is known (suites beside the older
 * versions and the chain) find what the phases one after another find, on real servers.
 */
class EndpointProbesTest {
  static Path[] pem;

  @BeforeAll
  static void pki(@TempDir Path dir) throws Exception {
    pem = new TestPki("Endpoint Probes Test", Instant.now())
        .issue(TestPki.Spec.good(Instant.now())).writePem(dir);
  }

  /** What a run found, without the times (which differ from run to run). */
  static String found(EndpointProbes.Result r) {
    StringBuilder sb = new StringBuilder();
    for (VersionProbe v : r.versions()) {
      sb.append(v.version()).append(' ').append(v.outcome()).append(' ').append(v.cipherSuite())
          .append(' ').append(v.reason()).append(' ').append(v.hello()).append('\n');
    }
    CertificateObservation c = r.certificate();
    sb.append(c.protocol()).append(' ').append(c.trusted()).append(' ').append(c.trustError())
        .append(' ').append(c.chain().size()).append('\n');
    for (SuiteEnumeration s : r.suites()) {
      sb.append(s.toString().replaceAll("millis=\\d+", "millis=")).append('\n');
    }
    return sb.toString();
  }

  static EndpointProbes.Result run(int port, int width) {
    return EndpointProbes.run(prober(width), certificates(), endpoint(port), true, null);
  }

  /** The phases one after another at the same width: versions, then the chain, then suites. */
  static EndpointProbes.Result phased(int port, int width) {
    ClientHelloProber prober = prober(width);
    List<VersionProbe> versions = prober.probeAll("127.0.0.1", port, null);
    CertificateObservation cert = certificates().observe(endpoint(port), versions);
    return new EndpointProbes.Result(versions, cert,
        new CipherSuiteEnumerator(prober).enumerate("127.0.0.1", port, null, versions));
  }

  static ClientHelloProber prober(int width) {
    return CipherSuiteEnumeratorTest.prober().width(width);
  }

  static CertificateProbe certificates() {
    return new CertificateProbe(ClientHelloProberTest.LIMITS, List.of(), "");
  }

  static TlsEndpoint endpoint(int port) {
    return new TlsEndpoint("127.0.0.1", port, null, null);
  }

  @Test
  void sideBySideFindsWhatOneAfterAnotherFinds() throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    // the client's order (picks in parts), the server's (one chain of picks, suites of several
    // parts), and TLS 1.0 with one suite of a later part (part 1 refused with handshake_failure,
    // the later parts side by side decide)
    for (String[] args : List.of(new String[] {"-cipher", "ALL:@SECLEVEL=0"},
        new String[] {"-serverpref", "-cipher",
            "ECDHE+AESGCM:AES256-SHA:ADH-AES256-GCM-SHA384:CAMELLIA:@SECLEVEL=0"},
        new String[] {"-tls1", "-cipher", "ADH-CAMELLIA128-SHA:@SECLEVEL=0"})) {
      try (OpenSslServer s = OpenSslServer.start(pem, args)) {
        for (int width : new int[] {1, 2, 3}) {
          String phased = found(phased(s.port, width));
          assertThat(found(run(s.port, width))).as(String.join(" ", args) + ", width " + width)
              .isEqualTo(phased);
          assertThat(phased).contains("ACCEPTED");
        }
        assertThat(run(s.port, 2).suites()).isNotEmpty()
            .allSatisfy(e -> assertThat(e.incomplete()).isNull());
      }
    }
  }
}
