package dev.secaudit.evidence;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind.Known;
import dev.secaudit.model.Finding;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.time.Instant;
import java.util.List;

/** A small recorded run: three targets (one of each state), four artifacts, a few findings. */
final class EvidenceFixture {
  static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant FINISHED = Instant.parse("2026-03-01T10:00:07.250Z");

  private EvidenceFixture() {}

  static ScanResult scan(String runId, Status hstsStatus) {
    RunInfo run = new RunInfo(runId, "secaudit", "0.1.0", STARTED, FINISHED, "acme.yaml", "acme",
        "ab".repeat(32), List.of("secaudit", "scan", "-p", "acme.yaml"), "low",
        List.of("soc2"));
    List<TargetState> targets = List.of(
        new TargetState("app", "https://app.acme.test", TargetState.State.EVALUATED, ""),
        new TargetState("api", "https://api.acme.test", TargetState.State.UNREACHABLE,
            "connect timed out after 5s"),
        new TargetState("legacy", "https://old.acme.test", TargetState.State.EXCLUDED,
            "excluded by the policy: decommissioned 2026-01"));
    List<Artifact> artifacts = List.of(
        Artifact.of("app/page-1", "app", Known.HTTP_EXCHANGE, STARTED, "GET / 200",
            "GET / HTTP/1.1\nHost: app.acme.test\n\nHTTP/1.1 200 OK\nSet-Cookie: session=[REDACTED]"
                + "; Secure\n"),
        Artifact.of("app/http", "app", Known.HTTP_EXCHANGE, STARTED, "GET http:// 301",
            "GET / HTTP/1.1\n\nHTTP/1.1 301 Moved\nLocation: https://app.acme.test/\n"),
        Artifact.of("app/cors", "app", Known.HTTP_EXCHANGE, STARTED, "OPTIONS", "é ünïcode ✓\n"),
        Artifact.of(".hidden/../x y", "app", Known.HTTP_EXCHANGE, STARTED, "odd id", "odd\n"));
    List<Finding> findings = List.of(
        finding("hsts.max_age", "app", "", hstsStatus),
        finding("cookie.secure", "app", "session", Status.PASS),
        finding("cookie.secure", "app", "_tracking", Status.FAIL),
        finding("tls.protocols", "api", "", Status.ERROR));
    return new ScanResult(ScanResult.SCHEMA, run, targets, findings, artifacts, List.of());
  }

  static Finding finding(String check, String target, String subject, Status status) {
    return new Finding(check, target, subject, status, Severity.MEDIUM, check, "x", "y",
        List.of("app/page-1"), FINISHED, List.of(), "fix it", "", 0, null);
  }
}
