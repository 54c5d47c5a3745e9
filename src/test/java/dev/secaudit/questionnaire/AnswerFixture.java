package dev.secaudit.questionnaire;

import dev.secaudit.check.StandardChecks;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.ClaimCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy with one claim of each kind, and a scan of it made by the real claim check from
 * recorded target findings: TLS failed, the HTTPS redirect and the CSP passed, one attestation
 * current and one stale.
 */
public final class AnswerFixture {
  /** The day of the scan; answers are given the day after. */
  public static final Instant SCANNED = Instant.parse("2026-11-01T09:00:00Z");
  public static final Instant ANSWERED = Instant.parse("2026-11-02T09:00:00Z");

  public static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: app, url: "https://app.acme.test"}
      claims:
        - id: transport.https
          statement: "All traffic is encrypted with TLS 1.2 or newer."
          category: encryption
          checks: [tls.protocols]
        - id: encryption.at_rest
          statement: "Customer data is encrypted at rest with AES-256."
          category: encryption
          attest: {owner: cto@acme.test, role: CTO, date: 2026-10-01, max_age: 365d}
        - id: access.mfa
          statement: "Every staff account requires MFA."
          category: authentication
          attest: {owner: cto@acme.test, date: 2025-01-15, max_age: 180d}
        - id: backups.daily
          statement: "Databases are backed up daily and restores are rehearsed."
          category: backups
          attest: {owner: ops@acme.test, date: 2026-09-01, evidence: ["https://wiki.acme.test/restore-drill"]}
        - id: payments.no_card_data
          statement: "Card payments go to Stripe; we never receive or store card numbers."
          category: data-protection
          applies: false
          attest: {owner: cto@acme.test, date: 2026-10-01}
        - id: change.pr_review
          statement: "Every change is reviewed in a pull request and deployed by CI."
          category: change-management
          checks: [https.redirect]
      """;

  private AnswerFixture() {}

  public static LoadedPolicy policy() {
    return new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("acme.yaml", POLICY.getBytes(StandardCharsets.UTF_8));
  }

  public static ScanResult scan(Instant when) {
    return scan(POLICY, when, onApp -> List.of());
  }

  /**
   * A scan of {@code policyYaml} (named acme, one target 'app') with the fixture's target
   * findings, {@code extra} ones made on 'app', and the claim check's verdicts over them all.
   */
  public static ScanResult scan(String policyYaml, Instant when,
      java.util.function.Function<CheckContext, List<Finding>> extra) {
    LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("acme.yaml", policyYaml.getBytes(StandardCharsets.UTF_8));
    var target = loaded.policy().targets().get(0);
    CheckContext onApp = new CheckContext(StandardChecks.catalog(), loaded, target, null, when);
    List<Finding> targetFindings = new ArrayList<>(List.of(
        onApp.finding("tls.protocols", "", Status.FAIL, "TLS 1.2+ only",
            "TLS 1.0 offered", List.of("tls-app-1"), ""),
        onApp.finding("https.redirect", "", Status.PASS, "http:// redirects to https://",
            "301 to https://app.acme.test/", List.of("http-app-1"), ""),
        onApp.finding("csp.unsafe_inline", "script-src", Status.PASS, "no 'unsafe-inline'",
            "none", List.of("http-app-1"), "")));
    targetFindings.addAll(extra.apply(onApp));
    List<Finding> all = new ArrayList<>(targetFindings);
    all.addAll(new ClaimCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded, null, null, when),
        targetFindings));
    RunInfo run = new RunInfo("run-1", "secaudit", "test", when, when.plusSeconds(3), "acme.yaml",
        loaded.policy().name(), loaded.sha256(), List.of("secaudit", "scan"), "low", List.of("soc2"));
    // As a scan lists them: the page says what its checks looked at from these.
    List<dev.secaudit.model.TargetState> targets = loaded.policy().targets().stream()
        .map(t -> new dev.secaudit.model.TargetState(t.name(), t.url(),
            dev.secaudit.model.TargetState.State.EVALUATED, null))
        .toList();
    return new ScanResult(ScanResult.SCHEMA, run, targets, all, List.of(), List.of());
  }
}
