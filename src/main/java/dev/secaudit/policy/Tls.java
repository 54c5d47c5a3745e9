package dev.secaudit.policy;

import dev.secaudit.model.CipherSuites;
import dev.secaudit.model.TlsVersion;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

@Doc("TLS protocol versions and the server certificate.")
public record Tls(
    @Doc(value = "Oldest protocol version the server may accept: SSLv3, 1.0, 1.1, 1.2 or 1.3"
            + " (TLSv1.2, TLS 1.2 and the like are read as 1.2, with a note). Every older version"
            + " must be refused.", example = "1.2")
        String minVersion,
    @Doc(value = "Versions that must be refused even when not older than min_version.",
            example = "[\"1.0\", \"1.1\"]")
        List<String> forbiddenVersions,
    @Doc(value = "Rules for the server certificate.",
            defaultValue = "trusted, hostname match, RSA >= 2048, EC >= 256, no SHA-1")
        TlsCertificate certificate,
    @Doc(value = "Cipher suites the server may accept: IANA names or globs"
            + " (TLS_ECDHE_*_AES_*_GCM_*); any other accepted suite fails tls.ciphers. A glob"
            + " admits every suite it matches: TLS_ECDHE_*_GCM_* admits ECDHE with ARIA-GCM and"
            + " CAMELLIA-GCM too. Unset: any suite outside the weak classes.",
            example = "[\"TLS_ECDHE_*_AES_*_GCM_*\", \"TLS_ECDHE_*_CHACHA20_*\", \"TLS_AES_*\","
                + " \"TLS_CHACHA20_*\"]")
        List<String> allowedSuites,
    @Doc(value = "Cipher suites the server must refuse: IANA names or globs (*_CBC_*).",
            example = "[\"*_CBC_*\"]")
        List<String> forbiddenSuites,
    @Doc("Every accepted suite must use an ephemeral (EC)DHE key exchange; when false,"
            + " at least one suite per version must.")
        Boolean requireForwardSecrecy,
    @Doc(value = "Key-exchange groups the server may accept (x25519, secp256r1, secp384r1,"
            + " secp521r1, x448, ffdhe2048, ffdhe3072, X25519MLKEM768); unset: any.",
            example = "[x25519, secp256r1, secp384r1]")
        List<String> allowedGroups,
    @Doc(value = "Smallest finite-field Diffie-Hellman group (the prime p of the DHE"
            + " ServerKeyExchange) an accepted DHE suite may use, in bits; Mozilla intermediate"
            + " asks for ffdhe2048.", example = "2048")
        Integer minDhBits) {
  public Tls {
    minDhBits = Unset.or(minDhBits, 2048);
    minVersion = Unset.or(minVersion, "1.2");
    forbiddenVersions = Unset.orEmpty(forbiddenVersions);
    certificate = Unset.or(certificate, TlsCertificate.DEFAULTS);
    allowedSuites = Unset.orEmpty(allowedSuites);
    forbiddenSuites = Unset.orEmpty(forbiddenSuites);
    requireForwardSecrecy = Unset.or(requireForwardSecrecy, Boolean.FALSE);
    allowedGroups = Unset.orEmpty(allowedGroups);
  }

  void validate(PolicyProblems problems) {
    version(problems, "/tls/min_version", minVersion);
    for (int i = 0; i < forbiddenVersions.size(); i++) {
      version(problems, "/tls/forbidden_versions/" + i, forbiddenVersions.get(i));
    }
    suites(problems, "/tls/allowed_suites", allowedSuites);
    suites(problems, "/tls/forbidden_suites", forbiddenSuites);
    Set<String> groups = CipherSuites.knownGroups();
    for (int i = 0; i < allowedGroups.size(); i++) {
      String g = allowedGroups.get(i);
      if (g == null || groups.stream().noneMatch(k -> k.equalsIgnoreCase(g))) {
        problems.add("/tls/allowed_groups/" + i, "unknown group '" + g + "'"
            + Suggestions.didYouMean(g, groups) + "; use one of " + String.join(", ", groups));
      }
    }
    certificate.validate("/tls/certificate", problems);
    if (minDhBits < 512 || minDhBits > 16384) {
      problems.add("/tls/min_dh_bits", "must be between 512 and 16384 bits, got " + minDhBits);
    }
  }

  private static void version(PolicyProblems problems, String pointer, String value) {
    try {
      TlsVersion.parse(value);
    } catch (IllegalArgumentException e) {
      problems.add(pointer, e.getMessage());
    }
  }

  /** IANA names are checked against the table so a typo is not a rule that never matches. */
  private static void suites(PolicyProblems problems, String pointer, List<String> patterns) {
    Set<String> known = CipherSuites.knownNames();
    for (int i = 0; i < patterns.size(); i++) {
      String p = patterns.get(i);
      if (p == null || p.isBlank()) {
        problems.add(pointer + "/" + i, "an empty suite name matches nothing; remove it");
      } else if (p.contains("*") || p.contains("?")) {
        if (known.stream().noneMatch(n -> Globs.matches(p, n))) {
          problems.add(pointer + "/" + i, "the glob '" + p + "' matches no cipher suite secaudit"
              + " knows");
        }
      } else if (!known.contains(p)) {
        problems.add(pointer + "/" + i, "unknown cipher suite '" + p + "'"
            + Suggestions.didYouMean(p, known) + "; use IANA names such as"
            + " TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 or a glob");
      }
    }
  }

  /** Without the cipher-suite rules (as the first TLS slice wrote it). */
  public Tls(String minVersion, List<String> forbiddenVersions, TlsCertificate certificate) {
    this(minVersion, forbiddenVersions, certificate, null, null, null, null, null);
  }

  @Doc("Rules for the server certificate, judged on the chain the server sends.")
  public record TlsCertificate(
      @Doc(value = "Fewest whole days left before notAfter; unset: only expiry is judged.",
              example = "14")
          Integer minDaysLeft,
      @Doc(value = "Smallest share of the certificate's lifetime still left, in percent (0-100);"
              + " fits short-lived certificates where fixed day counts misfire.", example = "33")
          Integer minLifetimeLeftPercent,
      @Doc(value = "Longest total lifetime allowed (notAfter - notBefore), in days.",
              example = "366")
          Integer maxLifetimeDays,
      @Doc(value = "Issuer the leaf must have: a glob matched against the issuer's O or whole DN"
              + " (case-insensitive), or a regular expression between slashes.",
              example = "Let's Encrypt")
          String issuer,
      @Doc(value = "Key types allowed for the leaf: RSA, EC, EdDSA; unset: any.", example = "[EC]")
          List<String> keyTypes,
      @Doc("Smallest RSA key, in bits.") Integer rsaMinBits,
      @Doc("Smallest EC key, in bits.") Integer ecMinBits,
      @Doc("No certificate of the chain below the root may be signed with SHA-1 (or MD5).")
          Boolean forbidSha1Signature,
      @Doc("The chain must validate (PKIX) against the JDK trust store plus ca_file.")
          Boolean requireTrusted,
      @Doc("The leaf must name the target's host in its subject alternative names.")
          Boolean requireHostnameMatch,
      @Doc(value = "PEM file of extra trusted CAs (private CAs), relative to the policy file;"
              + " --ca-file overrides it.", example = "certs/internal-ca.pem")
          String caFile,
      @Doc("The chain sent must lead from the leaf to a trust anchor with no intermediate"
              + " missing (FAIL), in issuer order and without unrelated certificates (WARN).")
          Boolean requireCompleteChain,
      @Doc(value = "OCSP stapling: required (no staple fails) or optional (judged only when"
              + " stapled). A stapled response that says revoked, or is past its nextUpdate,"
              + " always fails.", example = "required")
          String ocspStapling) {
    public static final TlsCertificate DEFAULTS = new TlsCertificate(null, null, null, null, null,
        null, null, null, null, null, null, null, null);

    /** Without the chain-shape and stapling rules. */
    public TlsCertificate(Integer minDaysLeft, Integer minLifetimeLeftPercent,
        Integer maxLifetimeDays, String issuer, List<String> keyTypes, Integer rsaMinBits,
        Integer ecMinBits, Boolean forbidSha1Signature, Boolean requireTrusted,
        Boolean requireHostnameMatch, String caFile) {
      this(minDaysLeft, minLifetimeLeftPercent, maxLifetimeDays, issuer, keyTypes, rsaMinBits,
          ecMinBits, forbidSha1Signature, requireTrusted, requireHostnameMatch, caFile, null,
          null);
    }

    public TlsCertificate {
      keyTypes = Unset.orEmpty(keyTypes);
      rsaMinBits = Unset.or(rsaMinBits, 2048);
      ecMinBits = Unset.or(ecMinBits, 256);
      forbidSha1Signature = Unset.or(forbidSha1Signature, Boolean.TRUE);
      requireTrusted = Unset.or(requireTrusted, Boolean.TRUE);
      requireHostnameMatch = Unset.or(requireHostnameMatch, Boolean.TRUE);
      requireCompleteChain = Unset.or(requireCompleteChain, Boolean.TRUE);
      ocspStapling = Unset.or(ocspStapling, "optional");
    }

    void validate(String at, PolicyProblems problems) {
      if (minDaysLeft != null && minDaysLeft < 0) {
        problems.add(at + "/min_days_left", "must be 0 or more, got " + minDaysLeft);
      }
      if (minLifetimeLeftPercent != null
          && (minLifetimeLeftPercent < 0 || minLifetimeLeftPercent > 100)) {
        problems.add(at + "/min_lifetime_left_percent", "a percentage between 0 and 100, got "
            + minLifetimeLeftPercent);
      }
      if (maxLifetimeDays != null && maxLifetimeDays < 1) {
        problems.add(at + "/max_lifetime_days", "must be 1 or more, got " + maxLifetimeDays);
      }
      problems.range(at + "/rsa_min_bits", rsaMinBits, 0, 16384);
      problems.range(at + "/ec_min_bits", ecMinBits, 0, 571);
      for (int i = 0; i < keyTypes.size(); i++) {
        String k = keyTypes.get(i);
        if (!Set.of("RSA", "EC", "EdDSA", "Ed25519", "Ed448", "DSA").contains(k)) {
          problems.add(at + "/key_types/" + i, "unknown key type '" + k + "'"
              + Suggestions.didYouMean(k, Set.of("RSA", "EC", "EdDSA"))
              + "; use RSA, EC or EdDSA");
        }
      }
      if (issuer != null) {
        if (issuer.isBlank()) {
          problems.add(at + "/issuer", "an empty issuer matches nothing; remove it or name the CA");
        } else if (issuer.length() > 1 && issuer.startsWith("/") && issuer.endsWith("/")) {
          try {
            Pattern.compile(issuer.substring(1, issuer.length() - 1));
          } catch (PatternSyntaxException e) {
            problems.add(at + "/issuer", "not a valid regular expression: " + e.getDescription());
          }
        }
      }
      if (caFile != null && caFile.isBlank()) {
        problems.add(at + "/ca_file", "an empty path; remove ca_file or name a PEM file");
      }
      String stapling = ocspStapling.trim().toLowerCase(Locale.ROOT);
      if (!stapling.equals("required") && !stapling.equals("optional")) {
        problems.add(at + "/ocsp_stapling", "'" + ocspStapling + "' is not a stapling rule"
            + Suggestions.didYouMean(stapling, Set.of("required", "optional"))
            + "; use required or optional");
      }
    }

    /** Stapling must be present, not merely correct when present. */
    public boolean staplingRequired() {
      return "required".equalsIgnoreCase(ocspStapling.trim());
    }

    TlsCertificate withCaFile(String file) {
      return new TlsCertificate(minDaysLeft, minLifetimeLeftPercent, maxLifetimeDays, issuer,
          keyTypes, rsaMinBits, ecMinBits, forbidSha1Signature, requireTrusted,
          requireHostnameMatch, file, requireCompleteChain, ocspStapling);
    }
  }
}
