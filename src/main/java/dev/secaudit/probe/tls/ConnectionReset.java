package dev.secaudit.probe.tls;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.util.Locale;

/**
 * A peer that accepted the connection and then reset it. Which socket call sees the reset (the
 * connect, the first write or the first read) depends only on timing, so every probe treats the
 * three alike, retries once, and never reads a reset as an answer about what the server speaks.
 */
public final class ConnectionReset {
  private ConnectionReset() {}

  /**
   * A reset after the ClientHello and before the handshake finished, in the words both the TLS
   * probes and the HTTP probe use: the server that did it is the same whichever probe met it.
   */
  public static final String IN_HANDSHAKE =
      "TLS handshake failed: the server reset the connection";

  /** Whether {@code e}, or a cause of it, is a reset (not a refused or unroutable connect). */
  public static boolean causes(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return false;
      }
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (t instanceof SocketException || m.contains("connection reset")
          || m.contains("broken pipe")) {
        return true;
      }
    }
    return false;
  }
}
