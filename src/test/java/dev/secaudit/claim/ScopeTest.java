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

  @Test
  void everyEndpointSpeaksForAKindOfEndpointOnlyWhenItNamesIt() {
    Scope everyEndpoint = new Scope(true, Set.of("endpoint"));
    Scope api = new Scope(true, Set.of("endpoint.api"));
    Scope withApi = everyEndpoint.naming(Set.of("endpoint.api"));

    // Every target listed is not the API when none of them is one.
    assertThat(everyEndpoint.covers(api)).isFalse();
    assertThat(everyEndpoint.missing(api)).containsExactly("endpoint.api");
    assertThat(everyEndpoint.coversSome(new Scope(false, Set.of("endpoint.subdomain"))))
        .isFalse();
    // Once a target of the kind was judged, the claim names it and speaks for it, and still for
    // every endpoint and a question naming nothing.
    assertThat(withApi.covers(api)).isTrue();
    assertThat(withApi.covers(everyEndpoint)).isTrue();
    assertThat(withApi.covers(Scope.NONE)).isTrue();
    assertThat(withApi.limits(everyEndpoint)).isEmpty();
    // A failure on the API still lies within every endpoint.
    assertThat(api.within(everyEndpoint)).isTrue();
    assertThat(everyEndpoint.within(api)).isFalse();
  }
}
