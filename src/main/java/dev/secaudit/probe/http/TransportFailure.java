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
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(9, line.length()) && line.charAt(i) < 0x100; i++) {
      hex.append(String.format("%02x", (int) line.charAt(i)));
    }
    if (ResponseHeadLimits.http2Frame(hex.toString())) {
      return ResponseHeadLimits.HTTP2_FRAMES;
    }
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

  /**
   * What the probe knew of a request when it ended: its limits, how long it took, and what had
   * arrived by then (counted on a plain connection; {@code counted} false over TLS or before a
   * connection).
   */
  record Seen(java.time.Duration total, java.time.Duration read, long millis, boolean counted,
      long bytes, int interim, int finals, boolean headRead, boolean handshaking) {

    /**
     * The total timeout ran out: said as secaudit's own act, with the time it took and what the
     * server had done meanwhile (a drip, silence, interim responses without end).
     */
    String totalTimeout() {
      String ours = "secaudit gave up at its total request timeout of " + seconds(total)
          + " (settings.timeouts.total), after " + took(millis);
      if (counted && interim > 0 && finals == 0 && !headRead) {
        return "the server sent only interim 1xx responses (" + interim + " status lines such as"
            + " '100 Continue', " + bytes + " bytes) and no final answer; " + ours;
      }
      return ours + ": " + arrived();
    }

    String arrived() {
      if (headRead) {
        return "the response head had arrived, its body had not ended";
      }
      if (!counted) {
        return "no complete response head had arrived";
      }
      return bytes == 0 ? "no byte of an answer had arrived"
          : bytes + " bytes had arrived, not yet a complete response head";
    }
  }

  /** "10 s", "1.5 s", "0.25 s": a duration as a person reads it. */
  static String seconds(java.time.Duration d) {
    return seconds(d.toMillis());
  }

  static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : took(millis);
  }

  /** The time a request took, always to a tenth of a second: "2.0 s", "13.4 s". */
  static String took(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** As {@link #describe(Exception, String)}, with what had arrived when time ran out. */
  static String describe(Exception e, String url, Seen seen) {
    if (seen != null && e instanceof InterruptedIOException
        && !(e instanceof SocketTimeoutException)) {
      return seen.totalTimeout();
    }
    if (seen != null && seen.handshaking() && dev.secaudit.probe.tls.ConnectionReset.causes(e)) {
      // A reset after the ClientHello read as a reset "before its answer was complete" on the
      // HTTP side while the certificate probe said the handshake failed (hostile24).
      return dev.secaudit.probe.tls.ConnectionReset.IN_HANDSHAKE;
    }
    String why = describe(e, url);
    if (seen != null && e instanceof SocketTimeoutException && seen.counted()
        && !(e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT)
            .contains("connect"))) {
      return "timed out: no data within the read timeout of " + seconds(seen.read())
          + " (settings.timeouts.read), after " + took(seen.millis()) + ": " + seen.arrived();
    }
    return why;
  }

  /**
   * Why a body broke off after a whole response head, and how much of it had arrived: the server
   * answered, so this is said as what it did (or as the timeout of ours that ended it), never
   * as a target that could not be reached.
   */
  static String bodyCut(Exception e, String url, java.util.List<Header> head, long read,
      Seen seen) {
    String length = null;
    boolean chunked = false;
    for (Header h : head) {
      if (h.name().equalsIgnoreCase("Content-Length") && length == null) {
        length = h.value().trim();
      } else if (h.name().equalsIgnoreCase("Transfer-Encoding")) {
        chunked = h.value().trim().toLowerCase(java.util.Locale.ROOT).endsWith("chunked");
      }
    }
    String had = read + (read == 1 ? " byte" : " bytes") + " of the body had arrived"
        + (length != null && !chunked ? " of the " + Printable.of(length) + " its Content-Length"
            + " announced" : "");
    String msg = e.getMessage() == null ? "" : e.getMessage();
    String lower = msg.toLowerCase(java.util.Locale.ROOT);
    if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
      return "secaudit gave up at its total request timeout of " + seconds(seen.total())
          + " (settings.timeouts.total), after " + took(seen.millis()) + ": " + had;
    }
    if (e instanceof SocketTimeoutException) {
      return "timed out: no data within the read timeout of " + seconds(seen.read())
          + " (settings.timeouts.read), after " + took(seen.millis()) + ": " + had;
    }
    if (e instanceof java.net.SocketException && lower.contains("reset")) {
      return "the server reset the connection (TCP RST) after the response head: " + had;
    }
    if (e instanceof java.io.EOFException || lower.contains("unexpected end of stream")) {
      return "the server closed the connection before the body's end: " + had;
    }
    if (e instanceof java.net.ProtocolException && chunked) {
      return "the chunked body's framing is broken (" + Printable.of(msg) + "): " + had;
    }
    return describe(e, url) + ": " + had;
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
      // The JDK's own words ("Read timed out", "Connect timed out") name neither the setting nor
      // which side stalled in terms a user can act on.
      String lower = msg.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("connect")) {
        return "timed out: no connection within the connect timeout (settings.timeouts.connect)";
      }
      if (msg.isEmpty() || lower.contains("read timed out")) {
        return "timed out: no data within the read timeout (settings.timeouts.read)";
      }
      return "timed out (" + Printable.of(msg) + ")";
    }
    if (e instanceof InterruptedIOException) {
      return "gave up after the total request timeout (" + msg + ")";
    }
    if (e instanceof SSLException) {
      return "TLS handshake failed: " + dev.secaudit.probe.tls.HandshakeFailure.words(msg);
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
