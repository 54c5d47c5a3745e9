package dev.secaudit.probe.retention;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Timestamps as listings and databases write them: ISO-8601 with 'T' or a space (psql writes
 * "2026-11-01 12:00:00.5+00"), offsets as Z, +HH, +HHMM or +HH:MM, a bare date, or epoch seconds
 * or milliseconds. A time without an offset is read as UTC, the convention of servers and logs.
 */
public final class Timestamps {
  private static final Pattern SPACE_BETWEEN = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) (\\d)");
  private static final Pattern SHORT_OFFSET = Pattern.compile("([+-]\\d{2})$");
  private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");
  private static final Pattern EPOCH = Pattern.compile("^-?\\d{1,16}(\\.\\d+)?$");

  /** Epoch values above this are milliseconds (1e11 seconds is the year 5138). */
  private static final long MILLIS_FROM = 100_000_000_000L;

  private Timestamps() {}

  /** The instant, or null when the text is no timestamp. */
  public static Instant parse(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip();
    if (s.isEmpty()) {
      return null;
    }
    if (EPOCH.matcher(s).matches()) {
      return epoch(new BigDecimal(s));
    }
    s = SPACE_BETWEEN.matcher(s).replaceFirst("$1T$2");
    if (s.indexOf('T') > 0) {
      String t = s.substring(s.indexOf('T'));
      if (COMPACT_OFFSET.matcher(t).find() && t.length() > 9) {
        s = COMPACT_OFFSET.matcher(s).replaceFirst("$1:$2");
      } else if (SHORT_OFFSET.matcher(t).find() && t.length() > 6) {
        s = SHORT_OFFSET.matcher(s).replaceFirst("$1:00");
      }
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // not with an offset; try the forms without one
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // not a local date-time either
    }
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Epoch seconds, or milliseconds when the number is too large to be seconds. */
  public static Instant epoch(BigDecimal value) {
    try {
      if (value.abs().compareTo(BigDecimal.valueOf(MILLIS_FROM)) >= 0) {
        return Instant.ofEpochMilli(value.longValue());
      }
      BigDecimal nanos = value.remainder(BigDecimal.ONE).movePointRight(9);
      return Instant.ofEpochSecond(value.longValue(), nanos.longValue());
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return null;
    }
  }
}
