package dev.secaudit.probe.http;

import java.io.EOFException;

/**
 * What a server did when its response head broke the client's limits, named for the ERROR
 * finding instead of the "unexpected end of stream" the HTTP client reports.
 */
final class ResponseHeadLimits {
  /** OkHttp's cap on a response head (status line and headers together): 256 KiB. */
  static final int HEAD_BYTES = 256 * 1024;

  /**
   * The most Set-Cookie headers one response may carry before it counts as a flood: what Chrome
   * keeps per domain (RFC 6265 §6.1 asks for at least 50). More is not a site's cookie policy
   * but a server filling the report, so the response is not judged.
   */
  static final int SET_COOKIES = 180;

  private ResponseHeadLimits() {}

  /** Why a response with these raw headers is not judged, or null when it is within limits. */
  static String flood(java.util.List<Header> raw) {
    long cookies = raw.stream().filter(h -> h.name().equalsIgnoreCase("Set-Cookie")).count();
    return cookies <= SET_COOKIES ? null : "more than " + SET_COOKIES + " Set-Cookie headers ("
        + cookies + " in one response): a cookie flood, the response is not judged";
  }

  /** Why the response head was not read, when a limit says so; otherwise null. */
  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      // OkHttp reads the head line by line against what is left of the cap; a line that does
      // not end within it fails with the budget that was left ("\n not found: limit=N ...").
      if (t instanceof EOFException && m != null && m.startsWith("\\n not found: limit=")) {
        String digits = m.substring("\\n not found: limit=".length()).replaceAll("\\D.*", "");
        long left = digits.isEmpty() ? -1 : Long.parseLong(digits);
        // Okio quotes min(bytes buffered, budget left) and up to 32 of the buffered bytes: when
        // it quotes them all and they are fewer than the budget, the stream ended there, which
        // is a connection closed mid-head, not a cap reached.
        if (left == 0 && contentBytes(m) == 0) {
          return "the server closed the connection before sending any byte of the response";
        }
        if (http2Frame(quoted(m))) {
          return HTTP2_FRAMES;
        }
        if (left >= 0 && left < QUOTED && contentBytes(m) == left) {
          return "the server closed the connection in the middle of the response head";
        }
        if (left == HEAD_BYTES) {
          return "status line too long: no line end within " + HEAD_BYTES / 1024 + " KiB";
        }
        String name = headerName(m);
        return "response headers over " + HEAD_BYTES / 1024 + " KiB" + (name == null ? ""
            : " (the cap was hit inside a " + name + " header" + (name.equalsIgnoreCase(
                "Set-Cookie") ? ": a cookie flood" : "") + ")");
      }
    }
    return null;
  }

  /**
   * Whether the response head failed because the stream ended before its first byte: Okio then
   * quotes an empty buffer ("\\n not found: limit=0 content=…").
   */
  static boolean closedBeforeAnyByte(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (t instanceof EOFException && m != null && m.startsWith("\\n not found: limit=0 ")
          && contentBytes(m) == 0) {
        return true;
      }
    }
    return false;
  }

  /** How many bytes Okio quotes at most in its "\n not found" message. */
  private static final int QUOTED = 32;

  static final String HTTP2_FRAMES = "the server answered with HTTP/2 frames (a SETTINGS"
      + " frame) instead of an HTTP/1.1 status line: it speaks only HTTP/2 here, and secaudit"
      + " asks HTTP/1.1";

  /**
   * Whether bytes (as hex) begin with an HTTP/2 SETTINGS frame on stream 0, the first thing an
   * HTTP/2 server sends (RFC 9113 §3.4): a 3-byte length that is a multiple of 6, type 4, flags
   * 0 or 1 (ACK), stream 0.
   */
  static boolean http2Frame(String hex) {
    if (hex == null || hex.length() < 18) {
      return false;
    }
    int length = Integer.parseInt(hex.substring(0, 6), 16);
    return length % 6 == 0 && hex.substring(6, 8).equals("04")
        && (hex.startsWith("00", 8) || hex.startsWith("01", 8))
        && hex.substring(10, 18).equals("00000000");
  }

  /** The number of bytes Okio quoted after "content=" (hex, two digits a byte). */
  private static long contentBytes(String message) {
    String hex = quoted(message);
    return hex == null ? -1 : hex.length() / 2;
  }

  /** The hex digits Okio quoted after "content=", or null when it quoted none. */
  private static String quoted(String message) {
    int at = message.indexOf("content=");
    return at < 0 ? null : message.substring(at + "content=".length())
        .replaceAll("[^0-9a-fA-F].*", "");
  }

  /**
   * The name of the header line being read when the cap was hit, from the first bytes OkHttp
   * quotes in hex ("content=..."); null when they do not start with a header name. The value is
   * never kept: it may be a cookie.
   */
  private static String headerName(String message) {
    String hex = quoted(message);
    if (hex == null) {
      return null;
    }
    if (hex.length() % 2 != 0) {
      hex = hex.substring(0, hex.length() - 1);
    }
    String text = new String(java.util.HexFormat.of().parseHex(hex),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    int colon = text.indexOf(':');
    String name = colon > 0 ? text.substring(0, colon) : "";
    return name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}") ? name : null;
  }
}
