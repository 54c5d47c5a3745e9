package dev.secaudit.policy;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a value (an {@code ${env:NAME}} when the policy is read, a flow's {@code {{capture}}} when
 * a request is sent) goes into a request body, so that the server reads the request the author
 * wrote. Inserted raw, a {@code "} or {@code \} in a password broke a JSON body and an {@code &}
 * or {@code +} changed a form, and the scan reported a sign-in failure that was ours. Where no
 * encoding can keep the body's syntax the value is refused, and the reason never quotes it.
 */
public final class BodyPlacement {
  private BodyPlacement() {}

  /** The syntax a body is read with, which decides how a value is written into it. */
  public enum Syntax {
    JSON,
    FORM,
    /** text/plain: no syntax a value could break. */
    TEXT,
    /** Any other type: its syntax is not known, so only inert characters may go in. */
    UNKNOWN
  }

  /** Why a value cannot be written into a body; the message names no part of the value. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final Pattern INERT = Pattern.compile("[\\p{L}\\p{N}._~-]*");

  /**
   * The syntax of a body sent with these headers, as the HTTP probe labels it: the
   * Content-Type given (any case), else JSON when the body starts with { or [, else a form.
   *
   * @param contentType the Content-Type header's value, or null when none is given
   */
  public static Syntax of(String contentType, String body) {
    if (contentType == null) {
      String t = body.stripLeading();
      return t.startsWith("{") || t.startsWith("[") ? Syntax.JSON : Syntax.FORM;
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/json") || type.equals("text/json")
        || type.startsWith("application/") && type.endsWith("+json")) {
      return Syntax.JSON;
    }
    if (type.equals("application/x-www-form-urlencoded")) {
      return Syntax.FORM;
    }
    return type.equals("text/plain") ? Syntax.TEXT : Syntax.UNKNOWN;
  }

  /** The Content-Type among headers (names in any case), or null. */
  public static String contentType(Map<String, String> headers) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        return h.getValue();
      }
    }
    return null;
  }

  /**
   * The value as written at its place in a body.
   *
   * @param before the body's text up to the reference (values placed earlier in their encoded
   *     form, later references as written)
   * @param whole whether the reference is the whole body: then it is the body, sent as is
   * @throws Refused where no encoding keeps the body's syntax
   */
  public static String place(Syntax syntax, String before, boolean whole, String value)
      throws Refused {
    if (whole) {
      return value;
    }
    switch (syntax) {
      case FORM:
        return formComponent(value);
      case TEXT:
        return value;
      case UNKNOWN:
        if (INERT.matcher(value).matches()) {
          return value;
        }
        throw new Refused("the body's Content-Type is neither JSON, a form nor text/plain, so"
            + " secaudit cannot tell how to escape a value holding characters other than letters,"
            + " digits and - . _ ~; send the body as application/json or"
            + " application/x-www-form-urlencoded");
      default:
        return json(before, value);
    }
  }

  private static String json(String before, String value) throws Refused {
    boolean inString = false;
    boolean escaped = false;
    for (int i = 0; i < before.length(); i++) {
      char c = before.charAt(i);
      if (escaped) {
        escaped = false;
      } else if (inString && c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inString = !inString;
      }
    }
    if (escaped) {
      throw new Refused("the reference follows a backslash inside a JSON string, so the escape"
          + " would take the value's first character; remove the backslash");
    }
    if (inString) {
      return jsonString(value);
    }
    if (jsonToken(value)) {
      return value;
    }
    throw new Refused("the reference stands outside a JSON string literal and its value is not a"
        + " JSON number, true, false, null or a quoted string; put it inside quotes, as in"
        + " \"password\": \"${env:NAME}\"");
  }

  /** Whether the value is one JSON token that may stand as a value on its own. */
  static boolean jsonToken(String v) {
    if (v.equals("true") || v.equals("false") || v.equals("null")
        || JSON_NUMBER.matcher(v).matches()) {
      return true;
    }
    if (v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"') {
      return false;
    }
    // A string literal: no bare quote, backslash at the end or control character inside.
    for (int i = 1; i < v.length() - 1; i++) {
      char c = v.charAt(i);
      if (c == '"' || c < 0x20) {
        return false;
      }
      if (c == '\\') {
        if (i + 1 >= v.length() - 1) {
          return false;
        }
        char e = v.charAt(++i);
        if (e == 'u') {
          if (i + 4 >= v.length() - 1
              || !v.substring(i + 1, i + 5).matches("[0-9A-Fa-f]{4}")) {
            return false;
          }
          i += 4;
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The value as the content of a JSON string literal (RFC 8259 §7), as Jackson writes it:
   * quote, backslash and control characters escaped ({@code \b \f \n \r \t}, the others as
   * {@code \u001F} in upper-case hex), everything else as is. The Redactor masks these bytes
   * and the other escapes a server may echo them in.
   */
  public static String jsonString(String v) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(v));
  }

  /**
   * The value as one name or value of an application/x-www-form-urlencoded body, as a form
   * decoder reads it back: UTF-8, a space as {@code +}, every byte but letters, digits and
   * {@code * - . _} as {@code %XX}.
   */
  public static String formComponent(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }
}
