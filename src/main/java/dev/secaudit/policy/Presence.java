package dev.secaudit.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * drHEADer's {@code Required} values: a header (or section) must be sent, must not be sent, or is
 * judged only when present.
 */
public enum Presence {
  REQUIRED,
  FORBIDDEN,
  OPTIONAL;

  @JsonCreator
  public static Presence parse(Object raw) {
    if (raw instanceof Boolean b) {
      return b ? REQUIRED : FORBIDDEN;
    }
    String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true", "required", "yes" -> REQUIRED;
      case "false", "forbidden", "no" -> FORBIDDEN;
      case "optional" -> OPTIONAL;
      default ->
          throw new IllegalArgumentException(
              "expected true (must be sent), false (must not be sent) or optional, got '"
                  + raw
                  + "'");
    };
  }

  @JsonValue
  public Object json() {
    return switch (this) {
      case REQUIRED -> Boolean.TRUE;
      case FORBIDDEN -> Boolean.FALSE;
      case OPTIONAL -> "optional";
    };
  }
}
