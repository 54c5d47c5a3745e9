package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Location;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.ProcessingRecord;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanSummary;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.TargetState;
import dev.secaudit.model.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scan.json is written by the streaming writer byte for byte as databind wrote it from the
 * records ({@link DatabindScanJson}), with and without its summary, and reads back as the same
 * scan; over a scan that fills every optional field, every kind of value and texts JSON has to
 * escape. The demo's own scan.json is held to the same in {@code DemoScanJsonTest}.
 */
class ScanJsonBytesTest {
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  /** Every field set, every optional part present, every kind of value, hostile texts. */
  static ScanResult everyField() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("zeta", "last");
    parameters.put("active", "true");
    parameters.put("Ärger", "non-ASCII key");
    RunInfo run = new RunInfo("run-1", "secaudit", "0.1.0", AT, AT.plusNanos(123_456_789),
        "policies/a.yaml", "acme \"prod\"", "ab".repeat(32), List.of("secaudit", "scan",
            "--header", "X: \u001b[31mred\u001b[0m"), "medium", List.of("soc2", "gdpr"),
        new RunInfo.ShardPart(2, 3), parameters);
    List<Value> everyKind = List.of(new Value.Text("a \u202e b"), new Value.Duration(86_400),
        new Value.Count(3, null), new Value.Count(7, 7L), new Value.Header("Server", null),
        new Value.Header("Server", "nginx/1.22.1"), new Value.Setting("SameSite", null),
        new Value.Setting("SameSite", "Lax"), new Value.Presence("Secure", false),
        new Value.Presence("HttpOnly", true),
        new Value.Items(List.of(new Value.Items(List.of()), new Value.Text("nested"))));
    Finding.Builder full = Finding.builder("cookie.secure").target("app")
        .about(Subject.cookie("session")).subject("session on /login").status(Status.WAIVED)
        .severity(Severity.HIGH).title("Cookie has Secure")
        .expected("Secure", new Value.Presence("Secure", true))
        .observed("tab\there, newline\nthere, NUL \u0000, DEL \u007f, C1 \u0085, emoji \ud83d\udd12",
            new Value.Items(everyKind))
        .evidence(List.of("app/page-1", "app/page-2")).time(AT.plusMillis(1))
        .mappings(List.of(Mapping.parse("soc2:CC6.1"), Mapping.parse("gdpr:32(1)(a)")))
        .remediation("Add Secure.").rule("/cookies/0", 12)
        .waiver(new Finding.Waiver("W-1", "accepted </script>", "ciso@acme.test", "2026-06-30"))
        .baseline(Finding.BaselineState.NEW)
        .location(new Location("nginx.conf", 4, "deploy/nginx.conf"));
    List<Finding> findings = new ArrayList<>();
    findings.add(full.build());
    // Each finding once, of a listed target: readers refuse a finding twice, or of a target the
    // scan does not list.
    for (Value v : everyKind) {
      findings.add(Finding.builder("header.rule").target("app").subject("v" + findings.size())
          .status(Status.FAIL).severity(Severity.LOW).title("A header").expected(v).observed(v)
          .time(AT).build());
    }
    // Nothing optional: no subject, no values, no location, no evidence, no mappings.
    findings.add(Finding.builder("claim.attestation").target("").status(Status.MANUAL)
        .severity(Severity.MEDIUM).title("Attested").time(AT).build());
    for (Finding.BaselineState state : Finding.BaselineState.values()) {
      // Without its waiver a finding is no longer WAIVED (readers refuse that as forged).
      findings.add(full.baseline(state).status(Status.FAIL).waiver(null).location(null)
          .subject("session " + state).build());
    }
    List<TargetState> targets = List.of(
        new TargetState("app", "https://app.acme.test", TargetState.State.EVALUATED, ""),
        new TargetState("old", "https://old.acme.test", TargetState.State.UNREACHABLE,
            "connect timed out"),
        new TargetState("stage", null, TargetState.State.EXCLUDED, null));
    List<Artifact> artifacts = List.of(
        Artifact.of("app/page-1", "app", ArtifactKind.Known.HTTP_EXCHANGE,
            AT.plusNanos(884_273_621), "GET / → 200", "HTTP/1.1 200 OK\r\nX: \u001b]0;t\u0007\n"),
        Artifact.of("app/x", "app", ArtifactKind.of("a-later-kind"), AT, "later", "text"),
        new Artifact("app/empty", "app", ArtifactKind.Known.TLS_CHAIN, null, null, null, null));
    List<ScanResult.ClaimRecord> claims = List.of(new ScanResult.ClaimRecord("passwords.hashing",
        "bcrypt, cost 12", "identity", List.of("claim.attestation"),
        List.of(Mapping.parse("iso27001:5.34")), "cto@acme.test", "2026-01-10",
        List.of("https://wiki.acme.test/pw")));
    List<ScanResult.WaiverRecord> waivers = List.of(
        new ScanResult.WaiverRecord("W-1", "cookie.secure", "app", "session", "accepted",
            "ciso@acme.test", "2026-06-30", ScanResult.WaiverState.ACTIVE, 1, "waivers.yaml:3"),
        new ScanResult.WaiverRecord("W-2", "hsts.*", null, null, "old", "ciso@acme.test",
            "2025-01-01", ScanResult.WaiverState.EXPIRED, 0, "waivers.yaml:9"));
    ScanResult.Baseline baseline = new ScanResult.Baseline("old/scan.json", "run-0",
        AT.minusSeconds(86_400), 3, 4, List.of(full.baseline(Finding.BaselineState.RESOLVED)
            .build()));
    List<ProcessingRecord> processing = List.of(new ProcessingRecord("Stripe", "payments",
        List.of("billing"), "US", "SCCs", "yes", List.of("SOC 2", "PCI DSS"),
        List.of("app: pages", "dns: acme.test MX")), new ProcessingRecord("Quiet", null, null,
        null, null, "", null, null));
    return new ScanResult(ScanResult.SCHEMA, run, targets, findings, artifacts, claims, waivers,
        baseline, processing);
  }

  private static GateVerdict gate(ScanResult scan) {
    List<Finding> failing = scan.findings().stream()
        .filter(f -> GateVerdict.fails(f, Severity.LOW, true)).toList();
    return new GateVerdict(GateVerdict.Outcome.FAILED, failing, 2, 1, Severity.LOW, true);
  }

  @Test
  void theStreamingWriterWritesWhatDatabindWroteWithAndWithoutTheSummary() throws Exception {
    for (ScanResult scan : List.of(everyField(), ReportFixture.scan(),
        new ScanResult(ScanResult.SCHEMA, null, null, null, null, null))) {
      assertThat(ScanJson.toJson(scan)).isEqualTo(DatabindScanJson.write(scan, null));
      if (scan.run() != null) {
        GateVerdict gate = gate(scan);
        assertThat(ScanJson.toJson(scan, gate))
            .isEqualTo(DatabindScanJson.write(scan, ScanSummary.of(scan, gate)));
      }
    }
  }

  @Test
  void whatItWritesReadsBackAsTheSameScan() throws Exception {
    ScanResult scan = everyField();
    Path file = Files.writeString(dir.resolve("scan.json"), ScanJson.toJson(scan, gate(scan)));
    ScanResult read = ScanJson.read(file);
    // The run comes back gated as the summary recorded it (only new failures), so that a
    // re-render gates the same way.
    assertThat(read.run().failOnNew()).isTrue();
    assertThat(new ScanResult(read.schema(), read.run().withFailOnNew(false), read.targets(),
        read.findings(), read.artifacts(), read.claims(), read.waivers(), read.baseline(),
        read.processing())).isEqualTo(scan);
    // Written again from what was read: the same bytes, so a file survives report --from.
    assertThat(ScanJson.toJson(read, gate(read))).isEqualTo(Files.readString(file));
  }
}
