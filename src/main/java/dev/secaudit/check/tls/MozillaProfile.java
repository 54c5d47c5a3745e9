package dev.secaudit.check.tls;

import dev.secaudit.model.TlsVersion;
import dev.secaudit.probe.tls.CertificateFacts;
import dev.secaudit.probe.tls.SuiteEnumeration;
import dev.secaudit.probe.tls.TlsObservation;
import dev.secaudit.probe.tls.VersionProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which Mozilla server-side TLS 6.0 profile a server meets, judged on what it accepts: every
 * accepted version, suite and group must be one the profile lists, and the certificate key, curve,
 * signature and lifespan must fit, of every chain it serves. A server that accepts a subset of a profile meets
 * it. OCSP stapling and HSTS are left to their own checks.
 */
public record MozillaProfile(String met, List<String> notModern, List<String> notIntermediate) {
  static final Set<String> TLS13_SUITES = Set.of("TLS_AES_128_GCM_SHA256",
      "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
  static final Set<String> INTERMEDIATE_TLS12_SUITES = Set.of(
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  static final Set<String> GROUPS = Set.of("X25519MLKEM768", "x25519", "secp256r1", "secp384r1");
  /** The profiles' certificate_signatures in the JDK's names; intermediate adds SHA256withRSA. */
  static final Set<String> MODERN_SIGNATURES = Set.of("SHA256withECDSA", "SHA384withECDSA",
      "SHA512withECDSA");

  public static MozillaProfile of(TlsObservation tls) {
    List<String> modern = new ArrayList<>();
    List<String> intermediate = new ArrayList<>();
    List<TlsVersion> accepted = tls.versions().stream()
        .filter(v -> v.outcome() == VersionProbe.Outcome.ACCEPTED).map(VersionProbe::version)
        .toList();
    if (accepted.isEmpty()) {
      modern.add("no version accepted");
      intermediate.add("no version accepted");
    }
    for (TlsVersion v : accepted) {
      if (v != TlsVersion.TLS_1_3) {
        modern.add(v.label() + " accepted");
      }
      if (v != TlsVersion.TLS_1_3 && v != TlsVersion.TLS_1_2) {
        intermediate.add(v.label() + " accepted");
      }
    }
    for (SuiteEnumeration e : tls.suites()) {
      for (String s : e.suiteNames()) {
        if (e.version() == TlsVersion.TLS_1_3 && !TLS13_SUITES.contains(s)) {
          modern.add(s + " accepted");
          intermediate.add(s + " accepted");
        }
        if (e.version() == TlsVersion.TLS_1_2 && !INTERMEDIATE_TLS12_SUITES.contains(s)) {
          intermediate.add("TLS 1.2 " + s + " accepted");
        }
      }
      for (String g : e.groups()) {
        if (!GROUPS.contains(g)) {
          String why = "group " + g + " accepted";
          if (!modern.contains(why)) {
            modern.add(why);
            intermediate.add(why);
          }
        }
      }
      for (String g : e.groupsUndetermined()) {
        // The server may accept it: meeting a profile is not shown while it is unknown.
        String why = "group " + g + " not determined";
        if (!GROUPS.contains(g) && !modern.contains(why)) {
          modern.add(why);
          intermediate.add(why);
        }
      }
      if (e.incomplete() != null) {
        modern.add(e.version().label() + " suites not fully enumerated");
        intermediate.add(e.version().label() + " suites not fully enumerated");
      }
    }
    List<JudgedChain> chains = JudgedChain.all(tls).stream()
        .filter(c -> c.certificate().leaf() != null).toList();
    if (chains.isEmpty()) {
      modern.add("no certificate observed");
      intermediate.add("no certificate observed");
    }
    // Every chain a client can be served must fit: an RSA-1024 second certificate served to
    // ECDHE_RSA clients is outside the profile however good the ECDSA one is.
    for (JudgedChain c : chains) {
      certificate(c.label(), c.certificate().leaf(), modern, intermediate);
    }
    String met = modern.isEmpty() ? "modern" : intermediate.isEmpty() ? "intermediate" : "none";
    return new MozillaProfile(met, List.copyOf(modern), List.copyOf(intermediate));
  }

  /** The certificate requirements, of one chain's leaf named by {@code label}. */
  private static void certificate(String label, CertificateFacts leaf, List<String> modern,
      List<String> intermediate) {
    boolean ec = leaf.keyType().equals("EC");
    // Both profiles list the curves prime256v1 and secp384r1 only (certificate_curves): a P-521
    // key meets neither, however strong.
    boolean ecCurve = ec && (leaf.keyBits() == 256 || leaf.keyBits() == 384);
    if (!ecCurve) {
      modern.add(label + " key " + leaf.keyType() + " " + leaf.keyBits()
          + " (ECDSA P-256 or P-384 required)");
    }
    boolean rsaOk = leaf.keyType().equals("RSA") && leaf.keyBits() >= 2048;
    if (!rsaOk && !ecCurve) {
      intermediate.add(label + " key " + leaf.keyType() + " " + leaf.keyBits()
          + " (RSA >= 2048 or ECDSA P-256 or P-384 required)");
    }
    // certificate_signatures: the leaf's own signature, as the JDK names it.
    String sig = leaf.signatureAlgorithm();
    if (!MODERN_SIGNATURES.contains(sig)) {
      modern.add(label + " signed with " + sig + " (ECDSA with SHA-256, SHA-384 or SHA-512"
          + " required)");
    }
    if (!MODERN_SIGNATURES.contains(sig) && !"SHA256withRSA".equals(sig)) {
      intermediate.add(label + " signed with " + sig + " (sha256WithRSAEncryption or ECDSA"
          + " with SHA-256, SHA-384 or SHA-512 required)");
    }
    long days = Duration.between(leaf.notBefore(), leaf.notAfter()).toDays();
    if (days > 90) {
      modern.add(label + " lifespan " + days + " days (at most 90)");
    }
    if (days > 366) {
      intermediate.add(label + " lifespan " + days + " days (at most 366)");
    }
  }

  public String summary() {
    return switch (met) {
      case "modern" -> "meets modern (and intermediate)";
      case "intermediate" -> "meets intermediate; not modern: " + String.join("; ", notModern);
      default -> "meets neither; not intermediate: " + String.join("; ", notIntermediate);
    };
  }
}
