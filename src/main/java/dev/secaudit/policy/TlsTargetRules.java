package dev.secaudit.policy;

import java.util.Locale;

/**
 * The rules of host:port targets, SNI overrides and STARTTLS: a TLS-only target has no pages to
 * fetch, and STARTTLS only makes sense where the url is not already a TLS URL.
 */
final class TlsTargetRules {
  private static final String DNS_NAME =
      "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?";

  private final PolicyProblems problems;

  TlsTargetRules(PolicyProblems problems) {
    this.problems = problems;
  }

  /** A host:port target: the address parses, and nothing asks it for web pages. */
  void validate(String at, Target t) {
    try {
      TargetAddress.parse(t.url());
    } catch (IllegalArgumentException e) {
      problems.add(at + "/url", e.getMessage());
    }
    if (t.httpUrl() != null) {
      problems.add(at + "/http_url", "a host:port target is TLS only and has no plain-HTTP"
          + " twin; remove http_url or write url as https://");
    }
    if (!t.paths().isEmpty()) {
      problems.add(at + "/paths", "a host:port target is TLS only and has no pages; remove"
          + " paths or write url as https://" + t.url() + "/");
    }
    if (!t.requestHeaders().isEmpty()) {
      problems.add(at + "/request_headers", "a host:port target is TLS only and is sent no"
          + " HTTP requests; remove request_headers");
    }
  }

  /** sni is a DNS name; starttls is smtp and only on host:port targets. */
  void validateNames(String at, Target t) {
    if (t.sni() != null) {
      String sni = t.sni();
      if (sni.matches("[0-9.]+") || sni.contains(":")) {
        problems.add(at + "/sni", "'" + sni + "' is an IP address; SNI carries host names"
            + " only (RFC 6066 §3): leave sni out to send none");
      } else if (!sni.matches(DNS_NAME) || sni.length() > 253) {
        problems.add(at + "/sni", "'" + sni + "' is not a valid host name");
      }
    }
    if (t.starttls() != null) {
      if (!t.starttls().trim().equalsIgnoreCase("smtp")) {
        problems.add(at + "/starttls", "unknown STARTTLS protocol '" + t.starttls()
            + "'" + Suggestions.didYouMean(t.starttls().toLowerCase(Locale.ROOT),
                java.util.Set.of("smtp")) + "; supported: smtp");
      } else if (!t.tlsOnly()) {
        problems.add(at + "/starttls", "starttls needs a host:port url (such as"
            + " mail.example.com:25 or :587); an https:// url speaks TLS from the first byte");
      }
    }
  }
}
