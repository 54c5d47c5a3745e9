package dev.secaudit.probe.tls;

import dev.secaudit.model.TlsVersion;
import java.util.List;

/**
 * What one hand-built ClientHello for one protocol version got back.
 *
 * @param cipherSuite IANA name of the suite the server chose, when accepted; otherwise null
 * @param reason why refused or not testable (the alert name, "closed the connection", ...)
 * @param hello a short summary of the hello sent
 * @param answer a short summary of the bytes received
 * @param certificates the DER chain of the plaintext Certificate message that follows the
 *     ServerHello up to TLS 1.2, or of the encrypted TLS 1.3 Certificate message opened with the
 *     probe's own key, leaf first; empty when not seen
 * @param dhBits for a finite-field DHE suite up to TLS 1.2, the bit length of the prime p in the
 *     ServerKeyExchange; null otherwise or when it was not read
 * @param ocsp the OCSP response the server stapled in answer to this hello's status_request (in
 *     a CertificateStatus message up to TLS 1.2, on the leaf's entry in TLS 1.3); null when none
 * @param disowned the server's signature over its key exchange (TLS 1.3 CertificateVerify, TLS
 *     1.2 ServerKeyExchange) did not verify with the leaf it sent: none of its chains is its own
 * @param namedGroup for an ECDHE suite up to TLS 1.2, the curve the ServerKeyExchange names;
 *     null otherwise or when it was not read
 */
public record VersionProbe(
    TlsVersion version,
    Outcome outcome,
    String cipherSuite,
    String reason,
    String hello,
    String answer,
    long millis,
    List<byte[]> certificates,
    Integer dhBits,
    byte[] ocsp,
    boolean disowned,
    Integer namedGroup) {

  public VersionProbe {
    certificates = certificates == null ? List.of() : List.copyOf(certificates);
  }

  public VersionProbe(TlsVersion version, Outcome outcome, String cipherSuite, String reason,
      String hello, String answer, long millis, List<byte[]> certificates, Integer dhBits,
      byte[] ocsp, boolean disowned) {
    this(version, outcome, cipherSuite, reason, hello, answer, millis, certificates, dhBits, ocsp,
        disowned, null);
  }

  public VersionProbe(TlsVersion version, Outcome outcome, String cipherSuite, String reason,
      String hello, String answer, long millis, List<byte[]> certificates, Integer dhBits) {
    this(version, outcome, cipherSuite, reason, hello, answer, millis, certificates, dhBits, null,
        false);
  }

  public VersionProbe(TlsVersion version, Outcome outcome, String cipherSuite, String reason,
      String hello, String answer, long millis, List<byte[]> certificates) {
    this(version, outcome, cipherSuite, reason, hello, answer, millis, certificates, null);
  }

  public VersionProbe(TlsVersion version, Outcome outcome, String cipherSuite, String reason,
      String hello, String answer, long millis) {
    this(version, outcome, cipherSuite, reason, hello, answer, millis, List.of());
  }

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
      // Not "refused" when every part got another alert than protocol_version: the server never
      // said no to the version, only to every suite offered with it.
      case REFUSED -> version.label() + (reason.startsWith(ClientHelloProber.NO_SUITE_IN_COMMON)
          ? " not negotiated: " : " refused: ") + reason;
      case NOT_TESTABLE -> version.label() + " not testable: " + reason;
    };
  }
}
