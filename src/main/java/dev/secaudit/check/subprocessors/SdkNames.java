package dev.secaudit.check.subprocessors;

import java.util.Locale;

/** How each package ecosystem spells and compares package names. */
final class SdkNames {
  private SdkNames() {}

  /**
   * The comparable form of a package name: PyPI names are case-insensitive with runs of '-', '_'
   * and '.' equal (PEP 503); npm, Maven and gem names are compared as written, lower-cased.
   */
  static String normalise(String ecosystem, String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return ecosystem.equals("pypi") ? n.replaceAll("[-_.]+", "-") : n;
  }

  /** Whether a catalog entry (normalised) names the package (normalised). */
  static boolean matches(String ecosystem, String entry, String pkg) {
    if (entry.equals(pkg)) {
      return true;
    }
    if (entry.endsWith("/*") && ecosystem.equals("npm")) {
      return pkg.startsWith(entry.substring(0, entry.length() - 1));
    }
    if (entry.endsWith(":*") && ecosystem.equals("maven")) {
      return pkg.startsWith(entry.substring(0, entry.length() - 1));
    }
    // Go module paths are hierarchical: github.com/aws/aws-sdk-go-v2/service/s3 is AWS's too.
    return ecosystem.equals("go") && pkg.startsWith(entry + "/");
  }
}
