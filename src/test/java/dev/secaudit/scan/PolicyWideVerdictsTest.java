package dev.secaudit.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.subprocessors.SubprocessorsCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ProcessingRecord;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Re-judging shards' policy-wide verdicts from what all shards saw, without a policy. */
class PolicyWideVerdictsTest {
  private static Finding unobserved(String vendor, Status status, String observed, int index) {
    return new Finding("subprocessors.unobserved", "policy", vendor, status, Severity.INFO,
        "title", "seen", observed, List.of(), Instant.EPOCH, List.of(), "fix",
        "/subprocessors/declared/" + index, 7 + index, null);
  }

  private static ProcessingRecord record(String vendor, String... where) {
    return new ProcessingRecord(vendor, "", List.of(), "", "", "", List.of(), List.of(where));
  }

  @Test
  void aVendorSomeShardSawPassesWithEveryPlaceAndOneNoShardSawKeepsItsVerdict() {
    Finding unseen = unobserved("Intercom", Status.INFO, "Intercom is declared but ...", 1);
    Finding other = new Finding("claim.attestation", "policy", "c", Status.FAIL, Severity.HIGH,
        "t", "e", "o", List.of(), Instant.EPOCH, List.of(), "", "/claims/0/attest", 3, null);
    List<Finding> out = PolicyWideVerdicts.rejudge(List.of(
        unobserved("Sentry", Status.INFO, "Sentry is declared but ...", 0), unseen, other),
        List.of(record("Sentry", "app: pages", "repo: package.json:3"), record("Intercom")));

    assertThat(out.get(0).status()).isEqualTo(Status.PASS);
    assertThat(out.get(0).observed()).isEqualTo("seen in app: pages; repo: package.json:3");
    // What came from the policy stays as the shard wrote it.
    assertThat(out.get(0).policyLine()).isEqualTo(7);
    assertThat(out.get(0).severity()).isEqualTo(Severity.INFO);
    assertThat(out.get(1)).isSameAs(unseen);
    assertThat(out.get(2)).isSameAs(other);
  }

  @Test
  void placesFollowThePopulationWhateverOrderTheyCameIn() {
    List<String> population = List.of("web", "web-admin", "repo", "dns");
    assertThat(SubprocessorsCheck.inPopulationOrder(List.of("dns: acme.test MX",
        "web-admin: pages", "elsewhere: x", "repo: a/package.json:2", "web: pages"), population))
        .containsExactly("web: pages", "web-admin: pages", "repo: a/package.json:2",
            "dns: acme.test MX", "elsewhere: x");
  }
}
