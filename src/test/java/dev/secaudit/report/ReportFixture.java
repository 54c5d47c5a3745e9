package dev.secaudit.report;

import dev.secaudit.check.StandardChecks;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.compliance.Coverage;
import dev.secaudit.compliance.Framework;
import dev.secaudit.compliance.RequirementStatus;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.ArtifactKind.Known;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.model.TargetState.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A hand-built scan with several targets, every status, hostile observed values and evidence, a
 * claim, and framework views joined from the findings' own mappings.
 */
final class ReportFixture {
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String FORMULA = "=HYPERLINK(\"http://x\")";
  static final String PRE_BREAKOUT = "</pre><img src=x onerror=alert(1)>";
  static final String MESSY = "a, \"quoted\" value\nsecond line, with comma";
  static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant FINISHED = Instant.parse("2026-03-01T10:00:07.250Z");

  private ReportFixture() {}

  static ScanResult scan() {
    String policyText = "version: 1\nname: acme-production\n";
    RunInfo run = new RunInfo("run-20260301-100000-7f3a", "secaudit", "0.1.0", STARTED, FINISHED,
        "policies/acme.yaml", "acme-production", Artifact.sha256(policyText),
        List.of("secaudit", "scan", "--policy", "policies/acme.yaml", "--fail-on", "high",
            "--header", "Authorization: Bearer [REDACTED]"),
        "high", List.of("soc2", "gdpr", "iso27001"));

    List<TargetState> targets = List.of(
        new TargetState("app", "https://app.acme.test", State.EVALUATED, ""),
        new TargetState("api", "https://api.acme.test", State.EVALUATED, ""),
        new TargetState("legacy", "https://legacy.acme.test", State.UNREACHABLE,
            "connect timed out after 5s"),
        new TargetState("staging", "https://staging.acme.test", State.EXCLUDED,
            "excluded by --exclude-tag staging"));

    Instant t = STARTED.plusSeconds(2);
    List<Artifact> artifacts = List.of(
        Artifact.of("http-app-1", "app", Known.HTTP_EXCHANGE, t,
            "GET https://app.acme.test/ -> 200",
            "HTTP/1.1 200 OK\nContent-Security-Policy: script-src 'unsafe-inline'\n"
                + "X-Custom: " + FORMULA + "\n\n" + PRE_BREAKOUT),
        Artifact.of("tls-app-1", "app", ArtifactKind.of("tls-handshake"), t,
            "TLSv1.3 TLS_AES_128_GCM_SHA256",
            "protocol=TLSv1.3\ncipher=TLS_AES_128_GCM_SHA256"),
        Artifact.of("http-api-1", "api", Known.HTTP_EXCHANGE, t.plusMillis(40),
            "GET https://api.acme.test/ -> 200",
            "\nHTTP/1.1 200 OK\nStrict-Transport-Security: max-age=86400\n"),
        Artifact.of("unused-1", "api", ArtifactKind.of("note"), t, "recorded but not cited",
            "nothing cites me"));

    Finding.Waiver waiver = new Finding.Waiver("W-7", "third-party widget; vendor fix due Q2",
        "ciso@acme.test", "2026-06-30");
    List<Finding> findings = new ArrayList<>(List.of(
        finding("csp.unsafe_inline", "app", "script-src", Status.FAIL, "no 'unsafe-inline'",
            SCRIPT, "http-app-1"),
        finding("header.rule", "app", "X-Custom", Status.FAIL, "absent", FORMULA, "http-app-1"),
        finding("header.info_leak", "app", "-X-Debug", Status.WARN, "+not sent", "@internal",
            "http-app-1"),
        finding("hsts.header", "app", "", Status.PASS, "one header", "max-age=63072000",
            "http-app-1"),
        finding("cookie.http_only", "app", "session", Status.PASS, "HttpOnly",
            "session=[REDACTED]; Secure; HttpOnly", "http-app-1"),
        finding("cookie.secure", "app", "tracking", Status.FAIL, "Secure", "tracking=[REDACTED]",
            "http-app-1").waived(waiver),
        finding("hsts.max_age", "api", "", Status.WARN, "max-age >= 31536000", "86400",
            "http-api-1"),
        finding("csp.report_only", "api", "", Status.INFO, "enforced policy", MESSY,
            "http-api-1", "http-api-missing"),
        finding("security_txt.signature", "api", "", Status.SKIPPED, "signed",
            "\tnot fetched\r", "tls-app-1"),
        finding("hsts.header", "api", "", Status.PASS, "one header", "max-age=86400",
            "http-api-1"),
        finding("https.redirect", "legacy", "", Status.ERROR, "301 to https://legacy.acme.test/",
            "connect timed out after 5s"),
        finding("claim.attestation", "", "passwords.hashing", Status.MANUAL,
            "attested within 365 days", "attested 2026-01-10 by cto@acme.test")));

    List<ClaimRecord> claims = List.of(new ClaimRecord("passwords.hashing", "bcrypt, cost 12",
        "identity", List.of("claim.attestation"),
        List.of(Mapping.parse("soc2:CC6.1"), Mapping.parse("gdpr:32(1)(a)"),
            Mapping.parse("iso27001:5.34")), "cto@acme.test",
        "2026-01-10",
        List.of("https://wiki.acme.test/security/passwords", "javascript:alert(1)", "tls-app-1",
            "/srv/docs/hashing.pdf")));

    return new ScanResult(ScanResult.SCHEMA, run, targets, findings, artifacts, claims);
  }

