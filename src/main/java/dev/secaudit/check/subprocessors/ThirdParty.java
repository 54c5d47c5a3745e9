package dev.secaudit.check.subprocessors;

import java.util.Locale;

/**
 * Whether a host belongs to someone else than the page's site. Without the public suffix list,
 * the site is the last two labels of the page's host (three under two-letter country domains
 * with a short second level, such as co.uk), which errs towards calling a host first-party.
 */
final class ThirdParty {
  private ThirdParty() {}

  static boolean isThirdParty(String host, String pageHost) {
    String h = host.toLowerCase(Locale.ROOT);
    String p = pageHost.toLowerCase(Locale.ROOT);
    if (h.isEmpty() || h.equals(p)) {
      return false;
    }
    if (isIp(p) || isIp(h)) {
      return !h.equals(p);
    }
    String site = site(p);
    return !(h.equals(site) || h.endsWith("." + site));
  }

  static String site(String host) {
    String[] labels = host.split("\\.");
    if (labels.length <= 2) {
      return host;
    }
    int keep = 2;
    String tld = labels[labels.length - 1];
    String second = labels[labels.length - 2];
    if (tld.length() == 2 && second.length() <= 3 && labels.length >= 3) {
      keep = 3;
    }
    return String.join(".", java.util.Arrays.copyOfRange(labels, labels.length - keep,
        labels.length));
  }

  private static boolean isIp(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }
}
