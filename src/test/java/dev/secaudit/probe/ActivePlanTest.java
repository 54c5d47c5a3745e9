package dev.secaudit.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ActivePlanTest {
  @Test
  void theCapsReadAsAPlanWithTheCountInTheRightNumber() {
    String one = ActivePlan.caps(1, Duration.ofSeconds(120));
    assertThat(one).startsWith("plan: ").contains("at most 1 request,")
        .doesNotContain("1 requests").doesNotContain("none started after");
    assertThat(ActivePlan.caps(2, Duration.ofMinutes(1))).contains("at most 2 requests,")
        .contains("within 60s");
  }
}
