package dev.secaudit.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.model.Severity;
import dev.secaudit.policy.PolicySchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalogue is exactly what the registered checks declare, each id declared once. */
class CheckCatalogTest {
  @Test
  void everyRegisteredCheckDeclaresItsIdsAndNoIdIsDeclaredTwice() {
    Map<String, String> declaredBy = new HashMap<>();
    for (Check c : StandardChecks.all()) {
      assertThat(c.reports()).as("%s declares no check id", c.getClass().getSimpleName())
          .isNotEmpty();
      for (CheckInfo info : c.reports()) {
        String before = declaredBy.put(info.id(), c.getClass().getSimpleName());
        assertThat(before).as("%s declared by %s and %s", info.id(), before,
            c.getClass().getSimpleName()).isNull();
      }
    }
    CheckCatalog catalog = StandardChecks.catalog();
    assertThat(catalog.ids()).containsAll(declaredBy.keySet())
        .contains("claim.verified", "claim.attestation")
        .hasSize(declaredBy.size() + 2);
  }

  @Test
  void everyDeclaredSectionIsATopLevelKeyOfThePolicy() {
    Set<String> keys = new java.util.HashSet<>();
    PolicySchema.tree().get("properties").fieldNames().forEachRemaining(keys::add);
    assertThat(StandardChecks.catalog().all()).allSatisfy(info -> {
      assertThat(keys).as("section of %s", info.id()).contains(info.section());
      assertThat(info.title()).isNotBlank();
      assertThat(info.remediation()).isNotBlank();
      assertThat(info.reference()).isNotBlank();
    });
  }

  @Test
  void aCatalogueHoldsOnlyTheChecksItIsGiven() {
    CheckCatalog tlsOnly = new CheckCatalog(List.of(new dev.secaudit.check.tls.TlsProtocolCheck()));
    assertThat(tlsOnly.ids()).containsExactly("tls.protocols", "claim.verified",
        "claim.attestation");
    assertThat(tlsOnly.mappings("hsts.header")).isEmpty();
    assertThatThrownBy(() -> tlsOnly.get("hsts.header"))
        .hasMessageContaining("unknown check id hsts.header");
  }

  @Test
  void twoChecksDeclaringOneIdDifferentlyIsRefused() {
    Check a = declaring(CheckInfo.of("x.y", "one", Severity.LOW, "headers", "", "fix", "ref"));
    Check b = declaring(CheckInfo.of("x.y", "two", Severity.HIGH, "headers", "", "fix", "ref"));
    assertThatThrownBy(() -> new CheckCatalog(List.of(a, b)))
        .hasMessageContaining("check id x.y declared twice, differently");
  }

  private static Check declaring(CheckInfo info) {
    return new Check() {
      @Override
      public boolean appliesTo(dev.secaudit.policy.Policy policy) {
        return false;
      }

      @Override
      public Set<Aspect> needs() {
        return Set.of();
      }

      @Override
      public List<CheckInfo> reports() {
        return List.of(info);
      }

      @Override
      public List<dev.secaudit.model.Finding> evaluate(CheckContext ctx) {
        return List.of();
      }
    };
  }
}
