package dev.secaudit.check.flow;

import dev.secaudit.check.StandardChecks;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Redactor;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.flow.FlowObservation;
import dev.secaudit.probe.flow.FlowProbe;
import dev.secaudit.scan.Scanner;
import java.time.Instant;
import java.util.List;

/**
 * A flow as probed (what checks judge) and as written: findings through the run's redactor, fed
 * as a scan feeds it (the policy's secrets, then what the flow saw).
 */
record JudgedFlow(FlowObservation obs, List<Finding> findings, Redactor written) {
  /** Runs the policy's first flow on its first target with {@code probe} and judges it. */
  static JudgedFlow of(LoadedPolicy loaded, FlowProbe probe, String optedOut) {
    FlowObservation obs = probe.probe(loaded.policy().targets().get(0), 0,
        loaded.policy().flows().get(0), optedOut);
    TargetObservations observed = new TargetObservations(
        loaded.policy().targets().get(0).name(), null, null, null, null, null, null, List.of(),
        null, List.of(obs));
    List<Finding> findings = new FlowCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded,
        loaded.policy().targets().get(0), observed, Instant.now()));
    Redactor written = new Redactor(Scanner.policySecrets(loaded)).with(observed.secrets());
    List<Finding> shown = written.scan(new ScanResult(ScanResult.SCHEMA, null, List.of(),
        findings, List.of(), List.of())).findings();
    return new JudgedFlow(obs, shown, written);
  }

  Finding finding(String id) {
    return findings.stream().filter(f -> f.checkId().equals(id)).findFirst().orElseThrow();
  }

  Status status(String id) {
    return finding(id).status();
  }

  String observed(String id) {
    return finding(id).observed();
  }

  /** The flow's transcript as written. */
  String artifact() {
    return written.text(obs.artifact(4096).content());
  }

  /** Everything written about the flow: the transcript, then each finding's expected/observed. */
  String everythingWritten() {
    StringBuilder sb = new StringBuilder(artifact());
    findings.forEach(f -> sb.append('\n').append(f.expected()).append('\n')
        .append(f.observed()));
    return sb.toString();
  }
}
