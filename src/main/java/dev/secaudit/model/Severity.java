package dev.secaudit.model;

import java.util.Locale;

/** How much a failed check matters; the CI gate compares against {@code --fail-on}. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
