package dev.secaudit.probe.tls;

import java.util.List;
import java.util.function.Predicate;

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
    return WEAK_CLASSES.stream().filter(c -> c.in().test(name)).map(WeakClass::label).toList();
  }

  /** A weak class and how a suite's IANA name shows it. */
  private record WeakClass(String label, Predicate<String> in) {}

  private static final List<WeakClass> WEAK_CLASSES = List.of(
      new WeakClass("NULL", n -> n.contains("_NULL_")),
      new WeakClass("anonymous", SuiteTraits::anonymous),
      new WeakClass("EXPORT", n -> n.contains("EXPORT")),
      new WeakClass("RC4", n -> n.contains("_RC4_")),
      new WeakClass("DES", n -> n.contains("_DES_") || n.contains("_DES40_")),
      new WeakClass("3DES", n -> n.contains("3DES")),
      new WeakClass("MD5", n -> n.endsWith("_MD5")),
      new WeakClass("static RSA", SuiteTraits::staticRsa),
      new WeakClass("CBC", n -> n.contains("_CBC")));

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
    if (name.contains("_DES_CBC_") || name.contains("_56_")) {
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
