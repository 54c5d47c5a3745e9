package dev.secaudit.report;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The texts of a scan being read, each distinct one kept once: a fleet's findings repeat titles,
 * remediations, expectations, observations and target names thousands of times.
 */
final class TextPool {
  private final Map<String, String> texts = new HashMap<>();

  /** The text of the string token {@code p} is at. */
  String of(JsonParser p) throws IOException {
    return of(p.getText());
  }

  /** {@code s} itself or the equal text kept before it; null stays null. */
  String of(String s) {
    if (s == null) {
      return null;
    }
    String known = texts.putIfAbsent(s, s);
    return known == null ? s : known;
  }
}
