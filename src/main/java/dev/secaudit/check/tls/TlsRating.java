package dev.secaudit.check.tls;

import dev.secaudit.model.TlsVersion;
import dev.secaudit.probe.tls.CertificateFacts;
import dev.secaudit.probe.tls.CertificateObservation;
import dev.secaudit.probe.tls.SuiteEnumeration;
import dev.secaudit.probe.tls.SuiteTraits;
import dev.secaudit.probe.tls.TlsObservation;
import dev.secaudit.probe.tls.VersionProbe;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A simplified SSL Labs-style rating from what the hellos observed: score = 30% protocol + 30% key
 * exchange + 40% cipher strength, letter by score, then caps. Simplified because secaudit does
 * not read DH parameters or ServerKeyExchange: key exchange is judged from the certificate key
 * (static RSA, DHE) and the weakest accepted group (ECDHE, TLS 1.3), and there is no A+ (HSTS is
 * judged by the hsts.* checks).
 *
 * @param letter A to F, or T (untrusted) / M (hostname mismatch) which replace the letter
 * @param caps why the letter is lower than the score gives, in the order applied
 */
public record TlsRating(String letter, String scoreLetter, int score, int protocol,
    int keyExchange, int cipher, List<String> caps) {

  public static TlsRating of(TlsObservation tls) {
    Set<TlsVersion> versions = EnumSet.noneOf(TlsVersion.class);
    for (VersionProbe v : tls.versions()) {
      if (v.outcome() == VersionProbe.Outcome.ACCEPTED) {
        versions.add(v.version());
      }
    }
    Set<String> suites = new LinkedHashSet<>();
    Set<String> groups = new LinkedHashSet<>();
    for (SuiteEnumeration e : tls.suites()) {
      suites.addAll(e.suiteNames());
      groups.addAll(e.groups());
    }
    return of(versions, suites, groups, tls.certificate());
  }

  static TlsRating of(Set<TlsVersion> versions, Set<String> suites, Set<String> groups,
      CertificateObservation cert) {
    int best = versions.stream().mapToInt(TlsRating::protocolScore).max().orElse(0);
    int worst = versions.stream().mapToInt(TlsRating::protocolScore).min().orElse(0);
    int protocol = (best + worst) / 2;

    CertificateFacts leaf = cert == null ? null : cert.leaf();
    int keyExchange = suites.isEmpty() ? 0 : 100;
    for (String s : suites) {
      keyExchange = Math.min(keyExchange, keyExchangeScore(s, groups, leaf));
    }
    int cBest = suites.stream().mapToInt(s -> cipherScore(SuiteTraits.cipherBits(s))).max()
        .orElse(0);
    int cWorst = suites.stream().mapToInt(s -> cipherScore(SuiteTraits.cipherBits(s))).min()
        .orElse(0);
    int cipher = (cBest + cWorst) / 2;
    int score = (int) Math.round(0.3 * protocol + 0.3 * keyExchange + 0.4 * cipher);
    String scoreLetter = letter(score);

    List<String> caps = new ArrayList<>();
    String capped = scoreLetter;
    if (versions.contains(TlsVersion.SSL_2_0)) {
      capped = cap(capped, "F", "SSLv2 accepted", caps);
    }
    for (String s : suites) {
      List<String> weak = SuiteTraits.weakClasses(s);
      for (String c : List.of("NULL", "anonymous", "EXPORT")) {
        if (weak.contains(c)) {
          capped = cap(capped, "F", c + " suite accepted (" + s + ")", caps);
        }
      }
      if (weak.contains("RC4")) {
        capped = cap(capped, "C", "RC4 suite accepted (" + s + ")", caps);
      }
    }
    if (!versions.contains(TlsVersion.TLS_1_2) && !versions.contains(TlsVersion.TLS_1_3)) {
      capped = cap(capped, "C", "neither TLS 1.2 nor 1.3 accepted", caps);
    }
    if (versions.contains(TlsVersion.TLS_1_0) || versions.contains(TlsVersion.TLS_1_1)
        || versions.contains(TlsVersion.SSL_3_0)) {
      capped = cap(capped, "B", "a version older than TLS 1.2 accepted", caps);
    }
    if (!suites.isEmpty() && suites.stream().noneMatch(SuiteTraits::forwardSecrecy)) {
      capped = cap(capped, "B", "no suite with forward secrecy", caps);
    }
    String letter = capped;
    if (cert != null && cert.error() == null && !cert.chain().isEmpty()) {
      if (!cert.trusted()) {
        letter = "T";
        caps.add("certificate not trusted (T; " + capped + " if trusted)");
      } else if (!cert.hostnameMatches()) {
        letter = "M";
        caps.add("certificate does not name the host (M; " + capped + " if it did)");
      }
    }
    return new TlsRating(letter, scoreLetter, score, protocol, keyExchange, cipher, caps);
  }

  static int protocolScore(TlsVersion v) {
    return switch (v) {
      case SSL_2_0 -> 0;
      case SSL_3_0 -> 80;
      case TLS_1_0 -> 90;
      case TLS_1_1 -> 95;
      case TLS_1_2, TLS_1_3 -> 100;
    };
  }

  /** SSL Labs' key-exchange table over an RSA-equivalent strength in bits. */
  static int keyExchangeScore(String suite, Set<String> groups, CertificateFacts leaf) {
    if (SuiteTraits.anonymous(suite)) {
      return 0;
    }
    if (suite.contains("EXPORT")) {
      return 40;
    }
    int bits;
    if (SuiteTraits.isTls13(suite) || suite.startsWith("TLS_ECDHE_")) {
      bits = groups.isEmpty() ? 3072 : groups.stream().mapToInt(TlsRating::groupStrength).min()
          .orElse(3072);
    } else {
      bits = leaf == null ? 2048 : leaf.keyType().equals("RSA") ? leaf.keyBits() : 3072;
    }
    if (bits < 512) {
      return 20;
    }
    if (bits < 1024) {
      return 40;
    }
    if (bits < 2048) {
      return 80;
    }
    return bits < 4096 ? 90 : 100;
  }

  /** RSA-equivalent strength of a group (NIST SP 800-57 Part 1 table 2). */
  static int groupStrength(String group) {
    return switch (group) {
      case "ffdhe2048" -> 2048;
      case "secp384r1", "x448", "secp521r1" -> 7680;
      default -> 3072; // x25519, secp256r1, ffdhe3072, X25519MLKEM768
    };
  }

  static int cipherScore(int bits) {
    if (bits == 0) {
      return 0;
    }
    if (bits < 128) {
      return 20;
    }
    return bits < 256 ? 80 : 100;
  }

  static String letter(int score) {
    if (score >= 80) {
      return "A";
    }
    if (score >= 65) {
      return "B";
    }
    if (score >= 50) {
      return "C";
    }
    if (score >= 35) {
      return "D";
    }
    return score >= 20 ? "E" : "F";
  }

  /** The worse of the two letters; every cap that applies is listed, lowering or not. */
  private static String cap(String current, String limit, String why, List<String> caps) {
    caps.add(why + ": at most " + limit);
    return limit.compareTo(current) > 0 ? limit : current;
  }

  public String summary() {
    return letter + " (score " + score + ": protocol " + protocol + ", key exchange "
        + keyExchange + ", cipher " + cipher + (caps.isEmpty() ? "" : "; " + String.join("; ",
            caps)) + ")";
  }
}
