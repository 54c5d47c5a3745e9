package dev.secaudit.check.tls;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secaudit.check.Check;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.Finding;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.CipherSuiteEnumerator;
import dev.secaudit.probe.tls.ClientHelloProber;
import dev.secaudit.probe.tls.OpenSslServer;
import dev.secaudit.probe.tls.SuiteEnumeration;
import dev.secaudit.probe.tls.TlsObservation;
import dev.secaudit.probe.tls.VersionProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** A suite check judged over what the probe read from a live openssl s_server. */
final class OverProbe {
  private static final ClientHelloProber.Limits LIMITS = new ClientHelloProber.Limits(
      Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(6));

  private OverProbe() {}

  /**
   * @param tlsYaml the policy's tls section, as YAML flow
   * @param onTls12 looks at the TLS 1.2 version probe before the check runs
   */
  static List<Finding> judge(Check check, String tlsYaml, Path[] pem, Instant now,
      Consumer<VersionProbe> onTls12, String... args) throws Exception {
    try (OpenSslServer server = OpenSslServer.start(pem, args)) {
      ClientHelloProber hellos = new ClientHelloProber(LIMITS, new SplittableRandom(3));
      List<VersionProbe> versions = hellos.probeAll("127.0.0.1", server.port, null);
      onTls12.accept(versions.get(TlsVersion.TLS_1_2.ordinal()));
      List<SuiteEnumeration> suites = new CipherSuiteEnumerator(hellos)
          .enumerate("127.0.0.1", server.port, null, versions);
      String yaml = "version: 1\nname: t\ntargets:\n  - {name: app, url: \"https://localhost\"}\n"
          + "tls: " + tlsYaml + "\n";
      LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
          .load("t.yaml", yaml.getBytes(UTF_8));
      TlsObservation tls = new TlsObservation("127.0.0.1", server.port, null, now, versions,
          null, null, new ArrayList<>(suites));
      return check.evaluate(new CheckContext(StandardChecks.catalog(), loaded,
          loaded.policy().targets().get(0),
          new TargetObservations("app", null, null, null, null, null, tls), now));
    }
  }
}
