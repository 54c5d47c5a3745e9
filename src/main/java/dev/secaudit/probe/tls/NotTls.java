package dev.secaudit.probe.tls;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.net.ssl.SSLHandshakeException;

/**
 * What a server sent where its answer to a ClientHello belonged, when that is no TLS record: a
 * plain HTTP server on the https port, an SSH or mail banner, random bytes, or a close. JSSE's
 * own words for all of these ("Unsupported or unrecognized SSL message", "Remote host
 * terminated the handshake") name none of them, and a user cannot act on them.
 */
public final class NotTls {
  private NotTls() {}

  /** Bytes kept to tell and quote what was sent instead. */
  static final int KEPT = 128;
  /** Characters of a clear-text first line quoted; the rest is counted. */
  private static final int QUOTED = 60;
  /** Bytes of a binary answer shown in hex. */
  private static final int HEX = 16;

  /** Whether a server's first byte can begin a TLS record: content types 20 to 23. */
  static boolean beginsRecord(int b) {
    return b >= 20 && b <= 23;
  }

  /** What the bytes are, as a noun: "plain HTTP", "an SSH banner", "clear text", … */
  static String kind(byte[] b, int n) {
    String s = new String(b, 0, n, StandardCharsets.ISO_8859_1);
    // A page with no status line is an HTTP/0.9-style answer (Python's http.server so answers
    // a request line it cannot read).
    String lower = s.stripLeading().toLowerCase(java.util.Locale.ROOT);
    if (s.startsWith("HTTP/") || lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
      return "plain HTTP";
    }
    if (s.startsWith("SSH-")) {
      return "an SSH banner";
    }
    if (s.matches("(?s)220[ -].*")) {
      return "an SMTP or FTP greeting";
    }
    if (s.startsWith("* OK")) {
      return "an IMAP greeting";
    }
    if (s.startsWith("+OK")) {
      return "a POP3 greeting";
    }
    return text(b, n) ? "clear text" : "bytes that are not TLS";
  }

  /**
   * The answer in a reader's words, with {@code where} (host:port) when given: "the server
   * answered plain HTTP (not TLS) on 127.0.0.1:8443: 'HTTP/1.1 400 Bad Request'".
   */
  static String answered(byte[] b, int n, String where) {
    String kind = kind(b, n);
    String on = where == null ? "" : " on " + where;
    if (kind.startsWith("bytes")) {
      return "the server answered " + kind + on + " (first bytes "
          + HexFormat.of().formatHex(b, 0, Math.min(n, HEX)) + (n > HEX ? "…" : "") + ")";
    }
    return "the server answered " + kind + " (not TLS)" + on + ": '" + firstLine(b, n) + "'";
  }

  /** The words a version probe gives a record header that is no TLS: its kind, no quote. */
  static String header(byte[] header) {
    String kind = kind(header, header.length);
    return kind.startsWith("bytes") ? "the server answered " + kind + " (first bytes "
        + HexFormat.of().formatHex(header) + ")" : "the server answered " + kind + " (not TLS)";
  }

  /** A close before any byte of an answer to the ClientHello. */
  static String closed(String where) {
    return "the server closed the connection on " + where + " without answering the ClientHello";
  }

  private static boolean text(byte[] b, int n) {
    int odd = 0;
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xff;
      if (!(c >= 0x20 && c < 0x7f) && c != '\r' && c != '\n' && c != '\t') {
        odd++;
      }
    }
    return odd * 10 <= n;
  }

  /** The first line, control characters made visible, cut at {@link #QUOTED} characters. */
  private static String firstLine(byte[] b, int n) {
    int end = 0;
    while (end < n && b[end] != '\n' && b[end] != '\r') {
      end++;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(end, QUOTED); i++) {
      int c = b[i] & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return end > QUOTED ? sb + "…" : sb.toString();
  }

  /**
   * Thrown into JSSE's handshake in place of its own words when the first bytes after the
   * ClientHello are no TLS record: JSSE hands an SSLException from its input on unchanged.
   */
  public static final class Answer extends SSLHandshakeException {
    private static final long serialVersionUID = 1L;

    Answer(String what) {
      super(what);
    }
  }
}
