package dev.secaudit.probe.tls;

import dev.secaudit.model.CipherSuites;
import dev.secaudit.model.TlsVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A certificate the server holds besides the one judged, fetched with a hello offering only the
 * accepted suites that need its kind of key. Up to TLS 1.2 a suite names how the server
 * authenticates (ECDSA needs an EC or EdDSA key, RSA an RSA key, DSS a DSA key), so a server
 * accepting ECDHE_ECDSA and ECDHE_RSA suites holds two certificates and serves each to the
 * clients that pick its suites; judging one says nothing of the other.
 *
 * @param keyClass EC, RSA or DSA: the kind of key the suites need
 * @param suites the accepted suites that need it, as the enumeration named them
 * @param certificate the chain read and its verdicts; {@code error} says why none was read
 */
public record OtherCertificate(String keyClass, List<String> suites,
    CertificateObservation certificate) {

  public OtherCertificate {
    suites = List.copyOf(suites);
  }

  /** Whether a chain of the expected kind was read and parsed. */
  public boolean fetched() {
    return certificate != null && certificate.error() == null && certificate.leaf() != null;
  }

  /**
   * One hello per kind of key the accepted suites need besides the judged leaf's, at the newest
   * version up to TLS 1.2 that accepted such suites, offering only those (as a version probe
   * does: status_request, the chain read in the clear). Never throws.
   */
  public static List<OtherCertificate> fetch(ClientHelloProber hellos, CertificateProbe certs,
      TlsEndpoint endpoint, CertificateObservation judged, List<SuiteEnumeration> suites) {
    String own = judged == null || judged.leaf() == null ? null
        : keyClass(judged.leaf().keyType());
    if (own == null) {
      return List.of();
    }
    Map<String, List<String>> names = new LinkedHashMap<>();
    Map<String, SuiteEnumeration> newest = new LinkedHashMap<>();
    for (SuiteEnumeration e : suites) {
      if (e.version() == TlsVersion.TLS_1_3 || e.version() == TlsVersion.SSL_2_0) {
        continue; // TLS 1.3 suites name no authentication; SSLv2 has no such hello
      }
      for (String s : e.suiteNames()) {
        String key = keyFor(s);
        if (key == null || key.equals(own)) {
          continue;
        }
        List<String> seen = names.computeIfAbsent(key, k -> new ArrayList<>());
        if (!seen.contains(s)) {
          seen.add(s);
        }
        SuiteEnumeration best = newest.get(key);
        if (best == null || best.version().ordinal() < e.version().ordinal()) {
          newest.put(key, e);
        }
      }
    }
    List<OtherCertificate> out = new ArrayList<>();
    names.forEach((key, accepted) -> out.add(new OtherCertificate(key, accepted,
        fetchOne(hellos, certs, endpoint, judged, key, newest.get(key)))));
    return out;
  }

  private static CertificateObservation fetchOne(ClientHelloProber hellos, CertificateProbe certs,
      TlsEndpoint endpoint, CertificateObservation judged, String key, SuiteEnumeration e) {
    String name = endpoint.expectedName();
    List<Integer> codes = new ArrayList<>();
    for (String s : e.suiteNames()) {
      if (key.equals(keyFor(s))) {
        codes.add(CipherSuites.code(s));
      }
    }
    VersionProbe p;
    try {
      p = hellos.probeChain(endpoint.host(), endpoint.port(), endpoint.sni(), e.version(),
          new ClientHelloProber.Offer(codes, ClientHello.classicGroups()));
    } catch (RuntimeException ex) {
      return CertificateObservation.failed(name, judged.trustStore(),
          "the hello could not be sent: " + ClientHelloProber.message(ex));
    }
    String why = p.outcome() != VersionProbe.Outcome.ACCEPTED ? p.summary()
        : p.certificates().isEmpty() ? "the " + e.version().label() + " hello offering "
            + codes.size() + " " + key + " suites read no Certificate message"
        : p.disowned() ? "the server's signature did not verify with the leaf it sent"
        : null;
    if (why != null) {
      return CertificateObservation.failed(name, judged.trustStore(), why);
    }
    CertificateObservation got = certs.fromHello(name, p);
    if (got.error() == null && !key.equals(keyClass(got.leaf().keyType()))) {
      return CertificateObservation.failed(name, judged.trustStore(), "the server answered "
          + p.cipherSuite() + " with a " + got.leaf().keyType() + " certificate, not an "
          + key + " one");
    }
    return got;
  }

  /** The kind of certificate key a suite up to TLS 1.2 authenticates with, or null. */
  public static String keyFor(String suite) {
    if (suite.startsWith("TLS_ECDHE_ECDSA_")) {
      return "EC";
    }
    if (suite.startsWith("TLS_ECDHE_RSA_") || suite.startsWith("TLS_DHE_RSA_")
        || suite.startsWith("TLS_RSA_") || suite.startsWith("TLS_SRP_SHA_RSA_")) {
      return "RSA";
    }
    if (suite.startsWith("TLS_DHE_DSS_") || suite.startsWith("TLS_SRP_SHA_DSS_")) {
      return "DSA";
    }
    return null; // anonymous, PSK, static (EC)DH: no signing key of a kind to tell apart
  }

  /**
   * The kind of suite a key (as the JDK names its algorithm) signs for, or null; EdDSA keys sign
   * for ECDSA suites too (RFC 8422 §5.1.1).
   */
  public static String keyClass(String keyType) {
    return switch (keyType.toUpperCase(Locale.ROOT)) {
      case "EC", "ECDSA", "EDDSA", "ED25519", "ED448" -> "EC";
      case "RSA", "RSASSA-PSS" -> "RSA";
      case "DSA" -> "DSA";
      default -> null;
    };
  }
}
