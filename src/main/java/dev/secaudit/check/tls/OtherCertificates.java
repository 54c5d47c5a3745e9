package dev.secaudit.check.tls;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.probe.tls.OtherCertificate;
import dev.secaudit.probe.tls.SuiteEnumeration;
import dev.secaudit.probe.tls.TlsObservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Certificates the accepted suites show a server holds besides the ones judged. Up to TLS 1.2 a
 * suite names how the server authenticates, and each way needs its own kind of key: an ECDSA
 * suite an EC (or EdDSA) key, an RSA one an RSA key, a DSS one a DSA key. A server that accepts
 * both ECDHE_ECDSA and ECDHE_RSA suites therefore holds two certificates, and a blind review found
 * the EC one judged (PASS, "EC 256 bits") while the RSA one it also serves was 1024 bits or
 * expired. The other one is fetched and judged on its own; when it could not be, what the judged
 * one shows is not said of it.
 */
final class OtherCertificates {
  private OtherCertificates() {}

  /** How many accepted suites a note names per kind of key, the rest counted. */
  private static final int NAMED = 2;

  /**
   * A note for every certificate finding when accepted suites need another kind of key than
   * {@code leafKeyType} and no certificate of that kind was judged, or null when none does (or
   * the key type is unknown).
   */
  private static String note(TlsObservation tls, String leafKeyType) {
    String judged = OtherCertificate.keyClass(leafKeyType);
    if (judged == null) {
      return null;
    }
    List<String> kinds = new ArrayList<>(List.of(judged));
    Map<String, String> whyNot = new LinkedHashMap<>();
    for (OtherCertificate o : tls.others()) {
      if (o.fetched()) {
        kinds.add(o.keyClass());
      } else {
        whyNot.put(o.keyClass(), o.certificate() == null ? null : o.certificate().error());
      }
    }
    Map<String, List<String>> others = new LinkedHashMap<>();
    for (SuiteEnumeration e : tls.suites()) {
      if (e.version() == TlsVersion.TLS_1_3) {
        continue; // its suites name no authentication
      }
      for (String s : e.suiteNames()) {
        String key = OtherCertificate.keyFor(s);
        List<String> seen = key == null || kinds.contains(key) ? null
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
            + (suites.size() - NAMED) + " more" : "") + ", served with " + article(key) + " "
            + key + " certificate that " + (whyNot.get(key) != null
                ? "could not be fetched (" + whyNot.get(key) + ")" : "was not fetched")));
    String only = kinds.size() == 1 ? "only the " + judged + " certificate was judged"
        : "only the " + String.join(" and ", kinds) + " certificates were judged";
    return only + "; the server also accepted " + String.join("; ", parts)
        + ", so nothing is said of " + (parts.size() == 1 ? "it" : "them") + " here";
  }

  /** The note for the server's first chain, or null when it has no leaf to tell the kind of. */
  static String note(TlsObservation tls) {
    return tls == null || tls.certificate() == null || tls.certificate().leaf() == null ? null
        : note(tls, tls.certificate().leaf().keyType());
  }

  /**
   * {@code findings} as they stand when no certificate is missing; otherwise each carries the
   * note, and none passes: what the judged chains show is not said of the one not fetched.
   */
  static List<Finding> marked(TlsObservation tls, List<Finding> findings) {
    String other = note(tls);
    // A rule that did not apply to the judged chain (no responder to staple for) may apply to
    // the chain not fetched: neither is said of it.
    return other == null ? findings : findings.stream().map(f -> (f.status() == Status.PASS
        || f.status() == Status.NOT_APPLICABLE ? f.withStatus(Status.WARN) : f).withNote(other))
        .toList();
  }

  private static String article(String key) {
    return key.startsWith("D") ? "a" : "an"; // a DSA; an EC, an RSA
  }
}
