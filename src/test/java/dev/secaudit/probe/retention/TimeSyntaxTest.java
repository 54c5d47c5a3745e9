package dev.secaudit.probe.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Timestamps as tools print them, and systemd time spans. */
class TimeSyntaxTest {
  @Test
  void timestampsInTheFormsDatabasesAndApisWrite() {
    Instant t = Instant.parse("2026-11-01T10:00:00Z");
    assertThat(Timestamps.parse("2026-11-01T10:00:00Z")).isEqualTo(t);
    assertThat(Timestamps.parse("2026-11-01T12:00:00+02:00")).isEqualTo(t);
    assertThat(Timestamps.parse("2026-11-01 12:00:00+02")).isEqualTo(t);
    assertThat(Timestamps.parse("2026-11-01 07:00:00-0300")).isEqualTo(t);
    assertThat(Timestamps.parse("2026-11-01 10:00:00.000000+00")).isEqualTo(t);
    assertThat(Timestamps.parse("2026-11-01T10:00:00")).isEqualTo(t);
    assertThat(Timestamps.parse("2026-11-01")).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(Timestamps.parse(String.valueOf(t.getEpochSecond()))).isEqualTo(t);
    assertThat(Timestamps.parse(String.valueOf(t.toEpochMilli()))).isEqualTo(t);
    assertThat(Timestamps.parse(t.getEpochSecond() + ".5")).isEqualTo(t.plusMillis(500));
    assertThat(Timestamps.parse("yesterday")).isNull();
    assertThat(Timestamps.parse("2026-13-01")).isNull();
    assertThat(Timestamps.parse(" ")).isNull();
  }

  @Test
  void systemdTimeSpans() {
    assertThat(JournaldConfig.span("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(JournaldConfig.span("1w 2d")).isEqualTo(Duration.ofDays(9));
    assertThat(JournaldConfig.span("6h30min")).isEqualTo(Duration.ofMinutes(390));
    assertThat(JournaldConfig.span("3600")).isEqualTo(Duration.ofHours(1));
    assertThat(JournaldConfig.span("1month")).isEqualTo(Duration.ofSeconds(2_630_016));
    assertThat(JournaldConfig.span("1M")).isEqualTo(Duration.ofSeconds(2_630_016));
    assertThat(JournaldConfig.span("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(JournaldConfig.span("1y")).isEqualTo(Duration.ofSeconds(31_557_600));
    assertThat(JournaldConfig.span("2 weeks")).isEqualTo(Duration.ofDays(14));
    assertThat(JournaldConfig.span("0")).isEqualTo(Duration.ZERO);
    assertThat(JournaldConfig.span("forever")).isNull();
    assertThat(JournaldConfig.span("3 fortnights")).isNull();
    assertThat(JournaldConfig.span("")).isNull();
  }
}
