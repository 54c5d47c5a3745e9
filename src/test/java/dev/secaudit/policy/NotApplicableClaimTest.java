package dev.secaudit.policy;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.check.CheckCatalog;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NotApplicableClaimTest {
  private static LoadedPolicy load(String claim) {
    String yaml = "version: 1\nname: acme\nclaims:\n" + claim;
    return new PolicyLoader(n -> null, StandardChecks.catalog().ids())
        .load("acme.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void claimsApplyUnlessTheySayOtherwise() {
    assertThat(load("  - {id: a.b, statement: s, attest: {owner: o, date: 2026-01-01}}\n")
        .policy().claims().get(0).applies()).isTrue();
    assertThat(load("  - {id: a.b, statement: s, applies: false,"
        + " attest: {owner: o, date: 2026-01-01}}\n").policy().claims().get(0).applies()).isFalse();
  }

  @Test
  void aClaimThatDoesNotApplyCannotBeChecked() {
    assertThatThrownBy(() -> load("  - id: a.b\n    statement: s\n    applies: false\n"
        + "    checks: [tls.*]\n"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("acme.yaml:")
        .hasMessageContaining("does not apply has nothing to check");
  }
}
