package dev.secaudit.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** claim.verified puts the count of the findings it read into words that agree with it. */
class ClaimCheckTest {
  private static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");
  private static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: app, url: https://app.acme.test}
      hsts: {min_max_age: 31536000}
      claims:
        - {id: transport.hsts, statement: "HSTS on every response.", checks: ["hsts.*"]}
      """;

  @Test
  void oneFindingIsOneFindingAndTwoAreTwoFindings() {
    LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("acme.yaml", POLICY.getBytes(StandardCharsets.UTF_8));
    CheckContext app = new CheckContext(StandardChecks.catalog(), loaded,
        loaded.policy().targets().get(0), null, NOW);
    List<Finding> found = new ArrayList<>();
    found.add(app.finding("hsts.max_age", "Strict-Transport-Security", Status.PASS, "expected",
        "observed", List.of(), "/hsts"));
    assertThat(verified(loaded, found).observed()).startsWith("1 finding of hsts.*: ");
    found.add(app.finding("hsts.include_subdomains", "Strict-Transport-Security", Status.PASS,
        "expected", "observed", List.of(), "/hsts"));
    assertThat(verified(loaded, found).observed()).startsWith("2 findings of hsts.*: ");
  }

  private static final String TWO_LIMITS = """
      version: 1
      name: acme
      targets:
        - {name: app, url: https://app.acme.test}
      rate_limits:
        - {name: login, target: app, request: {method: POST, path: /login}, limit: 10, window: 1m}
        - {name: api, target: app, request: {method: GET, path: /api/items}, limit: 100, window: 1m}
      claims:
        - {id: login.limited, statement: "The login page is rate limited.", checks: [/rate_limits/0]}
        - {id: api.limited, statement: "The API is rate limited.", checks: [/rate_limits/1]}
        - {id: all.limited, statement: "The API is rate limited.", checks: [ratelimit.*]}
      """;

  @Test
  void aClaimBoundToOneRuleIsJudgedByThatRuleAlone() {
    LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("acme.yaml", TWO_LIMITS.getBytes(StandardCharsets.UTF_8));
    CheckContext app = new CheckContext(StandardChecks.catalog(), loaded,
        loaded.policy().targets().get(0), null, NOW);
    List<Finding> found = List.of(
        app.finding("ratelimit.enforced", "login", Status.PASS, "refused after 10", "refused at"
            + " request 11", List.of(), "/rate_limits/0"),
        app.finding("ratelimit.enforced", "api", Status.FAIL, "refused after 100", "none of 103"
            + " refused", List.of(), "/rate_limits/1"));
    List<Finding> verdicts = new ClaimCheck().evaluate(new CheckContext(StandardChecks.catalog(),
        loaded, null, null, NOW), found);
    assertThat(verdicts).extracting(Finding::subject)
        .containsExactly("login.limited", "api.limited", "all.limited");
    // The API limit's failure refutes the API's claims, the one naming its rule and the one
    // naming every rate-limit check, not the login page's: that claim names its own rule.
    assertThat(verdicts).extracting(Finding::status)
        .containsExactly(Status.PASS, Status.FAIL, Status.FAIL);
    assertThat(verdicts.get(0).observed()).startsWith("1 finding of /rate_limits/0: ");
  }

  @Test
  void aPointerToNoRuleIsRefusedWithItsPlace() {
    String bad = TWO_LIMITS.replace("checks: [/rate_limits/1]", "checks: [/rate_limits/7]");
    assertThatThrownBy(() -> new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("acme.yaml", bad.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("acme.yaml:10:")
        .hasMessageContaining("no rule of this policy is at '/rate_limits/7'")
        .hasMessageContaining("/rate_limits/0, /rate_limits/1");
  }

  private static final String ATTESTED = """
      version: 1
      name: acme
      targets:
        - {name: app, url: https://app.acme.test}
      tls:
        certificate: {issuer: "Let's Encrypt"}
      claims:
        - id: certificate.renewal
          statement: "Certificates auto-renew via Let's Encrypt."
          topic: certificate.renewal
          attest: {owner: cto@acme.test, date: 2026-10-20}
        - id: passwords.hashing
          statement: "Passwords are hashed with bcrypt."
          attest: {owner: cto@acme.test, date: 2026-10-20}
      """;

  @Test
  void aCurrentAttestationTheScanRefutesIsNoCurrentControl() {
    // A blind review (auditor21): the report showed "Let's Encrypt" as MANUAL, current, while
    // tls.certificate.issuer failed in the same scan and answers and the page called it refuted.
    LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("acme.yaml", ATTESTED.getBytes(StandardCharsets.UTF_8));
    CheckContext app = new CheckContext(StandardChecks.catalog(), loaded,
        loaded.policy().targets().get(0), null, NOW);
    List<Finding> found = List.of(app.finding("tls.certificate.issuer", "127.0.0.1:443",
        Status.FAIL, "issued by Let's Encrypt", "issued by CN=Example Root", List.of(),
        "/tls/certificate/issuer"));
    List<Finding> verdicts = new ClaimCheck().evaluate(new CheckContext(StandardChecks.catalog(),
        loaded, null, null, NOW), found);
    assertThat(verdicts).extracting(Finding::subject, Finding::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("certificate.renewal", Status.FAIL),
        org.assertj.core.groups.Tuple.tuple("passwords.hashing", Status.MANUAL));
    assertThat(verdicts.get(0).observed()).contains("refuted by the scan: ")
        .contains("tls.certificate.issuer").contains("issued by CN=Example Root");
  }

  private static Finding verified(LoadedPolicy loaded, List<Finding> findings) {
    return new ClaimCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded, null, null,
        NOW), findings).get(0);
  }
}
