package dev.secaudit.check.http;

import dev.secaudit.check.StandardChecks;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorsCheckTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String BASE = "https://app.example.test";
  static final String PROBE = "https://cors-probe.secaudit.invalid";

  static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: app, url: "https://app.example.test"}
      cors:
        paths: [/, /api/me]
      """;

  private final CorsCheck check = new CorsCheck();

  @Test
  void reflectedOriginWithCredentialsFailsHigh() {
    Finding f = verdict(header(CorsCheck.ACAO, PROBE), header(CorsCheck.ACAC, "true"),
        header("Vary", "Origin"));

    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.observed()).contains("user's cookies").doesNotContain("Vary");
  }

  @Test
  void reflectedOriginWithoutCredentialsWarnsMediumWhenOnlyOwnOriginsAreAllowed() {
    Finding f = ownOriginsVerdict(header(CorsCheck.ACAO, PROBE),
        header("Vary", "Accept-Encoding, Origin"));

    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
  }

  /** Reflection without credentials lets any site read what * lets it read, and * is allowed. */
  @Test
  void reflectedOriginWithoutCredentialsPassesWhenAnyOriginIsAllowed() {
    Finding f = verdict(header(CorsCheck.ACAO, PROBE), header("Vary", "Accept-Encoding, Origin"));

    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).contains("the Origin is reflected without credentials")
        .endsWith("; Vary: Origin sent");
  }

  @Test
  void reflectionWithoutVaryOriginSaysCachesMaySpreadIt() {
    Finding f = verdict(header(CorsCheck.ACAO, PROBE));

    assertThat(f.observed()).contains("no Vary: Origin");
  }

  @Test
  void credentialsAreReadWhateverTheirCase() {
    Finding f = verdict(header(CorsCheck.ACAO, PROBE), header(CorsCheck.ACAC, "True"));

    assertThat(f.status()).isEqualTo(Status.FAIL);
  }

  @Test
  void credentialsOtherThanTrueAreNotCredentials() {
    Finding f = ownOriginsVerdict(header(CorsCheck.ACAO, PROBE), header(CorsCheck.ACAC, "false"));

    assertThat(f.status()).isEqualTo(Status.WARN);
  }

  @Test
  void nullOriginWithCredentialsFails() {
    Finding f = verdict(header(CorsCheck.ACAO, "null"), header(CorsCheck.ACAC, "true"));

    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.observed()).contains("Origin: null");
  }

  @Test
  void nullOriginWithoutCredentialsWarnsLow() {
    Finding f = ownOriginsVerdict(header(CorsCheck.ACAO, "null"));

    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void wildcardWithCredentialsWarns() {
    Finding f = verdict(header(CorsCheck.ACAO, "*"), header(CorsCheck.ACAC, "true"));

    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).contains("browsers refuse");
  }

  @Test
  void wildcardWithoutCredentialsIsAPublicResource() {
    Finding f = verdict(header(CorsCheck.ACAO, "*"));

    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).contains("public resource");
  }

  @Test
  void wildcardFailsWhenThePolicyAllowsOnlyTheSitesOwnOrigins() {
    // "CORS is restricted to our own origins": * contradicts the page, credentials or not.
    String onePath = POLICY.replace("[/, /api/me]", "[/]") + "  allow_any_origin: false\n";
    Finding f = run(onePath, List.of(exchange("app/cors-0", "/", 200,
        List.of(header(CorsCheck.ACAO, "*"))))).get(0);

    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.expected()).contains("nor any origin (*)");
    assertThat(f.observed()).contains("allow_any_origin: false");
  }

  @Test
  void wildcardWithCredentialsStillFailsWhenThePolicyAllowsOnlyTheSitesOwnOrigins() {
    // Browsers refuse only the credentialed read; any site still reads the * answer without
    // cookies (a blind review: this WARNed while * alone FAILed, and the gate passed).
    String onePath = POLICY.replace("[/, /api/me]", "[/]") + "  allow_any_origin: false\n";
    Finding f = run(onePath, List.of(exchange("app/cors-0", "/", 200,
        List.of(header(CorsCheck.ACAO, "*"), header(CorsCheck.ACAC, "true"))))).get(0);

    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.observed()).contains("without credentials").contains("allow_any_origin: false");
  }

  @Test
  void aCorsSectionWithoutPathsProbesTheRootAsDocumented() {
    String noPaths = POLICY.replace("  paths: [/, /api/me]\n", "  probe_origin: " + PROBE + "\n");
    List<Finding> findings = run(noPaths, List.of(exchange("app/cors-0", "/", 200,
        List.of(header(CorsCheck.ACAO, PROBE)))));

    assertThat(load(noPaths).policy().cors().paths()).containsExactly("/");
    assertThat(findings).extracting(Finding::subject).containsExactly("/");
    // Reflected without credentials under the default allow_any_origin: true.
    assertThat(findings).extracting(Finding::status).containsExactly(Status.PASS);
  }

  @Test
  void noAllowOriginPasses() {
    Finding f = verdict(header("Content-Type", "application/json"));

    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).isEqualTo("HTTP 200; no Access-Control-Allow-Origin (cross-origin"
        + " reads refused)");
  }

  @Test
  void aFixedAllowedOriginPassesEvenWithCredentials() {
    Finding f = verdict(header(CorsCheck.ACAO, "https://partner.example.test"),
        header(CorsCheck.ACAC, "true"));

    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).contains("allows only https://partner.example.test");
  }

  @Test
  void aSubstringOfTheProbeOriginIsNotReflection() {
    Finding f = verdict(header(CorsCheck.ACAO, PROBE + ".partner.example"),
        header(CorsCheck.ACAC, "true"));

    assertThat(f.status()).isEqualTo(Status.PASS);
  }

  @Test
  void aListOfOriginsIsBrokenRatherThanPermissive() {
    // Browsers compare the whole value with the Origin, so a list never matches.
    Finding f = verdict(header(CorsCheck.ACAO, "https://partner.example.test, " + PROBE),
        header(CorsCheck.ACAC, "true"));

    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).contains("several Access-Control-Allow-Origin values");
  }

  @Test
  void errorStatusesAreJudgedToo() {
    HttpExchange unauthorized = exchange("app/cors-1", "/api/me", 401,
        List.of(header(CorsCheck.ACAO, PROBE), header(CorsCheck.ACAC, "true")));

    Finding f = run(POLICY, List.of(exchange("app/cors-0", "/", 200, List.of()), unauthorized))
        .get(1);

    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).startsWith("HTTP 401");
  }

  @Test
  void oneFindingPerPathWithThePathAsSubjectAndTheExchangeAsEvidence() {
    List<Finding> findings = run(POLICY, List.of(
        exchange("app/cors-0", "/", 200, List.of()),
        exchange("app/cors-1", "/api/me", 200,
            List.of(header(CorsCheck.ACAO, PROBE), header(CorsCheck.ACAC, "true")))));

    assertThat(findings).extracting(Finding::subject).containsExactly("/", "/api/me");
    assertThat(findings).extracting(Finding::status).containsExactly(Status.PASS, Status.FAIL);
    assertThat(findings.get(1).evidence()).containsExactly("app/cors-1");
    assertThat(findings).allSatisfy(f -> {
      assertThat(f.checkId()).isEqualTo("cors.origin");
      assertThat(f.target()).isEqualTo("app");
      assertThat(f.policyPointer()).isEqualTo("/cors");
      // The cors: line itself, not its first child (the rule is the section's).
      assertThat(f.policyLine()).isEqualTo(5);
      assertThat(f.expected()).contains(PROBE);
      assertThat(f.time()).isEqualTo(NOW);
    });
  }

  @Test
  void exchangesAreMatchedToPathsByUrlWhateverTheirOrder() {
    List<Finding> findings = run(POLICY + "  allow_any_origin: false\n", List.of(
        exchange("app/cors-1", "/api/me", 200, List.of(header(CorsCheck.ACAO, PROBE))),
        exchange("app/cors-0", "/", 200, List.of())));

    assertThat(findings).extracting(Finding::subject).containsExactly("/", "/api/me");
    assertThat(findings).extracting(Finding::status).containsExactly(Status.PASS, Status.WARN);
  }

  @Test
  void aPathWithoutARecordedProbeIsAnError() {
    List<Finding> findings = run(POLICY, List.of(exchange("app/cors-0", "/", 200, List.of())));

    assertThat(findings).extracting(Finding::status).containsExactly(Status.PASS, Status.ERROR);
    assertThat(findings.get(1).observed()).startsWith("not observed");
  }

  @Test
  void aFailedRequestIsAnErrorCarryingTheFetchError() {
    HttpExchange failed = new HttpExchange("app/cors-1", "GET", BASE + "/api/me",
        List.of(header("Origin", PROBE)), 0, null, List.of(), "", 0, false, Artifact.sha256(""),
        NOW, 10_000, "timed out (read timed out)", null, List.of());

    List<Finding> findings =
        run(POLICY, List.of(exchange("app/cors-0", "/", 200, List.of()), failed));

    assertThat(findings.get(1).status()).isEqualTo(Status.ERROR);
    assertThat(findings.get(1).observed()).isEqualTo("request failed: timed out (read timed out)");
    assertThat(findings.get(1).evidence()).containsExactly("app/cors-1");
  }

  @Test
  void aRequestThatCarriedNoOriginProvesNothing() {
    HttpExchange noOrigin = new HttpExchange("app/cors-0", "GET", BASE + "/", List.of(), 200,
        "HTTP/1.1", List.of(header(CorsCheck.ACAO, "*")), "", 0, false, Artifact.sha256(""), NOW,
        3, null, null, List.of());

    Finding f = run(POLICY.replace("[/, /api/me]", "[/]"), List.of(noOrigin)).get(0);

    assertThat(f.status()).isEqualTo(Status.ERROR);
  }

  @Test
  void reflectionIsJudgedAgainstTheOriginTheProbeSent() {
    String policy = POLICY + "  probe_origin: https://evil.example\n";
    HttpExchange ex = exchange("app/cors-0", "/", 200,
        List.of(header(CorsCheck.ACAO, "https://evil.example"), header(CorsCheck.ACAC, "true")),
        "https://evil.example");

    Finding f = run(policy.replace("[/, /api/me]", "[/]"), List.of(ex)).get(0);

    assertThat(f.status()).isEqualTo(Status.FAIL);
  }

  @Test
  void aPolicySeverityOverrideWinsOverTheVerdictsSeverity() {
    String policy = POLICY + "checks:\n  cors.origin: {severity: critical}\n";
    List<Finding> findings = run(policy, List.of(
        exchange("app/cors-0", "/", 200, List.of(header(CorsCheck.ACAO, PROBE))),
        exchange("app/cors-1", "/api/me", 200, List.of())));

    assertThat(findings.get(0).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void appliesOnlyWithACorsSectionAndNeedsCorsProbes() {
    LoadedPolicy with = load(POLICY);
    LoadedPolicy without = load(POLICY.substring(0, POLICY.indexOf("cors:")));

    assertThat(check.appliesTo(with.policy())).isTrue();
    assertThat(check.appliesTo(without.policy())).isFalse();
    assertThat(check.needs()).containsExactly(Aspect.CORS);
  }

  /** The finding for "/" when it answers with {@code headers}. */
  private Finding verdict(Header... headers) {
    String onePath = POLICY.replace("[/, /api/me]", "[/]");
    return run(onePath, List.of(exchange("app/cors-0", "/", 200, List.of(headers)))).get(0);
  }

  /** The verdict under a policy that allows only the site's own origins. */
  private Finding ownOriginsVerdict(Header... headers) {
    String onePath = POLICY.replace("[/, /api/me]", "[/]") + "  allow_any_origin: false\n";
    return run(onePath, List.of(exchange("app/cors-0", "/", 200, List.of(headers)))).get(0);
  }

  private List<Finding> run(String yaml, List<HttpExchange> cors) {
    LoadedPolicy loaded = load(yaml);
    TargetObservations obs = new TargetObservations("app", null, null, null, cors, null);
    return check.evaluate(new CheckContext(StandardChecks.catalog(), loaded, loaded.policy().targets().get(0), obs, NOW));
  }

  private static LoadedPolicy load(String yaml) {
    return new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("test.yaml", yaml.getBytes(UTF_8));
  }

  static Header header(String name, String value) {
    return new Header(name, value);
  }

  static HttpExchange exchange(String id, String path, int status, List<Header> headers) {
    return exchange(id, path, status, headers, PROBE);
  }

  static HttpExchange exchange(String id, String path, int status, List<Header> headers,
      String origin) {
    List<Header> sent = new ArrayList<>();
    sent.add(header("User-Agent", "secaudit-test"));
    sent.add(header("Origin", origin));
    return new HttpExchange(id, "GET", BASE + path, sent, status, "HTTP/1.1", headers, "", 0,
        false, Artifact.sha256(""), NOW, 3, null, null, List.of());
  }
}
