package dev.secaudit.check.tls;

import dev.secaudit.model.TlsVersion;
import dev.secaudit.probe.tls.SuiteEnumeration;
import dev.secaudit.probe.tls.TlsObservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Certificates the accepted suites show a server holds besides the one judged. Up to TLS 1.2 a
 * suite names how the server authenticates, and each way needs its own kind of key: an ECDSA
 * suite an EC (or EdDSA) key, an RSA one an RSA key, a DSS one a DSA key. A server that accepts
 * both ECDHE_ECDSA and ECDHE_RSA suites therefore holds two certificates, and a blind review found
 * the EC one judged (PASS, "EC 256 bits") while the RSA one it also serves was 1024 bits or
 * expired. Until that other certificate is fetched, what the judged one shows is not said of it.
 */
final class OtherCertificates {
  private OtherCertificates() {}

  /** How many accepted suites a note names per kind of key, the rest counted. */
  private static final int NAMED = 2;

  /**
   * A note for every certificate finding when accepted suites need another kind of key than
   * {@code leafKeyType}, or null when none does (or the key type is unknown).
   */
  static String note(TlsObservation tls, String leafKeyType) {
    String judged = keyClass(TlsCertificateCheck.normaliseKeyType(leafKeyType));
    if (judged == null) {
      return null;
    }
    Map<String, List<String>> others = new LinkedHashMap<>();
    for (SuiteEnumeration e : tls.suites()) {
      if (e.version() == TlsVersion.TLS_1_3) {
        continue; // its suites name no authentication
      }
      for (String s : e.suiteNames()) {
        String key = keyFor(s);
        List<String> seen = key == null || key.equals(judged) ? null
            : others.computeIfAbsent(key, k -> new ArrayList<>());
        if (seen != null && !seen.contains(s)) {
          seen.add(s);
        }
      }
    }
    if (others.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    others.forEach((key, suites) -> parts.add(String.join(", ", suites.subList(0,
        Math.min(NAMED, suites.size()))) + (suites.size() > NAMED ? " and "
            + (suites.size() - NAMED) + " more" : "") + " (an " + key + " certificate)"));
    return "only the " + judged + " certificate was judged; the server also accepted "
        + String.join("; ", parts) + ", served with another certificate that was not fetched,"
        + " so nothing is said of it here";
  }

  /** The kind of certificate key a suite up to TLS 1.2 authenticates with, or null. */
  static String keyFor(String suite) {
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

  /** EdDSA keys sign for ECDSA suites too (RFC 8422 §5.1.1). */
  private static String keyClass(String normalised) {
    return switch (normalised) {
      case "EC", "EdDSA" -> "EC";
      case "RSA", "RSASSA-PSS" -> "RSA";
      case "DSA" -> "DSA";
      default -> null;
    };
  }
}
