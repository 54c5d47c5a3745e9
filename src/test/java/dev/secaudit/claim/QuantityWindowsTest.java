package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counts over different windows are compared as counts, never as rates per second. */
class QuantityWindowsTest {
  private static Quantity cap(double count, double seconds) {
    return new Quantity(count / seconds, Quantity.Unit.PER_SECOND, Quantity.Comparison.AT_MOST,
        seconds);
  }

  private static Quantity atLeast(double count, double seconds) {
    return new Quantity(count / seconds, Quantity.Unit.PER_SECOND, Quantity.Comparison.AT_LEAST,
        seconds);
  }

  @Test
  void moreThanACapInAMinuteRefutesAnHourOnlyWhenItAlreadyReachesIt() {
    Quantity burst = cap(100, 60).complement(); // more than 100 in a minute
    assertThat(burst.relationTo(cap(1000, 3600))).isEqualTo(Quantity.Relation.OVERLAPS);
    assertThat(burst.relationTo(cap(100, 3600))).isEqualTo(Quantity.Relation.DISJOINT);
    assertThat(burst.relationTo(cap(50, 3600))).isEqualTo(Quantity.Relation.DISJOINT);
    // More than 100 in a minute is more than 50 in one of its two half-minutes, not 60.
    assertThat(burst.relationTo(cap(50, 30))).isEqualTo(Quantity.Relation.DISJOINT);
    assertThat(burst.relationTo(cap(60, 30))).isEqualTo(Quantity.Relation.OVERLAPS);
  }

  @Test
  void aCapBoundsWhatALongerWindowCanHold() {
    // 10 a minute is at most 600 an hour: "at least 1,000 an hour" cannot hold, 500 may.
    assertThat(cap(10, 60).relationTo(atLeast(1000, 3600))).isEqualTo(Quantity.Relation.DISJOINT);
    assertThat(cap(10, 60).relationTo(atLeast(500, 3600))).isEqualTo(Quantity.Relation.OVERLAPS);
    assertThat(cap(10, 3600).relationTo(atLeast(11, 60))).isEqualTo(Quantity.Relation.DISJOINT);
  }
}
