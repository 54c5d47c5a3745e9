package dev.secaudit.model;

/**
 * The characters a server or a forged file can plant in recorded text to act on whoever views it:
 * ESC sequences that recolour or rewrite a terminal, a carriage return that overwrites a line,
 * NUL, C1 controls, bidirectional overrides that reorder what is read, zero-width characters
 * and soft hyphens that make two different texts look alike. Tab and newline are not
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
        || c == 0x200e || c == 0x200f || c == 0x061c || c == 0x2028 || c == 0x2029
        // Invisible ones: planted in a value they make two different texts look the same.
        || c >= 0x200b && c <= 0x200d || c == 0x2060 || c == 0xfeff || c == 0x00ad;
  }

  /**
   * The text with each control character written as a backslash, u and four hex digits; null
   * stays null.
   */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int first = 0;
    while (first < text.length() && !isControl(text.charAt(first))) {
      first++;
    }
    if (first == text.length()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isControl(c)) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * As {@link #escape}, for a value quoted inside one line (an error message naming what a file
   * holds): line feeds and tabs are written as their codes too, so a forged value cannot start a
   * line of its own on a terminal or in a CI log.
   */
  public static String escapeLine(String text) {
    String escaped = escape(text);
    if (escaped == null || escaped.indexOf('\n') < 0 && escaped.indexOf('\t') < 0) {
      return escaped;
    }
    return escaped.replace("\n", "\\u000A").replace("\t", "\\u0009");
  }

  /**
   * A writer that makes everything written through it printable, for a format whose own markup
   * has no control characters (HTML from a template over data that is not a scan).
   */
  public static java.io.Writer writer(java.io.Writer out) {
    return new java.io.FilterWriter(out) {
      @Override
      public void write(int c) throws java.io.IOException {
        out.write(escape(String.valueOf((char) c)));
      }

      @Override
      public void write(char[] buf, int off, int len) throws java.io.IOException {
        out.write(escape(new String(buf, off, len)));
      }

      @Override
      public void write(String str, int off, int len) throws java.io.IOException {
        out.write(escape(str.substring(off, off + len)));
      }
    };
  }
}
