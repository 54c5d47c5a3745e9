package dev.secaudit.check.tls;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secaudit.check.Check;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.Finding;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.CertificateObservation;
import dev.secaudit.probe.tls.CertificateProbe;
import dev.secaudit.probe.tls.CipherSuiteEnumerator;
import dev.secaudit.probe.tls.ClientHelloProber;
import dev.secaudit.probe.tls.OtherCertificate;
import dev.secaudit.probe.tls.SuiteEnumeration;
import dev.secaudit.probe.tls.TestPki;
import dev.secaudit.probe.tls.TlsEndpoint;
import dev.secaudit.probe.tls.TlsObservation;
import dev.secaudit.probe.tls.VersionProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the probes see of a live server on 127.0.0.1 (versions, suites, the first chain), and the
 * checks judged over it with its other certificates fetched, not fetched, or not looked for.
 */
final class DualProbe {
  private static final ClientHelloProber.Limits LIMITS = new ClientHelloProber.Limits(
      Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(6));

  private DualProbe() {}

  /** The probes' view of one server, from which its other certificates can be fetched. */
  record Seen(TlsEndpoint endpoint, List<VersionProbe> versions, List<SuiteEnumeration> suites,
      CertificateObservation certificate, ClientHelloProber hellos, CertificateProbe certs) {

    /** The observation with {@code others} as the certificates looked for besides the first. */
    TlsObservation with(Instant now, List<OtherCertificate> others) {
      return new TlsObservation(endpoint.host(), endpoint.port(), null, now, versions,
          certificate, null, new ArrayList<>(suites), others);
    }

    /** The other certificates fetched now (while the server runs, or after, so that it fails). */
    List<OtherCertificate> fetch() {
      return OtherCertificate.fetch(hellos, certs, endpoint, certificate, suites);
    }
  }

  /** Versions, suites and the first chain of 127.0.0.1:{@code port}, trusting {@code pki}. */
  static Seen probe(TestPki pki, int port) {
    CertificateProbe certs = new CertificateProbe(LIMITS, List.of(pki.root()), "root.pem");
    ClientHelloProber hellos = new ClientHelloProber(LIMITS, new java.security.SecureRandom());
    TlsEndpoint endpoint = new TlsEndpoint("127.0.0.1", port, null, null);
    List<VersionProbe> versions = hellos.probeAll("127.0.0.1", port, null);
    List<SuiteEnumeration> suites = new CipherSuiteEnumerator(hellos)
        .enumerate("127.0.0.1", port, null, versions);
    return new Seen(endpoint, versions, suites, certs.observe(endpoint, versions), hellos, certs);
  }

  /** {@code checks} over {@code tls} under a policy with {@code tlsYaml} as its tls section. */
  static List<Finding> judge(TlsObservation tls, Instant now, String tlsYaml, Check... checks) {
    String yaml = "version: 1\nname: t\ntargets:\n  - {name: app, url: \"https://127.0.0.1\"}\n"
        + "tls: " + tlsYaml + "\n";
    LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("t.yaml", yaml.getBytes(UTF_8));
    CheckContext ctx = new CheckContext(StandardChecks.catalog(), loaded,
        loaded.policy().targets().get(0),
        new TargetObservations("app", null, null, null, null, null, tls), now);
    List<Finding> out = new ArrayList<>();
    for (Check c : checks) {
      out.addAll(c.evaluate(ctx));
    }
    return out;
  }

  /** Chain and key PEM files of a leaf issued per {@code spec}, in {@code dir}/{@code name}. */
  static Path[] pem(TestPki pki, Path dir, String name, TestPki.Spec spec) throws Exception {
    return pki.issue(spec).writePem(Files.createDirectories(dir.resolve(name)));
  }

  /** A finding as a line, without the port, which differs from server to server. */
  static String line(Finding f) {
    return f.subject().replaceAll(":[0-9]+$", "") + " " + f.checkId() + " " + f.status() + " "
        + f.observed().replaceAll("127\\.0\\.0\\.1:[0-9]+", "127.0.0.1");
  }
}
