package dev.secaudit.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The forms in which a secret may be written, computed here independently of {@link Redactor}
 * (with the JDK's and Jackson's own encoders) so that tests judge the redactor from outside: as
 * is, percent-encoded (+ and %20, upper and lower hex), JSON-escaped, HTML-escaped, base64
 * (standard and URL-safe, padded or not, and the part that encodes only the secret when it sits
 * at byte 1 or 2 of a longer encoded text) and hex.
 */
public final class SecretForms {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SecretForms() {}

  public static List<String> of(String secret) {
    Set<String> out = new LinkedHashSet<>();
    out.add(secret);
    // Form-encoded, as an ${env:} value or a capture goes into a form body.
    String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    out.add(form);
    out.add(form.replace("+", "%20"));
    // As a URL component (RFC 3986: only unreserved characters left), the way an ${env:} value
    // goes into a query or a path segment of a policy URL.
    out.add(form.replace("+", "%20").replace("*", "%2A").replace("%7E", "~"));
    out.add(lowerHexEscapes(form));
    out.add(everyBytePercentEncoded(secret));
    out.add(everyBytePercentEncoded(secret).toLowerCase(Locale.ROOT));
    out.add(json(secret));
    // As an ${env:} value or a capture goes into a JSON body: unicode escapes in lower-case hex.
    out.add(lowerUnicodeEscapes(json(secret)));
    // The bytes secaudit sends in a JSON body, and the escapes servers echo them back in:
    // ASCII-only with lower-case hex (Python's json.dumps), with "/" escaped too (PHP's
    // json_encode), and with < > & escaped for HTML (Go's encoding/json).
    out.add(dev.secaudit.policy.BodyPlacement.jsonString(secret));
    out.add(asciiJson(secret, ""));
    out.add(asciiJson(secret, "/"));
    out.add(asciiJson(secret, "<>&"));
    out.add(html(secret));
    // Encoded twice (a hostile review: a server echoed a password so, and its start was legible).
    out.add(URLEncoder.encode(form, StandardCharsets.UTF_8));
    // With a zero-width space or soft hyphen after each character, which renders as the secret.
    out.add(secret.codePoints().mapToObj(Character::toString)
        .collect(java.util.stream.Collectors.joining("\u200b")));
    out.add(secret.codePoints().mapToObj(Character::toString)
        .collect(java.util.stream.Collectors.joining("\u00ad")));
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (Base64.Encoder e : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
      out.add(e.encodeToString(bytes));
      out.add(e.withoutPadding().encodeToString(bytes));
      for (int align = 1; align <= 2; align++) {
        byte[] prefixed = new byte[align + bytes.length];
        java.util.Arrays.fill(prefixed, 0, align, (byte) 'x');
        System.arraycopy(bytes, 0, prefixed, align, bytes.length);
        String encoded = e.withoutPadding().encodeToString(prefixed);
        // Characters before the secret's first whole sextet, and the last partial one, also
        // encode the bytes around it; the rest encode the secret alone.
        int from = (8 * align + 5) / 6;
        int to = (8 * (align + bytes.length)) / 6;
        if (to - from >= 6) {
          out.add(encoded.substring(from, to));
        }
      }
    }
    out.add(HexFormat.of().formatHex(bytes));
    out.add(HexFormat.of().withUpperCase().formatHex(bytes));
    // As dumps print bytes (a red-team review: a debug page's hexdump showed three credentials).
    out.add(HexFormat.ofDelimiter(" ").formatHex(bytes));
    out.add(HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes));
    out.add(xxd(bytes));
    // Wrapped at a fixed width, as a <pre> dump of request headers shows a long value.
    out.add(wrapped(secret, 5));
    out.add(new StringBuilder(secret).reverse().toString());
    return new ArrayList<>(out);
  }

  /** Bytes in hex, two to a group, groups split by a space, sixteen bytes a line (xxd -p). */
  public static String xxd(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0) {
        sb.append(i % 16 == 0 ? "\n" : i % 2 == 0 ? " " : "");
      }
      sb.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xff));
    }
    return sb.toString();
  }

  /** The secret with a line break after every {@code width} characters. */
  public static String wrapped(String secret, int width) {
    StringBuilder sb = new StringBuilder();
    int[] cps = secret.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      if (i > 0 && i % width == 0) {
        sb.append('\n');
      }
      sb.appendCodePoint(cps[i]);
    }
    return sb.toString();
  }

  /** The secret as a JSON string's content (Jackson's escaping, quotes dropped). */
  public static String json(String secret) {
    try {
      String quoted = JSON.writeValueAsString(secret);
      return quoted.substring(1, quoted.length() - 1);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A JSON string's content with every character outside printable ASCII as {@code \\u} and
   * lower-case hex (the short escapes where JSON has them), and the given characters escaped
   * as well: {@code \\/} for a slash, {@code \\u} for the others.
   */
  public static String asciiJson(String secret, String alsoEscaped) {
    StringBuilder sb = new StringBuilder();
    for (char c : secret.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c == '/' && alsoEscaped.indexOf('/') >= 0) {
            sb.append("\\/");
          } else if (c < 0x20 || c > 0x7e || alsoEscaped.indexOf(c) >= 0) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  private static String lowerUnicodeEscapes(String escaped) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\\\u[0-9A-F]{4}")
        .matcher(escaped);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(
          m.group().toLowerCase(Locale.ROOT)));
    }
    return m.appendTail(sb).toString();
  }

  public static String html(String secret) {
    return org.jsoup.nodes.Entities.escape(secret);
  }

  public static String everyBytePercentEncoded(String secret) {
    StringBuilder sb = new StringBuilder();
    for (byte b : secret.getBytes(StandardCharsets.UTF_8)) {
      sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
    }
    return sb.toString();
  }

  private static String lowerHexEscapes(String encoded) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length()) {
        sb.append('%').append(encoded.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
        i += 2;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A form body's fields as a form decoder (servlets, PHP, Express) reads them back. */
  public static java.util.Map<String, String> formFields(String body) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      m.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return m;
  }

  /** Every form of the secret a text holds, empty when it holds none. */
  public static List<String> foundIn(String text, String secret) {
    return of(secret).stream().filter(text::contains).toList();
  }
}
