package dev.secaudit.probe.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * What an IANA cipher-suite name says about the suite: how keys are exchanged and which weak
 * classes it falls in. Derived from the name alone, so recorded observations can be judged again.
 */
public final class SuiteTraits {
  private SuiteTraits() {}

  /** TLS 1.3 suites name no key exchange: it is always (EC)DHE there. */
  public static boolean isTls13(String name) {
    return name.startsWith("TLS_AES_") || name.startsWith("TLS_CHACHA20_");
  }

  /** Ephemeral (EC)DHE key exchange, the only kind that keeps past sessions safe. */
  public static boolean forwardSecrecy(String name) {
    return isTls13(name) || (name.startsWith("TLS_ECDHE_") || name.startsWith("TLS_DHE_"))
        && !anonymous(name);
  }

  public static boolean anonymous(String name) {
    return name.contains("_anon_");
  }

  /** RSA key transport: the server key decrypts every recorded session. */
  public static boolean staticRsa(String name) {
    return name.startsWith("TLS_RSA_");
  }

  /**
   * The weak classes of a suite, worst first: NULL, anonymous, EXPORT, RC4, DES, 3DES, MD5,
   * static RSA, CBC. Empty for an AEAD suite with an ephemeral key exchange.
   */
  public static List<String> weakClasses(String name) {
    List<String> out = new ArrayList<>();
    if (name.contains("_NULL_")) {
      out.add("NULL");
    }
    if (anonymous(name)) {
      out.add("anonymous");
    }
    if (name.contains("EXPORT")) {
      out.add("EXPORT");
    }
    if (name.contains("_RC4_")) {
      out.add("RC4");
    }
    if (name.contains("_DES_") || name.contains("_DES40_")) {
      out.add("DES");
    }
    if (name.contains("3DES")) {
      out.add("3DES");
    }
    if (name.endsWith("_MD5")) {
      out.add("MD5");
    }
    if (staticRsa(name)) {
      out.add("static RSA");
    }
    if (name.contains("_CBC")) {
      out.add("CBC");
    }
    return out;
  }

  /** Classes that break confidentiality or authentication outright (HIGH severity). */
  public static boolean broken(String weakClass) {
    return switch (weakClass) {
      case "NULL", "anonymous", "EXPORT", "RC4", "DES", "MD5" -> true;
      default -> false;
    };
  }

  /** Symmetric key strength in bits as SSL Labs scores it (0 for NULL). */
  public static int cipherBits(String name) {
    if (name.contains("_NULL_")) {
      return 0;
    }
    if (name.contains("_RC4_40_") || name.contains("_DES40_") || name.contains("_RC2_CBC_40_")) {
      return 40;
    }
    if (name.contains("_DES_CBC_")) {
      return 56;
    }
    if (name.contains("3DES")) {
      return 112;
    }
    if (name.contains("_256_") || name.contains("CHACHA20")) {
      return 256;
    }
    return 128;
  }
}
