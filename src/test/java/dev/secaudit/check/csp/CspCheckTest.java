package dev.secaudit.check.csp;

import dev.secaudit.check.StandardChecks;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Value;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CspCheckTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private static final String POLICY = """
      version: 1
      name: test
      targets:
        - {name: app, url: https://app.example.test}
      csp:
        required: true
      """;

  // ---- fixtures: recorded observations built by hand ----

  private static LoadedPolicy load(String yaml) {
    return new PolicyLoader(name -> null, StandardChecks.catalog().ids()).load("test.yaml", yaml.getBytes(UTF_8));
  }

  private static HttpExchange page(String id, String path, List<String> meta, String... headers) {
    List<Header> received = new ArrayList<>();
    received.add(new Header("Content-Type", "text/html; charset=utf-8"));
    for (int i = 0; i < headers.length; i += 2) {
      received.add(new Header(headers[i], headers[i + 1]));
    }
    return new HttpExchange(id, "GET", "https://app.example.test" + path, List.of(), 200,
        "HTTP/1.1", received, "<html></html>", 13, false, Artifact.sha256("<html></html>"), NOW, 5,
        null, null, meta);
  }

  private static HttpExchange failed(String id, String path, String error) {
    return new HttpExchange(id, "GET", "https://app.example.test" + path, List.of(), 0, null,
        List.of(), "", 0, false, Artifact.sha256(""), NOW, 5, error, null, List.of());
  }

  private static List<Finding> run(String yaml, HttpExchange... pages) {
    Map<String, HttpFetch> fetched = new LinkedHashMap<>();
    for (HttpExchange e : pages) {
      String path = e.url().substring("https://app.example.test".length());
      fetched.put(path, new HttpFetch(e.url(), List.of(e), e.failed() ? "error" : "final"));
    }
    LoadedPolicy loaded = load(yaml);
    TargetObservations obs = new TargetObservations("app", fetched, null, null, List.of(), null);
    CheckContext ctx = new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), obs, NOW);
    return new CspCheck().evaluate(ctx);
  }

  private static List<Finding> byId(List<Finding> findings, String id) {
    return findings.stream().filter(f -> f.checkId().equals(id)).toList();
  }

  private static Finding only(List<Finding> findings, String id) {
    List<Finding> found = byId(findings, id);
    assertThat(found).as(id).hasSize(1);
    return found.get(0);
  }

  private static Finding find(List<Finding> findings, String id, String subject) {
    return findings.stream().filter(f -> f.checkId().equals(id) && f.subject().equals(subject))
        .findFirst().orElseThrow(() -> new AssertionError("no " + id + " / " + subject + " in "
            + findings));
  }

  // ---- tests ----

  @Test
  void appliesOnlyWithACspSectionAndNeedsPages() {
    assertThat(new CspCheck().appliesTo(load(POLICY).policy())).isTrue();
    assertThat(new CspCheck().appliesTo(load("""
        version: 1
        name: test
        targets: [{name: app, url: https://app.example.test}]
        """).policy())).isFalse();
    assertThat(new CspCheck().needs()).containsExactly(Aspect.PAGES);
  }

  @Test
  void strictPolicyPassesEveryEvaluatedCheck() {
    List<Finding> findings = run(POLICY, page("app/page-1", "/", List.of(),
        "Content-Security-Policy", "script-src 'nonce-Zm9vYmFyYmF6cXV4' 'strict-dynamic' https:"
            + " 'unsafe-inline'; object-src 'none'; base-uri 'self';"
            + " require-trusted-types-for 'script'"));

    assertThat(only(findings, "csp.header").status()).isEqualTo(Status.PASS);
    for (String id : CspCheck.EVALUATED_IDS) {
      Finding f = only(findings, id);
      assertThat(f.status()).as(id).isEqualTo(Status.PASS);
      assertThat(f.subject()).isEmpty();
      assertThat(f.evidence()).containsExactly("app/page-1");
      assertThat(f.target()).isEqualTo("app");
      assertThat(f.time()).isEqualTo(NOW);
    }
    assertThat(findings).allSatisfy(f -> assertThat(StandardChecks.catalog().ids()).contains(f.checkId()));
  }

  @Test
  void weakPolicyFailsPerDirective() {
    List<Finding> findings = run(POLICY, page("app/page-1", "/", List.of(),
        "Content-Security-Policy", "default-src 'self' http://static.example.test; script-src"
            + " 'self' 'unsafe-inline' 'unsafe-eval' *; object-src data:; referrer origin"));

    Finding inline = only(findings, "csp.unsafe_inline");
    assertThat(inline.status()).isEqualTo(Status.FAIL);
    assertThat(inline.subject()).isEqualTo("script-src");
    assertThat(inline.observed()).contains("'unsafe-inline'");
    assertThat(only(findings, "csp.unsafe_eval").status()).isEqualTo(Status.FAIL);
    assertThat(find(findings, "csp.wildcard", "script-src").status()).isEqualTo(Status.FAIL);
    assertThat(find(findings, "csp.wildcard", "object-src").observed()).contains("data:");
    assertThat(find(findings, "csp.insecure_source", "default-src").status())
        .isEqualTo(Status.FAIL);
    assertThat(find(findings, "csp.deprecated", "referrer").status()).isEqualTo(Status.WARN);
    assertThat(only(findings, "csp.missing_directive").status()).isEqualTo(Status.PASS);
    assertThat(only(findings, "csp.unsafe_hashes").status()).isEqualTo(Status.PASS);
    assertThat(find(findings, "csp.strict_dynamic", "script-src").status())
        .isEqualTo(Status.INFO);
    assertThat(inline.policyPointer()).isEqualTo("/csp/evaluate");
  }

  @Test
  void missingHeaderFailsAndNothingIsEvaluated() {
    List<Finding> findings = run(POLICY, page("app/page-1", "/", List.of()));

    Finding header = only(findings, "csp.header");
    assertThat(header.status()).isEqualTo(Status.FAIL);
    assertThat(header.observed()).contains("no Content-Security-Policy");
    assertThat(header.policyPointer()).isEqualTo("/csp/required");
    assertThat(header.policyLine()).isEqualTo(6);
    assertThat(findings).hasSize(1);
  }

  @Test
  void headerWithoutDirectivesFails() {
    List<Finding> findings = run(POLICY, page("app/page-1", "/", List.of(),
        "Content-Security-Policy", " ; "));

    assertThat(only(findings, "csp.header").status()).isEqualTo(Status.FAIL);
    assertThat(only(findings, "csp.header").observed()).contains("no directive");
  }

  @Test
  void metaOnlyPolicyFailsTheRequiredHeaderAndItsHeaderOnlyDirectivesAreFlagged() {
    // csp.required reads "An enforced CSP header must be sent": a <meta> policy enforces, but
    // not frame-ancestors, reporting or sandbox, nor before the parser meets it.
    List<Finding> findings = run(POLICY, page("app/page-1", "/",
        List.of("default-src 'self'; object-src 'none'; frame-ancestors 'none'")));

    assertThat(only(findings, "csp.header").status()).isEqualTo(Status.FAIL);
    assertThat(only(findings, "csp.header").observed()).startsWith("no header; only a <meta>");
    Finding ignored = find(findings, "csp.deprecated", "frame-ancestors");
    assertThat(ignored.status()).isEqualTo(Status.WARN);
    assertThat(ignored.observed()).contains("<meta>");
    assertThat(only(findings, "csp.missing_directive").status()).isEqualTo(Status.PASS);
  }

  @Test
  void aWeaknessIsOnlyAFailureWhenEveryGoverningPolicyAllowsIt() {
    // Second policy forbids inline scripts, so the first one's 'unsafe-inline' is not in effect;
    // it supplies object-src, so the second one's missing object-src is covered too.
    List<Finding> neutralised = run(POLICY, page("app/page-1", "/", List.of(),
        "Content-Security-Policy", "script-src 'self' 'unsafe-inline'; object-src 'none'",
        "Content-Security-Policy", "script-src 'self'"));

    Finding inline = only(neutralised, "csp.unsafe_inline");
    assertThat(inline.status()).isEqualTo(Status.INFO);
    assertThat(inline.observed()).contains("header policy 1").contains("not in effect");
    assertThat(find(neutralised, "csp.missing_directive", "object-src").status())
        .isEqualTo(Status.INFO);

    // Both allow inline scripts (one through default-src): the weakness is real.
    List<Finding> both = run(POLICY, page("app/page-1", "/", List.of(),
        "Content-Security-Policy", "script-src 'unsafe-inline'; object-src 'none',"
            + " default-src 'self' 'unsafe-inline'"));
    assertThat(find(both, "csp.unsafe_inline", "script-src").status()).isEqualTo(Status.FAIL);
    assertThat(find(both, "csp.unsafe_inline", "default-src").status()).isEqualTo(Status.FAIL);

    // '*' and https: overlap on every https host; 'self' does not.
    List<Finding> overlap = run(POLICY, page("app/page-1", "/", List.of(),
        "Content-Security-Policy", "script-src *; object-src 'none'",
        "Content-Security-Policy", "script-src https:"));
    assertThat(find(overlap, "csp.wildcard", "script-src").status()).isEqualTo(Status.FAIL);
    List<Finding> narrowed = run(POLICY, page("app/page-1", "/", List.of(),
        "Content-Security-Policy", "script-src *; object-src 'none'",
        "Content-Security-Policy", "script-src 'self'"));
    assertThat(find(narrowed, "csp.wildcard", "script-src").status()).isEqualTo(Status.INFO);

    // A policy that does not govern scripts cannot neutralise a script weakness.
    List<Finding> ungoverned = run(POLICY, page("app/page-1", "/", List.of(),
        "Content-Security-Policy", "script-src 'unsafe-inline'; object-src 'none'",
        "Content-Security-Policy", "img-src 'self'"));
    assertThat(only(ungoverned, "csp.unsafe_inline").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void metaPolicyJoinsTheHeaderPolicies() {
    List<Finding> findings = run(POLICY, page("app/page-1", "/",
        List.of("script-src 'self'; object-src 'none'"),
        "Content-Security-Policy", "script-src 'unsafe-inline' 'self'"));

    assertThat(only(findings, "csp.header").status()).isEqualTo(Status.PASS);
    assertThat(only(findings, "csp.unsafe_inline").status()).isEqualTo(Status.INFO);
    assertThat(only(findings, "csp.missing_directive").status()).isEqualTo(Status.INFO);
  }

  @Test
  void reportOnlyIsJudgedSeparatelyAsWarnings() {
    List<Finding> findings = run(POLICY, page("app/page-1", "/", List.of(),
        "Content-Security-Policy-Report-Only",
        "script-src 'self' 'unsafe-inline' 'unsafe-inline'; report-uri /csp"));

    Finding header = only(findings, "csp.header");
    assertThat(header.status()).isEqualTo(Status.FAIL);
    assertThat(header.observed()).contains("Report-Only");
    assertThat(byId(findings, "csp.unsafe_inline")).isEmpty();

    List<Finding> reportOnly = byId(findings, "csp.report_only");
    assertThat(reportOnly).extracting(Finding::subject)
        .contains("unsafe_inline", "missing_directive", "report_uri_deprecated")
        .doesNotHaveDuplicates();
    assertThat(find(findings, "csp.report_only", "unsafe_inline").status())
        .isEqualTo(Status.WARN);
    assertThat(find(findings, "csp.report_only", "report_uri_deprecated").status())
        .isEqualTo(Status.INFO);
    assertThat(reportOnly).allSatisfy(f -> {
      assertThat(f.status()).isIn(Status.WARN, Status.INFO);
      assertThat(f.policyPointer()).isEqualTo("/csp/report_only");
    });
  }

  @Test
  void cleanReportOnlyPolicyPassesAndCanBeSwitchedOff() {
    String strict = "script-src 'nonce-Zm9vYmFyYmF6cXV4' 'strict-dynamic' https:"
        + " 'unsafe-inline'; object-src 'none'; base-uri 'none'; require-trusted-types-for"
        + " 'script'";
    List<Finding> findings = run(POLICY, page("app/page-1", "/", List.of(),
        "Content-Security-Policy", strict, "Content-Security-Policy-Report-Only", strict));
    assertThat(only(findings, "csp.report_only").status()).isEqualTo(Status.PASS);

    List<Finding> off = run(POLICY + "  report_only: false\n", page("app/page-1", "/",
        List.of(), "Content-Security-Policy", strict, "Content-Security-Policy-Report-Only",
        "script-src *"));
    assertThat(byId(off, "csp.report_only")).isEmpty();
  }

  @Test
  void policyRulesCountDefaultSrcForFetchDirectivesOnly() {
    String yaml = POLICY + """
          required_directives: [img-src, frame-ancestors, Object-Src]
          must_avoid: ["'unsafe-eval'", "data:"]
        """;
    List<Finding> findings = run(yaml, page("app/page-1", "/", List.of(),
        "Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-eval';"
            + " object-src 'none'"));

    Finding img = find(findings, "csp.policy", "img-src");
    assertThat(img.status()).isEqualTo(Status.PASS);
    assertThat(img.observed()).contains("covered by default-src");
    assertThat(img.policyPointer()).isEqualTo("/csp/required_directives");
    assertThat(find(findings, "csp.policy", "frame-ancestors").status()).isEqualTo(Status.FAIL);
    assertThat(find(findings, "csp.policy", "object-src").status()).isEqualTo(Status.PASS);

    Finding eval = find(findings, "csp.policy", "'unsafe-eval'");
    assertThat(eval.status()).isEqualTo(Status.FAIL);
    assertThat(eval.observed()).contains("script-src");
    assertThat(eval.policyPointer()).isEqualTo("/csp/must_avoid");
    assertThat(find(findings, "csp.policy", "data:").status()).isEqualTo(Status.PASS);
  }

  @Test
  void frameAncestorsInMetaDoesNotSatisfyARequiredDirective() {
    String yaml = POLICY + "  required_directives: [frame-ancestors]\n";
    List<Finding> findings = run(yaml, page("app/page-1", "/",
        List.of("default-src 'self'; frame-ancestors 'none'")));

    Finding f = find(findings, "csp.policy", "frame-ancestors");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("<meta>");
  }

  @Test
  void evaluationCanBeSwitchedOff() {
    List<Finding> findings = run(POLICY + "  evaluate: false\n", page("app/page-1", "/",
        List.of(), "Content-Security-Policy", "script-src *"));

    assertThat(findings).extracting(Finding::checkId).containsExactly("csp.header");
  }

  @Test
  void failedFetchGivesErrorsWithTheFetchError() {
    List<Finding> findings = run(POLICY, failed("app/page-1", "/",
        "connection refused or unreachable: Connection refused"));

    assertThat(findings).isNotEmpty().allSatisfy(f -> {
      assertThat(f.status()).isEqualTo(Status.ERROR);
      assertThat(f.observed()).contains("Connection refused");
      assertThat(f.evidence()).containsExactly("app/page-1");
    });
    Set<String> ids = new java.util.HashSet<>(CspCheck.EVALUATED_IDS);
    ids.add("csp.header");
    ids.add("csp.report_only");
    assertThat(findings).extracting(Finding::checkId).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void severalPagesPutThePathInTheSubjectButTheFirstKeepsItsOwn() {
    List<Finding> findings = run(POLICY,
        page("app/page-1", "/", List.of(), "Content-Security-Policy",
            "default-src 'self'; object-src 'none'"),
        page("app/page-2", "/login", List.of(), "Content-Security-Policy",
            "default-src 'self' 'unsafe-inline'; object-src 'none'"),
        failed("app/page-3", "/admin", "timed out"));

    // The first path's subjects are those it had alone: adding /login renamed nothing.
    assertThat(find(findings, "csp.header", "").status()).isEqualTo(Status.PASS);
    assertThat(find(findings, "csp.unsafe_inline", "").status()).isEqualTo(Status.PASS);
    Finding login = find(findings, "csp.unsafe_inline", "/login default-src");
    assertThat(login.status()).isEqualTo(Status.FAIL);
    assertThat(login.evidence()).containsExactly("app/page-2");
    assertThat(find(findings, "csp.header", "/admin").status()).isEqualTo(Status.ERROR);
    assertThat(findings).extracting(Finding::key).doesNotHaveDuplicates();
  }

  @Test
  void findingsAreTheSameForTheSameObservations() {
    HttpExchange p = page("app/page-1", "/", List.of("img-src http://a.example"),
        "Content-Security-Policy", "default-src * 'unsafe-inline', script-src 'nonce-abc'");
    assertThat(run(POLICY, p)).isEqualTo(run(POLICY, p));
  }

  @Test
  void judgesWhatTheProbeRecordsFromALiveServer() {
    WireMockServer server = new WireMockServer(
        WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    try {
      server.stubFor(WireMock.get("/").willReturn(WireMock.aResponse()
          .withStatus(200)
          .withHeader("Content-Type", "text/html; charset=utf-8")
          // Two header lines, one of them comma-joined: three enforced policies.
          .withHeader("Content-Security-Policy",
              "script-src 'self' 'unsafe-inline'; object-src 'none', base-uri 'self'",
              "script-src 'self' 'unsafe-inline' 'unsafe-eval'")
          .withHeader("Content-Security-Policy-Report-Only", "script-src 'nonce-abc'")
          .withBody("<!doctype html><html><head><meta http-equiv=\"Content-Security-Policy\""
              + " content=\"img-src 'self'; frame-ancestors 'none'\"></head><body></body></html>")));

      String base = "http://127.0.0.1:" + server.port();
      HttpProbe probe = new HttpProbe(
          new HttpProbe.Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
              64 * 1024),
          RecordingTrustManager.forKeyStore(null), Clock.systemUTC(),
          "secaudit-test");
      HttpFetch fetch = probe.fetch("app/page-1", base + "/", Map.of(), 3, Set.of("127.0.0.1"));
      assertThat(fetch.failed()).as(fetch.stop()).isFalse();

      LoadedPolicy loaded = load(POLICY.replace("https://app.example.test", base));
      TargetObservations obs = new TargetObservations("app", Map.of("/", fetch), null, null,
          List.of(), null);
      List<Finding> findings = new CspCheck().evaluate(
          new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), obs, NOW));

      assertThat(only(findings, "csp.header").status()).isEqualTo(Status.PASS);
      assertThat(only(findings, "csp.header").evidence()).containsExactly("app/page-1");
      // Both script-governing policies allow inline scripts; the base-uri-only one does not
      // govern scripts, so the weakness stands.
      assertThat(only(findings, "csp.unsafe_inline").status()).isEqualTo(Status.FAIL);
      // Only the second policy allows eval, and the first forbids it.
      assertThat(only(findings, "csp.unsafe_eval").status()).isEqualTo(Status.INFO);
      assertThat(find(findings, "csp.deprecated", "frame-ancestors").observed())
          .contains("<meta>");
      assertThat(find(findings, "csp.report_only", "nonce_length").status())
          .isEqualTo(Status.WARN);
    } finally {
      server.stop();
    }
  }

  // ---- typed values ----

  @Test
  void findingsSayWhichHeaderOrDirectiveTheyJudgedAndWhatWasCompared() {
    String yaml = POLICY + """
          required_directives: [base-uri, object-src]
          must_avoid: ["'unsafe-inline'", "data:"]
          report_only: true
        """;
    List<Finding> findings = run(yaml, page("app/page-1", "/", List.of(),
        "Content-Security-Policy", "script-src 'self' 'unsafe-inline'; object-src 'none'",
        "Content-Security-Policy-Report-Only", "script-src *"));

    Finding header = only(findings, "csp.header");
    assertThat(header.subject()).isEmpty();
    assertThat(header.about()).isEqualTo(Subject.header("Content-Security-Policy"));
    assertThat(header.observedValue()).isEqualTo(new Value.Header("Content-Security-Policy",
        "script-src 'self' 'unsafe-inline'; object-src 'none'"));

    Finding baseUri = find(findings, "csp.policy", "base-uri");
    assertThat(baseUri.about()).isEqualTo(Subject.directive("base-uri"));
    assertThat(baseUri.expectedValue()).isEqualTo(new Value.Presence("base-uri", true));
    assertThat(baseUri.observedValue()).isEqualTo(new Value.Presence("base-uri", false));
    assertThat(find(findings, "csp.policy", "object-src").observedValue())
        .isEqualTo(new Value.Presence("object-src", true));

    Finding inline = find(findings, "csp.policy", "'unsafe-inline'");
    assertThat(inline.status()).isEqualTo(Status.FAIL);
    assertThat(inline.about()).isEqualTo(Subject.header("Content-Security-Policy"));
    assertThat(inline.expectedValue()).isEqualTo(Value.Items.of(List.of()));
    assertThat(inline.observedValue()).isEqualTo(Value.Items.of(List.of("script-src")));
    assertThat(find(findings, "csp.policy", "data:").observedValue())
        .isEqualTo(Value.Items.of(List.of()));

    assertThat(find(findings, "csp.unsafe_inline", "script-src").about())
        .isEqualTo(Subject.directive("script-src"));
    assertThat(byId(findings, "csp.report_only")).isNotEmpty().allSatisfy(f -> assertThat(
        f.about()).isEqualTo(Subject.header("Content-Security-Policy-Report-Only")));
  }

  @Test
  void aMissingHeaderIsAHeaderNotSent() {
    Finding header = only(run(POLICY, page("app/page-1", "/", List.of())), "csp.header");
    assertThat(header.status()).isEqualTo(Status.FAIL);
    assertThat(header.observedValue())
        .isEqualTo(new Value.Header("Content-Security-Policy", null));
  }
}
