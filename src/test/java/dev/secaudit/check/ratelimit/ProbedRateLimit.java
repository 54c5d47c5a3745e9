package dev.secaudit.check.ratelimit;

import dev.secaudit.check.CheckContext;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import dev.secaudit.probe.ratelimit.RateLimitProbe;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One rate limit probed against a server on loopback and judged, as a scan does: the
 * observation, the findings, the redactor the scan would write them through, and what the probe
 * announced.
 */
record ProbedRateLimit(RateLimitObservation obs, List<Finding> findings, Redactor written,
    List<String> announced) {
  Finding finding(String id) {
    return findings.stream().filter(f -> f.checkId().equals(id)).findFirst().orElseThrow();
  }

  /** Probes {@code rule} (the YAML of one rate_limits entry, target api at {@code url}). */
  static ProbedRateLimit of(String url, String rule, RateLimitProbe.Sleeper sleeper) {
    String yaml = """
        version: 1
        name: loopback
        targets:
          - {name: api, url: "%s"}
        rate_limits:
          - %s
        """.formatted(url, rule);
    LoadedPolicy loaded = new PolicyLoader(Map.<String, String>of()::get,
        StandardChecks.catalog().ids()).load("p.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    HttpProbe http = new HttpProbe(new HttpProbe.Limits(Duration.ofSeconds(5),
        Duration.ofSeconds(5), Duration.ofSeconds(10), 64 * 1024),
        RecordingTrustManager.forKeyStore(null), Clock.systemUTC(), "secaudit-test");
    List<String> announced = new ArrayList<>();
    RateLimitObservation obs = new RateLimitProbe(http, Clock.systemUTC(), sleeper,
        announced::add).probe(loaded.policy().targets().get(0), 0,
            loaded.policy().rateLimits().get(0), null);
    TargetObservations observed =
        new TargetObservations("api", null, null, null, null, null, null, List.of(obs));
    List<Finding> findings = new RateLimitCheck().evaluate(new CheckContext(
        StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), observed,
        Instant.now()));
    return new ProbedRateLimit(obs, findings, new Redactor(
        dev.secaudit.scan.Scanner.policySecrets(loaded)).with(observed.secrets()), announced);
  }
}
