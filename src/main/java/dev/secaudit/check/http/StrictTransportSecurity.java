package dev.secaudit.check.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Strict-Transport-Security value as a browser reads it (RFC 6797 §6.1, §8.1).
 *
 * @param valid false when browsers ignore the whole header; {@code problem} says why
 * @param maxAge seconds, or -1 when invalid
 * @param notes things browsers tolerate but worth fixing (unknown directives, for instance)
 * @param maxAgeSent the max-age digits as sent (a value past {@code long} is shown as sent, not
 *     as the largest long it is read as), null when invalid
 */
public record StrictTransportSecurity(boolean valid, String problem, long maxAge,
    boolean includeSubDomains, boolean preload, List<String> notes, String maxAgeSent) {

  public StrictTransportSecurity {
    notes = List.copyOf(notes);
  }

  static StrictTransportSecurity invalid(String problem) {
    return new StrictTransportSecurity(false, problem, -1, false, false, List.of(), null);
  }

  /**
   * Grammar: {@code [directive] *(";" [directive])}, directive = token [ "=" (token |
   * quoted-string) ], optional whitespace around every part, names case-insensitive.
   */
  public static StrictTransportSecurity parse(String value) {
    Map<String, String> seen = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    String maxAgeText = null;
    boolean includeSubDomains = false;
    boolean preload = false;
    int i = 0;
    int n = value.length();
    while (true) {
      i = skipSpace(value, i);
      if (i >= n) {
        break;
      }
      if (value.charAt(i) == ';') {
        i++;
        continue;
      }
      int nameEnd = token(value, i);
      if (nameEnd == i) {
        return invalid("unexpected '" + value.charAt(i) + "' at position " + (i + 1));
      }
      String name = value.substring(i, nameEnd);
      i = skipSpace(value, nameEnd);
      String directiveValue = null;
      if (i < n && value.charAt(i) == '=') {
        i = skipSpace(value, i + 1);
        if (i < n && value.charAt(i) == '"') {
          StringBuilder sb = new StringBuilder();
          i = quoted(value, i, sb);
          if (i < 0) {
            return invalid("unterminated quoted value of " + name);
          }
          directiveValue = sb.toString();
        } else {
          int end = token(value, i);
          if (end == i) {
            return invalid(name + "= has no value");
          }
          directiveValue = value.substring(i, end);
          i = end;
        }
        i = skipSpace(value, i);
      }
      if (i < n && value.charAt(i) != ';') {
        return invalid("unexpected '" + value.charAt(i) + "' after " + name
            + " (directives are separated by ';')");
      }
      String key = name.toLowerCase(Locale.ROOT);
      boolean repeated = seen.containsKey(key);
      seen.put(key, directiveValue);
      switch (key) {
        case "max-age" -> {
          if (repeated) {
            return invalid("max-age appears twice");
          }
          if (directiveValue == null) {
            return invalid("max-age has no value");
          }
          maxAgeText = directiveValue;
        }
        case "includesubdomains" -> {
          if (repeated) {
            return invalid("includeSubDomains appears twice");
          }
          if (directiveValue != null) {
            return invalid("includeSubDomains takes no value (RFC 6797 §6.1.2)");
          }
          includeSubDomains = true;
        }
        case "preload" -> {
          // Not in RFC 6797, so browsers treat it as an unknown directive; only the preload
          // list reads it, and it warns about these forms.
          if (repeated) {
            notes.add("preload repeated");
          } else if (directiveValue != null) {
            notes.add("preload given a value");
          } else {
            preload = true;
          }
        }
        default -> {
          // RFC 6797 §6.1 says every directive appears once; Chromium and Firefox only reject
          // repeats of the ones they know, so a repeat of an unknown one is noted, not fatal.
          notes.add((repeated ? "repeated" : "unknown") + " directive '" + name + "'"
              + " (ignored by browsers)");
        }
      }
      if (i < n) {
        i++; // the ';'
      }
    }
    if (maxAgeText == null) {
      return invalid("max-age is missing (it is required)");
    }
    if (maxAgeText.isEmpty() || !maxAgeText.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return invalid("max-age '" + maxAgeText + "' is not a number of seconds");
    }
    long seconds;
    try {
      seconds = Long.parseLong(maxAgeText);
    } catch (NumberFormatException e) {
      // RFC 9111 delta-seconds: a value too large to hold means "as long as possible".
      seconds = Long.MAX_VALUE;
    }
    return new StrictTransportSecurity(true, null, seconds, includeSubDomains, preload, notes,
        maxAgeText);
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static int token(String s, int i) {
    while (i < s.length() && isTchar(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isTchar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** Reads a quoted-string starting at the quote; returns the index after it, or -1. */
  private static int quoted(String s, int i, StringBuilder out) {
    i++;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 >= s.length()) {
          return -1;
        }
        out.append(s.charAt(i + 1));
        i += 2;
        continue;
      }
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        return -1;
      }
      out.append(c);
      i++;
    }
    return -1;
  }
}