  /** A finding with the catalog's title, severity, mappings and remediation, as checks make. */
  static Finding finding(String checkId, String target, String subject, Status status,
      String expected, String observed, String... evidence) {
    CheckInfo info = StandardChecks.catalog().get(checkId);
    Severity severity = info.severity();
    return new Finding(checkId, target, subject, status, severity, info.title(), expected,
        observed, List.of(evidence), STARTED.plusSeconds(3), info.mappings(), info.remediation(),
        "/checks/" + checkId, 12, null);
  }

  static List<FrameworkView> views(ScanResult scan) {
    return List.of(
        view(scan, new Framework("soc2", "SOC 2 Trust Services Criteria", "2017 (rev. 2022)",
            "Criteria paraphrased; ids as published.", List.of(
                new Framework.Requirement("CC6.1", "Logical access", "Logical and physical access"),
                new Framework.Requirement("CC6.6", "Boundary protection", ""),
                new Framework.Requirement("CC6.7", "Data in transmission", ""),
                new Framework.Requirement("CC9.2", "Vendor risk", "Risk mitigation")))),
        view(scan, new Framework("gdpr", "GDPR", "2016/679", "", List.of(
            new Framework.Requirement("32(1)(a)", "Encryption", "Art. 32"),
            new Framework.Requirement("28", "Processors", "Art. 28"),
            new Framework.Requirement("33", "Breach notice <72h> & \"quotes\"", "Art. 33")))),
        view(scan, new Framework("iso27001", "ISO/IEC 27001", "2022", "Annex A", List.of(
            new Framework.Requirement("8.24", "Use of cryptography", "Technological"),
            new Framework.Requirement("5.19", "Supplier relationships", "Organizational"),
            new Framework.Requirement("5.34", "Privacy and protection of PII",
                "Organizational")))));
  }

  /**
   * Joins by the findings' and claims' own mappings. A test stand-in for ComplianceView, kept
   * deliberately simple: the renderer must show whatever rows it is given.
   */
  private static FrameworkView view(ScanResult scan, Framework fw) {
    List<RequirementStatus> rows = new ArrayList<>();
    for (Framework.Requirement r : fw.requirements()) {
      Mapping m = new Mapping(fw.id(), r.id());
      List<Finding> findings = scan.findings().stream()
          .filter(f -> f.mappings().contains(m)).toList();
      List<ClaimRecord> claims = scan.claims().stream()
          .filter(c -> c.mappings().contains(m)).toList();
      Coverage coverage = !findings.isEmpty() ? Coverage.AUTOMATED
          : !claims.isEmpty() ? Coverage.ATTESTED : Coverage.MANUAL;
      Status worst = findings.stream().map(Finding::status)
          .min(Comparator.naturalOrder()).orElse(null);
      rows.add(new RequirementStatus(r, coverage, worst, findings, claims));
    }
    return new FrameworkView(fw, rows);
  }

  /**
   * The fixture's targets, findings and artifacts repeated as a fleet of {@code copies}, in the
   * order scan writes findings (by target in population order); policy-wide findings (no target)
   * stay one group, last. With {@code clashing}, each copy's first target also holds findings
   * whose anchors clash within it (the same check and subject twice, a subject that reads as
   * another's with a counter).
   */
  static ScanResult fleet(int copies, boolean clashing) {
    ScanResult one = scan();
    List<TargetState> targets = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    List<Artifact> artifacts = new ArrayList<>();
    for (int k = 1; k <= copies; k++) {
      for (TargetState t : one.targets()) {
        targets.add(new TargetState(t.name() + "-" + k, t.url(), t.state(), t.reason()));
      }
      for (Finding f : one.findings()) {
        if (!f.target().isEmpty() || k == 1) {
          findings.add(copy(f, f.target().isEmpty() ? "" : f.target() + "-" + k, k, ""));
        }
        if (clashing && f.checkId().equals("header.rule")) {
          // A subject whose anchor is the same ("X Custom" and "X-Custom") but not its key: a
          // scan holds each key once, and readers refuse one twice.
          findings.add(copy(f, f.target() + "-" + k, k, " again").toBuilder()
              .subject(f.subject().replace('-', ' ')).build());
          findings.add(copy(f, f.target() + "-" + k, k, " -2").toBuilder()
              .subject(f.subject() + "-2").build());
        }
      }
      for (Artifact a : one.artifacts()) {
        artifacts.add(new Artifact(a.id() + "-" + k, a.target() + "-" + k, a.kind(), a.time(),
            a.summary(), a.content(), a.sha256()));
      }
    }
    findings.sort(dev.secaudit.scan.Scanner.reportOrder(
        targets.stream().map(TargetState::name).toList()));
    return new ScanResult(one.schema(), one.run(), targets, findings, artifacts, one.claims());
  }

  private static Finding copy(Finding f, String target, int k, String more) {
    List<String> evidence = f.evidence().stream().map(e -> e + "-" + k).toList();
    return new Finding(f.checkId(), target, f.subject(), f.status(), f.severity(), f.title(),
        f.expected(), f.observed() + (k % 3 == 0 ? "" : " #" + k) + more, evidence, f.time(),
        f.mappings(), f.remediation(), f.policyPointer(), f.policyLine(), f.waiver());
  }
}
