package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prints what claim.verified says of seeds21's rate-limit sentences (exploration). */
class Seeds21RateClaimsTest {
  @Test
  void show() throws Exception {
    Map<String, Finding> v = Claims19VerifiedTest.verified("seeds21rate");
    v.forEach((k, f) -> System.out.println("XX " + k + " | " + f.status() + " | " + f.observed()));
    assertThat(v).isNotEmpty();
  }
}
