package dev.secaudit.model;

/**
 * The characters a server or a forged file can plant in recorded text to act on whoever views it:
 * ESC sequences that recolour or rewrite a terminal, a carriage return that overwrites a line,
 * NUL, C1 controls, bidirectional overrides that reorder what is read. Tab and newline are not
 * among them: multi-line evidence is meant to keep its lines. Both the JSON form and every
 * printed format escape exactly these, so the two never disagree on what is dangerous.
 */
public final class ControlCharacters {
  private ControlCharacters() {}

  /** Whether {@code c} is written as its code rather than as itself. */
  public static boolean isControl(int c) {
    return c < 0x20 && c != '\t' && c != '\n'
        || c >= 0x7f && c <= 0x9f
        || c >= 0x202a && c <= 0x202e
        || c >= 0x2066 && c <= 0x2069
        || c == 0x200e || c == 0x200f || c == 0x061c || c == 0x2028 || c == 0x2029;
  }
}
