package dev.secaudit.check;

import static org.assertj.core.api.Assertions.assertThat;

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

  private static Finding verified(LoadedPolicy loaded, List<Finding> findings) {
    return new ClaimCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded, null, null,
        NOW), findings).get(0);
  }
}
