package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {
  private final Scope accessLogs = new Scope(true, Set.of("log"), Set.of("log:access"), true);

  @Test
  void aCopyOverOtherThingsKeepsTheKindsOfTheClassesStillNamed() {
    Scope judged = accessLogs.over(true, Set.of("log", ObservedResponses.JUDGED));
    Scope applicationLogs = new Scope(false, Set.of("log"), Set.of("log:application"), false);

    assertThat(judged.kinds()).containsExactly("log:access");
    assertThat(judged.quantified()).isTrue();
    // Before, such a copy became "all logs" and spoke for application logs too.
    assertThat(accessLogs.over(true, Set.of("log")).covers(applicationLogs)).isFalse();
    assertThat(new Scope(true, Set.of("log")).covers(applicationLogs)).isTrue();
  }

  @Test
  void aKindWhoseClassIsNoLongerNamedIsDropped() {
    Scope cookies = accessLogs.over(false, Set.of("cookie"));
    assertThat(cookies.kinds()).isEmpty();
    assertThat(cookies.universal()).isFalse();
  }
}
