package dev.secaudit.probe.tls;

import java.net.IDN;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a certificate names a host (RFC 6125): DNS and IP subject alternative names only, the
 * subject CN is ignored as browsers do, and a wildcard covers exactly one left-most label.
 */
public final class CertificateNames {
  private CertificateNames() {}

  public static List<String> subjectAltNames(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          if (type == 2 || type == 7) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // An unparsable SAN extension names nothing.
    }
    return names;
  }

  public static boolean matches(X509Certificate cert, String host) {
    String h = normalise(host);
    boolean ip = h.contains(":") || h.matches("[0-9.]+");
    for (String san : subjectAltNames(cert)) {
      if (ip) {
        if (normalise(san).equals(h) || sameIp(san, h)) {
          return true;
        }
      } else if (dnsMatch(normalise(san), h)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameIp(String a, String b) {
    try {
      return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b));
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  static boolean dnsMatch(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      String suffix = pattern.substring(1);
      if (!host.endsWith(suffix)) {
        return false;
      }
      String label = host.substring(0, host.length() - suffix.length());
      return !label.isEmpty() && !label.contains(".");
    }
    return pattern.equals(host);
  }

  private static String normalise(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    try {
      return IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      return h;
    }
  }
}
