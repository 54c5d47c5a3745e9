package dev.secaudit.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

@Doc("An endpoint to probe.")
public record Target(
    @Doc(value = "Short unique name used in reports.", example = "app", required = true)
        String name,
    @Doc(value = "Base URL, https:// or http://; or host:port for a TLS-only endpoint (a mail"
            + " or database server: only the tls.* checks run on it), e.g. mail.example.com:465,"
            + " 192.0.2.1:8443 or \"[2001:db8::1]:8443\" (quoted).",
            example = "https://app.example.com", required = true)
        String url,
    @Doc(value = "Plain-HTTP URL for the redirect check; derived from url when it uses port 443.",
            example = "http://app.example.com")
        String httpUrl,
    @Doc("Free-form tags.") List<String> tags,
    @Doc(value = "Paths fetched for header, cookie and CSP checks, resolved against url.",
            defaultValue = "[the url itself]")
        List<String> paths,
    @Doc("Request headers sent to this target; use ${env:NAME} for secrets.")
        Map<String, String> requestHeaders,
    @Doc("Check ids or globs not run on this target.") List<String> skip,
    @Doc("Run active probes (rate limits, flows) on this target without --active.")
        Boolean active,
    @Doc(value = "Server name sent in the TLS handshake (SNI) and matched against the"
            + " certificate, instead of the url's host; for a target addressed by IP or by"
            + " another name.", defaultValue = "the url's host name (none for an IP literal)",
            example = "mail.example.com")
        String sni,
    @Doc(value = "Clear-text protocol spoken before TLS on a host:port target: smtp (EHLO,"
            + " STARTTLS; RFC 3207).", example = "smtp")
        String starttls) {
  public Target {
    active = Unset.or(active, Boolean.FALSE);
    tags = Unset.orEmpty(tags);
    paths = Unset.orEmpty(paths);
    requestHeaders = Unset.orEmpty(requestHeaders);
    skip = Unset.orEmpty(skip);
  }

  /** @param names the names of the targets before this one, to which this one's is added */
  void validate(String at, Set<String> names, PolicyProblems problems) {
    if (problems.shortId(at + "/name", at + "/name", name,
        "missing 'name' (a short id such as 'app')", "name") && !names.add(name)) {
      problems.add(at + "/name", "duplicate target name '" + name + "'; names must be unique");
    }
    if (url == null) {
      problems.add(at, "missing 'url' (such as https://app.example.com)");
    } else if (tlsOnly()) {
      validateTlsOnly(at, problems);
    } else {
      problems.url(at + "/url", url, true);
    }
    validateSniAndStarttls(at, problems);
    if (httpUrl != null) {
      if (problems.url(at + "/http_url", httpUrl, true)
          && !httpUrl.toLowerCase(Locale.ROOT).startsWith("http://")) {
        problems.add(at + "/http_url", "must be a plain http:// URL (it is where the redirect to"
            + " HTTPS is checked)");
      }
    }
    problems.paths(at + "/paths", paths);
    problems.headerNames(at + "/request_headers", requestHeaders.keySet());
    problems.checkGlobs(at + "/skip", skip);
  }

  /** The names of the targets, which sources, rate limits, flows and configs refer to. */
  static Set<String> names(List<Target> targets) {
    Set<String> out = new HashSet<>();
    for (Target t : targets) {
      if (t.name() != null) {
        out.add(t.name());
      }
    }
    return out;
  }

  /** Without an SNI override or STARTTLS. */
  public Target(String name, String url, String httpUrl, List<String> tags, List<String> paths,
      Map<String, String> requestHeaders, List<String> skip, Boolean active) {
    this(name, url, httpUrl, tags, paths, requestHeaders, skip, active, null, null);
  }

  /** A host:port target: TLS only, no pages, no HTTP checks. */
  public boolean tlsOnly() {
    return TargetAddress.isHostPort(url);
  }

  /**
   * A host:port target as written: a port after the last colon and no path, so a URL that lost
   * its scheme is not taken for one (a port out of range still is: the host:port rules apply).
   */
  boolean looksHostPort() {
    return tlsOnly() && !url.contains("/") && url.trim().matches(".*:[0-9]+");
  }

  private static final String DNS_NAME =
      "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?";

  /** A host:port target: the address parses, and nothing asks it for web pages. */
  private void validateTlsOnly(String at, PolicyProblems problems) {
    try {
      TargetAddress.parse(url);
    } catch (IllegalArgumentException e) {
      problems.add(at + "/url", e.getMessage());
      if (!looksHostPort()) {
        // A URL without its scheme ("127.0.0.1:9443/login", "www.example.com"): one mistake,
        // said at url; the host:port rules below would advise removing what the fixed url needs.
        return;
      }
    }
    if (httpUrl != null) {
      problems.add(at + "/http_url", "a host:port target is TLS only and has no plain-HTTP"
          + " twin; remove http_url or write url as https://");
    }
    if (!paths.isEmpty()) {
      problems.add(at + "/paths", "a host:port target is TLS only and has no pages; remove"
          + " paths or write url as https://" + url + "/");
    }
    if (!requestHeaders.isEmpty()) {
      problems.add(at + "/request_headers", "a host:port target is TLS only and is sent no"
          + " HTTP requests; remove request_headers");
    }
  }

  /** sni is a DNS name; starttls is smtp and only on host:port targets. */
  private void validateSniAndStarttls(String at, PolicyProblems problems) {
    if (sni != null) {
      if (sni.matches("[0-9.]+") || sni.contains(":")) {
        problems.add(at + "/sni", "'" + sni + "' is an IP address; SNI carries host names"
            + " only (RFC 6066 §3): leave sni out to send none");
      } else if (!sni.matches(DNS_NAME) || sni.length() > 253) {
        problems.add(at + "/sni", "'" + sni + "' is not a valid host name");
      }
    }
    if (starttls != null) {
      if (!starttls.trim().equalsIgnoreCase("smtp")) {
        problems.add(at + "/starttls", "unknown STARTTLS protocol '" + starttls
            + "'" + Suggestions.didYouMean(starttls.toLowerCase(Locale.ROOT),
                Set.of("smtp")) + "; supported: smtp");
      } else if (!tlsOnly()) {
        problems.add(at + "/starttls", "starttls needs a host:port url (such as"
            + " mail.example.com:25 or :587); an https:// url speaks TLS from the first byte");
      }
    }
  }
}
