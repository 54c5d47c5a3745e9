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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A simplified SSL Labs-style rating from what the hellos observed: score = 30% protocol + 30% key
 * exchange + 40% cipher strength, letter by score, then the published caps. Simplified because
 * key exchange is judged from the DH prime (DHE, where it was read), the certificate key (static
 * RSA) and the weakest group accepted or undetermined (ECDHE, TLS 1.3), without browser
 * simulations, and there is no A+ or A- (HSTS is judged by the hsts.* checks).
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
    Map<String, Integer> dhBits = new LinkedHashMap<>();
    for (SuiteEnumeration e : tls.suites()) {
      suites.addAll(e.suiteNames());
      groups.addAll(e.groups());
      // A group the server may accept counts for the weakest one: the grade never rises on a
      // group the probes could not show refused.
      groups.addAll(e.groupsUndetermined());
      for (SuiteEnumeration.AcceptedSuite s : e.suites()) {
        if (s.dhBits() != null) {
          dhBits.merge(s.name(), s.dhBits(), Math::min);
        }
      }
    }
    // Every chain a client can be served, the worst deciding (SSL Labs grades a server on the
    // certificate it may be given, so a weak second one costs the grade as a weak only one would).
    List<JudgedChain> chains = JudgedChain.all(tls).stream().filter(c -> c.certificate().error()
        == null && !c.certificate().chain().isEmpty()).toList();
    return of(versions, suites, groups, dhBits, chains);
  }

  /**
   * @param dhBits the prime size each finite-field DHE suite was seen with, where it was read
   * @param chains the chains read, the first one first
   */
  static TlsRating of(Set<TlsVersion> versions, Set<String> suites, Set<String> groups,
      Map<String, Integer> dhBits, List<JudgedChain> chains) {
    int best = versions.stream().mapToInt(TlsRating::protocolScore).max().orElse(0);
    int worst = versions.stream().mapToInt(TlsRating::protocolScore).min().orElse(0);
    int protocol = (best + worst) / 2;

    // Static RSA suites exchange keys with the RSA certificate, whichever chain was read first.
    CertificateFacts leaf = chains.stream().filter(c -> "RSA".equals(c.kind()))
        .map(c -> c.certificate().leaf()).findFirst()
        .orElse(chains.isEmpty() ? null : chains.get(0).certificate().leaf());
    int keyExchange = suites.isEmpty() ? 0 : 100;
    for (String s : suites) {
      keyExchange = Math.min(keyExchange, keyExchangeScore(s, groups, dhBits.get(s), leaf));
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
    capped = dhCaps(dhBits, capped, caps);
    String sha1 = null;
    for (JudgedChain c : chains) {
      capped = certificateCaps(c, capped, caps);
      if (sha1 == null) {
        sha1 = TlsCertificateCheck.signaturesThatCount(c.certificate()).stream()
            .filter(f -> "SHA-1".equals(TlsCertificateCheck.weakDigest(f)))
            .map(f -> c.who(f.subject())).findFirst().orElse(null);
      }
    }
    String letter = capped;
    JudgedChain untrusted = chains.stream().filter(c -> !c.certificate().trusted()).findFirst()
        .orElse(null);
    JudgedChain misnamed = chains.stream().filter(c -> !c.certificate().hostnameMatches())
        .findFirst().orElse(null);
    if (untrusted != null) {
      letter = "T";
      caps.add(untrusted.label() + " not trusted (T; " + capped + " if trusted)");
    } else if (sha1 != null) {
      // Trusted by the store secaudit used, but no longer by browsers (Chrome 56 and
      // Firefox 51, January 2017), and SSL Labs grades what browsers do not trust T.
      letter = "T";
      caps.add(sha1 + " is signed with SHA-1, which browsers no longer trust (T; " + capped
          + " otherwise)");
    } else if (misnamed != null) {
      letter = "M";
      caps.add(misnamed.label() + " does not name the host (M; " + capped + " if it did)");
    }
    return new TlsRating(letter, scoreLetter, score, protocol, keyExchange, cipher, caps);
  }

  /**
   * Finite-field DH groups (SSL Labs 1.17, May 2015, after Logjam): below 1024 bits F, 1024 up to
   * 2048 at most B.
   */
  private static String dhCaps(Map<String, Integer> dhBits, String capped, List<String> caps) {
    int weakest = dhBits.values().stream().mapToInt(Integer::intValue).min().orElse(4096);
    if (weakest < 1024) {
      return cap(capped, "F", "DH parameters of " + weakest + " bits (below 1024)", caps);
    }
    if (weakest < 2048) {
      return cap(capped, "B", "DH parameters of " + weakest + " bits (below 2048)", caps);
    }
    return capped;
  }

  /**
   * The leaf's key and the chain's signatures (SSL Labs rating guide 2009h, January 2014): an
   * RSA or DSA key below 1024 bits F, below 2048 at most B; an MD5 signature F. Elliptic-curve
   * keys are strong at every size servers use (P-256 is worth RSA 3072).
   */
  private static String certificateCaps(JudgedChain chain, String capped, List<String> caps) {
    CertificateObservation cert = chain.certificate();
    CertificateFacts leaf = cert.leaf();
    String type = TlsCertificateCheck.normaliseKeyType(leaf.keyType());
    if ((type.equals("RSA") || type.equals("DSA")) && leaf.keyBits() > 0) {
      if (leaf.keyBits() < 1024) {
        capped = cap(capped, "F", chain.label() + " key " + type + " " + leaf.keyBits()
            + " bits (below 1024)", caps);
      } else if (leaf.keyBits() < 2048) {
        capped = cap(capped, "B", chain.label() + " key " + type + " " + leaf.keyBits()
            + " bits (below 2048)", caps);
      }
    }
    for (CertificateFacts c : TlsCertificateCheck.signaturesThatCount(cert)) {
      if ("MD5".equals(TlsCertificateCheck.weakDigest(c))) {
        capped = cap(capped, "F", chain.who(c.subject()) + " signed with "
            + c.signatureAlgorithm(), caps);
      }
    }
    return capped;
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

  /**
   * SSL Labs' key-exchange table over an RSA-equivalent strength in bits: the group for
   * (EC)DHE when it was read, the certificate key for static RSA.
   */
  static int keyExchangeScore(String suite, Set<String> groups, Integer dhBits,
      CertificateFacts leaf) {
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
    } else if (dhBits != null) {
      bits = dhBits;
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
