package dev.secaudit.probe.tls;

/**
 * Where the TLS probes connect and what they say first: host and port, the server name sent
 * (null for none), and the clear-text protocol spoken before TLS (null: TLS from the first byte).
 *
 * @param sni the SNI name, also the name the certificate must carry; null sends none and the
 *     certificate is matched against the host (an IP literal)
 */
public record TlsEndpoint(String host, int port, String sni, StartTls startTls) {

  /** The name a client checks the certificate against: the SNI name, else the host itself. */
  public String expectedName() {
    return sni != null ? sni : host;
  }

  /** host:port as written in reports, brackets around IPv6 literals. */
  public String label() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
