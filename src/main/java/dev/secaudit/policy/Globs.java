package dev.secaudit.policy;

import java.util.regex.Pattern;

/** Name globs as the policy uses them: {@code *} any run of characters, {@code ?} one. */
public final class Globs {
  private Globs() {}

  public static String toRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> sb.append(".*");
        case '?' -> sb.append('.');
        default -> sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }

  public static boolean matches(String glob, String value) {
    return value.matches(toRegex(glob));
  }

  public static boolean matchesIgnoringCase(String glob, String value) {
    return Pattern.compile(toRegex(glob), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
        .matcher(value).matches();
  }
}
