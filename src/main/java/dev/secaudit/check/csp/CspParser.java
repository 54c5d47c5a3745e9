package dev.secaudit.check.csp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses Content-Security-Policy text the way CSP Level 3 (§2.2) tells browsers to, so that what
 * is judged is what a browser enforces, not what the author meant.
 */
public final class CspParser {
  private CspParser() {}

  /**
   * Every policy a response carries in one header name: each header line, and each
   * comma-separated part of a line, is a policy of its own (CSP3 §2.2.2, "parse a response's CSP
   * list"). Policies without any directive are dropped, as browsers drop them.
   */
  public static List<ContentSecurityPolicy> parseHeaders(List<String> headerValues) {
    List<ContentSecurityPolicy> out = new ArrayList<>();
    for (String line : headerValues) {
      // A comma cannot occur in a valid policy (URLs must percent-encode it), so splitting on it
      // is exact.
      for (String part : line.split(",", -1)) {
        ContentSecurityPolicy p = parse(part);
        if (!p.directives().isEmpty()) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** One serialized policy (CSP3 §2.2.1); a {@code <meta>} content attribute is one of these. */
  public static ContentSecurityPolicy parse(String serialized) {
    Map<String, List<String>> directives = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (String raw : serialized.split(";", -1)) {
      String token = stripAsciiWhitespace(raw);
      if (token.isEmpty()) {
        continue;
      }
      if (!isAscii(token)) {
        dropped.add(token);
        continue;
      }
      String[] parts = splitOnAsciiWhitespace(token);
      String name = parts[0].toLowerCase(Locale.ROOT);
      if (directives.containsKey(name)) {
        duplicates.add(name);
        continue;
      }
      directives.put(name, List.of(Arrays.copyOfRange(parts, 1, parts.length)));
    }
    return new ContentSecurityPolicy(serialized, directives, duplicates, dropped);
  }

  // The spec's "ASCII whitespace" is TAB, LF, FF, CR and SPACE; String.strip() and \s would also
  // accept characters browsers keep as part of a token.
  static boolean isAsciiWhitespace(char c) {
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
  }

  static String stripAsciiWhitespace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isAsciiWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isAsciiWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  static String[] splitOnAsciiWhitespace(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && isAsciiWhitespace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < s.length() && !isAsciiWhitespace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out.toArray(new String[0]);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }
}
