package dev.secaudit.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One compliance requirement a check or claim provides evidence for, e.g. {@code soc2:CC6.7},
 * {@code gdpr:32(1)(a)}, {@code iso27001:8.24}.
 */
public record Mapping(String framework, String requirement) implements Comparable<Mapping> {

  @JsonCreator
  public static Mapping parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "expected FRAMEWORK:REQUIREMENT such as soc2:CC6.7, got '" + text + "'");
    }
    return new Mapping(text.substring(0, colon).trim(), text.substring(colon + 1).trim());
  }

  @JsonValue
  @Override
  public String toString() {
    return framework + ":" + requirement;
  }

  @Override
  public int compareTo(Mapping o) {
    return toString().compareTo(o.toString());
  }
}
