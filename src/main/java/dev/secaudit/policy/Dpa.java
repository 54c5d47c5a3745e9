package dev.secaudit.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether a data processing agreement is in place: {@code true}, {@code false}, or the URL of the
 * agreement (which says yes and where to find it).
 *
 * @param url the agreement's URL, or null when only yes or no was given
 */
public record Dpa(boolean inPlace, String url) {
  @JsonCreator
  public static Dpa parse(Object raw) {
    if (raw instanceof Boolean b) {
      return new Dpa(b, null);
    }
    if (raw instanceof String s && !s.isBlank()) {
      return new Dpa(true, s.trim());
    }
    throw new IllegalArgumentException("expected true, false or the URL of the DPA, got '" + raw
        + "'");
  }

  @JsonValue
  public Object json() {
    return url != null ? url : inPlace;
  }
}
