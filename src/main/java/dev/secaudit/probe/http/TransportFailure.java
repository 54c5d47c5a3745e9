package dev.secaudit.probe.http;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** A request that got no HTTP answer, in words a user can act on. */
final class TransportFailure {
  private TransportFailure() {}

  /** The first line a server sent that was no status line, as OkHttp quotes it; else "". */
  static String received(Exception e) {
    String msg = e.getMessage();
    return e instanceof java.net.ProtocolException && msg != null
        && msg.startsWith(NOT_A_STATUS_LINE) ? msg.substring(NOT_A_STATUS_LINE.length()) : "";
  }

  /** OkHttp's words for a first line that is no HTTP status line; the line follows them. */
  private static final String NOT_A_STATUS_LINE = "Unexpected status line: ";
  /** How much of a textual first line is quoted; the rest is counted. */
  static final int QUOTED_LINE = 60;

  /**
   * A first line that is no status line, described rather than quoted: random bytes from a
   * garbage server printed some 400 characters of mojibake on the console. Binary data is
   * counted; text (another protocol's banner) is quoted up to {@link #QUOTED_LINE} characters.
   */
  static String notHttp(String line) {
    long odd = line.chars().filter(c -> c == 0xfffd || Character.isISOControl(c) || c > 0x7e)
        .count();
    if (odd * 10 > line.length()) {
      return "not HTTP: the answer began with " + line.length() + " characters of binary data"
          + " instead of a status line";
    }
    String shown = line.length() <= QUOTED_LINE ? line
        : line.substring(0, QUOTED_LINE) + "… (" + line.length() + " characters)";
    return "not HTTP: the answer began with '" + Printable.of(shown) + "' instead of a status"
        + " line";
  }

  /** Says what went wrong in words a user can act on. */
  static String describe(Exception e, String url) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    String head = ResponseHeadLimits.describe(e);
    if (head != null) {
      return head;
    }
    if (e instanceof UnknownHostException) {
      return "unknown host (DNS lookup failed): " + msg;
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return "connection refused or unreachable: " + msg;
    }
    if (e instanceof SocketTimeoutException) {
      return "timed out (" + (msg.isEmpty() ? "no data within the read timeout" : msg) + ")";
    }
    if (e instanceof InterruptedIOException) {
      return "gave up after the total request timeout (" + msg + ")";
    }
    if (e instanceof SSLException) {
      return "TLS handshake failed: " + msg;
    }
    if (e instanceof IllegalArgumentException) {
      return "invalid request: " + msg;
    }
    if (e instanceof java.net.ProtocolException && msg.startsWith(NOT_A_STATUS_LINE)) {
      return notHttp(msg.substring(NOT_A_STATUS_LINE.length()));
    }
    // What the server did, not the Java class that noticed it (a hostile review: "SocketException:
    // Connection reset", "ProtocolException: Number too large: ffffffffffffffffF").
    if (e instanceof java.net.ProtocolException) {
      return "the answer broke HTTP/1.1's framing (" + Printable.of(msg) + ")";
    }
    if (e instanceof java.net.SocketException && msg.toLowerCase(java.util.Locale.ROOT)
        .contains("reset")) {
      return "the server reset the connection (TCP RST) before its answer was complete";
    }
    if (e instanceof java.net.SocketException && msg.toLowerCase(java.util.Locale.ROOT)
        .contains("broken pipe")) {
      return "the server closed the connection while the request was being sent";
    }
    if (e instanceof java.io.EOFException) {
      return "the server closed the connection before a complete answer";
    }
    return e.getClass().getSimpleName() + ": " + msg;
  }
}
