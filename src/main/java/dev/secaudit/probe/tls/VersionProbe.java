package dev.secaudit.probe.tls;

import dev.secaudit.model.TlsVersion;

/**
 * What one hand-built ClientHello for one protocol version got back.
 *
 * @param cipherSuite IANA name of the suite the server chose, when accepted; otherwise null
 * @param reason why refused or not testable (the alert name, "closed the connection", ...)
 * @param hello a short summary of the hello sent
 * @param answer a short summary of the bytes received
 */
public record VersionProbe(
    TlsVersion version,
    Outcome outcome,
    String cipherSuite,
    String reason,
    String hello,
    String answer,
    long millis) {

  public enum Outcome {
    /** The server answered with a ServerHello (or HelloRetryRequest) for this version. */
    ACCEPTED,
    /** The server said no: an alert, another version, or it closed the connection. */
    REFUSED,
    /** No verdict could be had: no connection, no answer in time, an answer that is not TLS. */
    NOT_TESTABLE
  }

  /** One line for reports. */
  public String summary() {
    return switch (outcome) {
      case ACCEPTED -> version.label() + " accepted (" + cipherSuite + ")";
      case REFUSED -> version.label() + " refused: " + reason;
      case NOT_TESTABLE -> version.label() + " not testable: " + reason;
    };
  }
}
