package dev.secaudit.probe.tls;

import java.util.List;

/**
 * What the TLS probes saw on one target's host and port.
 *
 * @param sni the server name sent, or null for an IP literal
 * @param started when probing began (the time of the evidence)
 * @param versions one probe per protocol version, oldest first; empty when not asked for
 * @param certificate the chain and its verdicts; null when not asked for
 * @param skipped why TLS was not probed (a plain-HTTP target), or null
 * @param suites cipher suites and groups per accepted version; empty when not asked for
 * @param others the certificates the accepted suites show the server holds besides {@code
 *     certificate}, each fetched or with why not; empty when none or when not looked for
 */
public record TlsObservation(
    String host,
    int port,
    String sni,
    java.time.Instant started,
    List<VersionProbe> versions,
    CertificateObservation certificate,
    String skipped,
    List<SuiteEnumeration> suites,
    List<OtherCertificate> others) {

  public TlsObservation {
    versions = versions == null ? List.of() : List.copyOf(versions);
    suites = suites == null ? List.of() : List.copyOf(suites);
    others = others == null ? List.of() : List.copyOf(others);
  }

  /** Without other certificates looked for. */
  public TlsObservation(String host, int port, String sni, java.time.Instant started,
      List<VersionProbe> versions, CertificateObservation certificate, String skipped,
      List<SuiteEnumeration> suites) {
    this(host, port, sni, started, versions, certificate, skipped, suites, List.of());
  }

  /** Without cipher-suite enumeration. */
  public TlsObservation(String host, int port, String sni, java.time.Instant started,
      List<VersionProbe> versions, CertificateObservation certificate, String skipped) {
    this(host, port, sni, started, versions, certificate, skipped, List.of());
  }

  public static TlsObservation skipped(String host, int port, java.time.Instant when, String why) {
    return new TlsObservation(host, port, null, when, List.of(), null, why);
  }

  /** host:port as written in reports, brackets around IPv6 literals. */
  public String endpoint() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
