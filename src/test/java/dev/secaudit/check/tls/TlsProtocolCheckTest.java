package dev.secaudit.check.tls;

import dev.secaudit.check.StandardChecks;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Status;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.TlsObservation;
import dev.secaudit.probe.tls.VersionProbe;
import dev.secaudit.probe.tls.VersionProbe.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** tls.protocols from recorded probe results. */
class TlsProtocolCheckTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  static LoadedPolicy policy(String tls) {
    String yaml = "version: 1\nname: test\ntargets:\n  - {name: app, url: \"https://app.example.test\"}\n"
        + tls;
    return new PolicyLoader(name -> null, StandardChecks.catalog().ids()).load("test.yaml", yaml.getBytes(UTF_8));
  }

  /** Outcomes for SSLv2, SSLv3, 1.0, 1.1, 1.2, 1.3 in that order. */
  static TargetObservations observed(Outcome... outcomes) {
    List<VersionProbe> probes = new ArrayList<>();
    for (int i = 0; i < outcomes.length; i++) {
      TlsVersion v = TlsVersion.values()[i];
      probes.add(new VersionProbe(v, outcomes[i],
          outcomes[i] == Outcome.ACCEPTED ? "TLS_AES_128_GCM_SHA256" : null,
          outcomes[i] == Outcome.REFUSED ? "alert protocol_version"
              : outcomes[i] == Outcome.NOT_TESTABLE ? "no answer within the read (10000 ms) timeout"
              : null, "hello", "answer", 1));
    }
    return new TargetObservations("app", null, null, null, null, null, new TlsObservation(
        "app.example.test", 443, "app.example.test", NOW, probes, null, null));
  }

  static List<Finding> run(String tls, TargetObservations obs) {
    LoadedPolicy loaded = policy(tls);
    return new TlsProtocolCheck().evaluate(
        new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), obs, NOW));
  }

  static Map<String, Status> statuses(List<Finding> findings) {
    Map<String, Status> m = new LinkedHashMap<>();
    findings.forEach(f -> m.put(f.subject(), f.status()));
    return m;
  }

  @Test
  void minVersion12FailsOnTls10AndPassesTheRest() {
    List<Finding> f = run("tls: {min_version: \"1.2\"}\n", observed(Outcome.REFUSED,
        Outcome.REFUSED, Outcome.ACCEPTED, Outcome.REFUSED, Outcome.ACCEPTED, Outcome.ACCEPTED));
    assertThat(statuses(f)).containsExactly(Map.entry("SSLv2", Status.PASS),
        Map.entry("SSLv3", Status.PASS), Map.entry("TLS 1.0", Status.FAIL),
        Map.entry("TLS 1.1", Status.PASS), Map.entry("TLS 1.2", Status.PASS),
        Map.entry("TLS 1.3", Status.PASS));
    Finding tls10 = f.get(2);
    assertThat(tls10.expected()).isEqualTo("TLS 1.0 refused");
    assertThat(tls10.observed())
        .isEqualTo("TLS 1.0 accepted (TLS_AES_128_GCM_SHA256) on app.example.test:443");
    assertThat(tls10.evidence()).containsExactly("app/tls-TLS_1_0");
    assertThat(tls10.mappings()).extracting(Mapping::toString)
        .contains("soc2:CC6.7", "gdpr:32(1)(a)", "iso27001:8.24");
    assertThat(tls10.policyLine()).isEqualTo(5);
  }

  @Test
  void forbiddenVersionsAboveTheMinimumAndTheirPolicyLine() {
    List<Finding> f = run("tls:\n  min_version: \"1.0\"\n  forbidden_versions: [\"1.1\"]\n",
        observed(Outcome.REFUSED, Outcome.REFUSED, Outcome.ACCEPTED, Outcome.ACCEPTED,
            Outcome.ACCEPTED, Outcome.REFUSED));
    assertThat(statuses(f)).containsEntry("TLS 1.0", Status.PASS)
        .containsEntry("TLS 1.1", Status.FAIL);
    assertThat(f.get(3).policyPointer()).isEqualTo("/tls/forbidden_versions/0");
    assertThat(f.get(3).policyLine()).isEqualTo(7);
  }

  @Test
  void untestableForbiddenVersionIsAnErrorAndAllowedOneIsSkipped() {
    List<Finding> f = run("tls: {min_version: \"1.2\"}\n", observed(Outcome.NOT_TESTABLE,
        Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.ACCEPTED, Outcome.NOT_TESTABLE));
    assertThat(statuses(f)).containsEntry("SSLv2", Status.ERROR)
        .containsEntry("TLS 1.3", Status.SKIPPED);
    assertThat(f.get(0).observed()).contains("no answer within the read (10000 ms) timeout");
  }

  @Test
  void refusingEveryAllowedVersionFails() {
    List<Finding> f = run("tls: {min_version: \"1.2\"}\n", observed(Outcome.REFUSED,
        Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED));
    assertThat(statuses(f)).containsEntry("allowed versions", Status.FAIL);
  }

  @Test
  void plainHttpTargetIsSkipped() {
    TargetObservations obs = new TargetObservations("app", null, null, null, null, null,
        TlsObservation.skipped("app.example.test", 80, NOW, "the target URL is plain http://"));
    List<Finding> f = run("tls: {}\n", obs);
    assertThat(statuses(f)).containsExactly(Map.entry("protocols", Status.SKIPPED));
  }
}
