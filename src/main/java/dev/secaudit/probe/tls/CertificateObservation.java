package dev.secaudit.probe.tls;

import java.util.List;

/**
 * The server's certificate chain as sent (leaf first), captured even when untrusted, and the
 * verdicts a client would reach; read by a version probe or by a full JSSE handshake.
 *
 * @param protocol the version the chain was read with, and how ("TLSv1.3" from JSSE, "TLS 1.2
 *     (read by the version probe)")
 * @param error why no handshake could be made (the chain is then empty), or null
 * @param trustError why PKIX validation failed, or null when trusted
 * @param trustStore which anchors were used ("JDK trust store" or "JDK trust store + ca.pem")
 * @param ocspStapled the server stapled an OCSP response
 * @param chainShape order and completeness of the chain sent; null when no chain was read
 * @param staple the stapled OCSP response as far as it parses; null when none was stapled
 */
public record CertificateObservation(
    String host,
    String protocol,
    String cipherSuite,
    List<CertificateFacts> chain,
    boolean trusted,
    String trustError,
    String trustStore,
    boolean hostnameMatches,
    boolean ocspStapled,
    String error,
    ChainShape chainShape,
    OcspStaple staple) {

  public CertificateObservation {
    chain = chain == null ? List.of() : List.copyOf(chain);
  }

  /** Without the chain's shape and the staple's content. */
  public CertificateObservation(String host, String protocol, String cipherSuite,
      List<CertificateFacts> chain, boolean trusted, String trustError, String trustStore,
      boolean hostnameMatches, boolean ocspStapled, String error) {
    this(host, protocol, cipherSuite, chain, trusted, trustError, trustStore, hostnameMatches,
        ocspStapled, error, null, null);
  }

  /** In {@link #protocol}: the chain came from a hello that could not ask for a staple. */
  public static final String NO_STAPLING_ASKED = "no extensions, so no staple asked for";

  /** Whether the handshake the chain came from asked for a stapled OCSP response. */
  public boolean staplingAsked() {
    return protocol == null || !protocol.contains(NO_STAPLING_ASKED);
  }

  public static CertificateObservation failed(String host, String trustStore, String error) {
    return new CertificateObservation(host, null, null, List.of(), false, null, trustStore, false,
        false, error);
  }

  public CertificateFacts leaf() {
    return chain.isEmpty() ? null : chain.get(0);
  }

  /** The chain in PEM, leaf first, as the evidence artifact. */
  public String pem() {
    StringBuilder sb = new StringBuilder();
    if (protocol != null) {
      // Which handshake the chain came from, so the evidence says how it was obtained.
      sb.append("# read with: ").append(protocol).append('\n');
    }
    for (CertificateFacts c : chain) {
      sb.append("# subject: ").append(c.subject()).append('\n')
          .append("# issuer:  ").append(c.issuer()).append('\n')
          .append(c.pem());
    }
    if (chainShape != null) {
      sb.append("# chain: ").append(chainShape.summary()).append('\n');
    }
    sb.append("# ocsp: ").append(staple != null ? staple.summary()
        : ocspStapled ? "stapled" : "no stapled OCSP response").append('\n');
    return sb.toString();
  }
}
