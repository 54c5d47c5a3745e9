package dev.secaudit.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A span of time as people write it in a policy: {@code 30d}, {@code 1m}, {@code 24h}, {@code 90s},
 * {@code 2w}, {@code 1y} (365 days), {@code 500ms}, or a bare number of seconds. Months are not
 * accepted because "1m" already means a minute and a month has no fixed length.
 */
public record PolicyDuration(Duration value, String text) implements Comparable<PolicyDuration> {

  static final String PATTERN = "^\\s*(\\d+)\\s*(ms|s|m|h|d|w|y)?\\s*$";
  private static final Pattern SYNTAX = Pattern.compile(PATTERN);

  @JsonCreator
  public static PolicyDuration parse(Object raw) {
    if (raw instanceof Number n) {
      long seconds = n.longValue();
      if (seconds < 0 || n.doubleValue() != seconds) {
        throw new IllegalArgumentException("a duration must be a whole, non-negative number");
      }
      return new PolicyDuration(Duration.ofSeconds(seconds), seconds + "s");
    }
    String text = String.valueOf(raw);
    Matcher m = SYNTAX.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a duration such as 30d, 24h, 1m, 90s or 500ms, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration d =
        switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          case "w" -> Duration.ofDays(7 * n);
          case "y" -> Duration.ofDays(365 * n);
          default -> throw new IllegalStateException(unit);
        };
    return new PolicyDuration(d, n + unit);
  }

  public static PolicyDuration ofSeconds(long seconds) {
    return new PolicyDuration(Duration.ofSeconds(seconds), seconds + "s");
  }

  /** A span as a policy writes it, in its largest whole unit: "16m", "2h", "90s", "1500ms". */
  public static String written(Duration d) {
    long ms = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms != 0 && ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    return ms + "ms";
  }

  public long seconds() {
    return value.getSeconds();
  }

  @JsonValue
  @Override
  public String toString() {
    return text;
  }

  @Override
  public int compareTo(PolicyDuration o) {
    return value.compareTo(o.value);
  }
}
