package dev.secaudit.probe.http;

/**
 * Recorded text made safe to print: a hostile server's control characters (terminal escapes,
 * bidirectional overrides) are written as visible escapes such as {@code \\x1b}, so a report
 * opened with cat, a spreadsheet or a browser shows what was sent instead of obeying it.
 */
public final class Printable {
  private Printable() {}

  /** For one-line values such as header values: every control character escaped. */
  public static String of(String s) {
    return escape(s, false);
  }

  /**
   * For a finding's subject, its identity in every file and fingerprint: as {@link #of}, and a
   * backslash written as {@code \x5c} first. Without that a server's cookie named U+202E +
   * "SESSIONID" and another named with the six characters backslash, u, 2, 0, 2, e + "SESSIONID"
   * read the same, two findings shared one key, and every reader refused the scan. Only the
   * subject: other texts are read, not matched, and a subject without a backslash is unchanged,
   * so baselines written before still match.
   */
  public static String name(String s) {
    return s == null ? null : of(s.replace("\\", "\\x5c"));
  }

  /** For bodies: line breaks and tabs kept, every other control character escaped. */
  public static String keepLines(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean keepLines) {
    if (s == null) {
      return null;
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean keep = !unsafe(c) || (keepLines && (c == '\n' || c == '\r' || c == '\t'));
      if (keep) {
        if (sb != null) {
          sb.append(c);
        }
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      sb.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
    }
    return sb == null ? s : sb.toString();
  }

  private static boolean unsafe(char c) {
    return Character.isISOControl(c)
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200e' || c == '\u200f' || c == '\u2028' || c == '\u2029';
  }
}
