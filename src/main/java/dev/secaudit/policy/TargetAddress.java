package dev.secaudit.policy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A target's url read as a TLS-only endpoint: {@code host:port}, {@code 192.0.2.1:8443} or
 * {@code [2001:db8::1]:8443}. A mail server or a database has no web pages, so a target written
 * this way gets the TLS checks only; http:// and https:// URLs are not endpoints of this kind.
 *
 * @param host a DNS name, IPv4 literal, or IPv6 literal without brackets
 */
public record TargetAddress(String host, int port) {
  private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.%]+)\\]:([0-9]{1,5})");
  private static final Pattern PLAIN = Pattern.compile("([A-Za-z0-9._-]+):([0-9]{1,5})");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  /** Whether the url is meant as host:port (no scheme) rather than as a URL. */
  public static boolean isHostPort(String url) {
    return url != null && !url.contains("://");
  }

  /**
   * Parses {@code host:port}; throws IllegalArgumentException saying what is wrong and how it
   * should look.
   */
  public static TargetAddress parse(String url) {
    String s = url.trim();
    Matcher m = BRACKETED.matcher(s);
    String host;
    String port;
    if (m.matches()) {
      host = m.group(1);
      port = m.group(2);
      if (host.chars().filter(c -> c == ':').count() < 2) {
        throw new IllegalArgumentException("'" + url + "' is not an IPv6 literal in brackets");
      }
    } else if ((m = PLAIN.matcher(s)).matches()) {
      host = m.group(1);
      port = m.group(2);
      if (!host.matches("[0-9.]+")) {
        for (String label : host.split("\\.", -1)) {
          if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("'" + host + "' is not a valid host name");
          }
        }
      } else if (!isIpv4(host)) {
        throw new IllegalArgumentException("'" + host + "' is not a valid IPv4 address");
      }
    } else if (s.chars().filter(c -> c == ':').count() > 1 && !s.startsWith("[")) {
      throw new IllegalArgumentException("write an IPv6 address in brackets with its port, such"
          + " as \"[::1]:8443\" (quoted: YAML reads a leading [ as a list)");
    } else {
      throw new IllegalArgumentException("expected an http:// or https:// URL, or host:port for"
          + " a TLS-only endpoint (mail.example.com:465, 192.0.2.1:8443, \"[::1]:8443\"), got '"
          + url + "'");
    }
    int p = Integer.parseInt(port);
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException("port " + p + " is out of range (1-65535)");
    }
    return new TargetAddress(host.toLowerCase(Locale.ROOT), p);
  }

  private static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }
}
