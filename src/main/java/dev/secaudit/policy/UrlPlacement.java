package dev.secaudit.policy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How an {@code ${env:NAME}} value is written into the policy field it stands in, so that the
 * server receives the value as meant. In a query a raw {@code +} reads as a space to every form
 * decoder and a raw {@code &} or {@code #} changes the URL's structure (a hostile review: a
 * password {@code hunter2-P4ss/word+é} arrived as {@code pw=hunter2-P4ss/word+%C3%A9}); in a path
 * a raw {@code /} makes two segments of one. The policy's own text around the value is the
 * author's URL and stays exactly as written.
 */
public final class UrlPlacement {
  private UrlPlacement() {}

  /** Fields that hold a whole URL (a target's, a listing's, a published page's). */
  private static final Pattern URL_FIELD =
      Pattern.compile(".*/(url|http_url|published_at)");
  /** Fields that hold a path resolved against a target's URL. */
  private static final Pattern PATH_FIELD =
      Pattern.compile("(.*/request/path|/targets/\\d+/paths/\\d+|/cors/paths/\\d+)");

  /**
   * The value as it goes into the field at {@code pointer}, where {@code before} is the field's
   * text up to the reference (earlier references left as written): percent-encoded as a query
   * component after a literal {@code ?} (or {@code #}), as a path segment after a literal path
   * {@code /}; as is anywhere else (a header, a body, a file path, a host name, and a reference
   * that begins the field, which is the URL or path itself).
   */
  static String place(String pointer, String before, String value) {
    boolean url = URL_FIELD.matcher(pointer).matches();
    if (!url && !PATH_FIELD.matcher(pointer).matches() || before.isEmpty()) {
      return value;
    }
    String rest = before;
    if (url) {
      // The authority (a host or a port from the environment) is no path: left as is.
      int scheme = rest.indexOf("://");
      if (scheme > 0 && rest.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
        rest = rest.substring(scheme + 3);
        int end = firstOf(rest, "/?#");
        if (end < 0) {
          return value;
        }
        rest = rest.substring(end);
      }
    }
    if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0 || rest.indexOf('/') >= 0) {
      return component(value);
    }
    return value;
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Every UTF-8 byte outside RFC 3986's unreserved characters, percent-encoded with upper-case
   * hex: safe as one path segment and as one query name or value alike ({@code +} is
   * {@code %2B}, a space {@code %20}, {@code /} {@code %2F}).
   */
  public static String component(String v) {
    StringBuilder sb = new StringBuilder();
    for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
          || c == '.' || c == '_' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return sb.toString();
  }
}
