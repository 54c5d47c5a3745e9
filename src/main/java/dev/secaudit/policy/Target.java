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
    @Doc(value = "Run active probes (rate limits, flows) on this target without --active.",
            defaultValue = "false")
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
    TlsTargetRules tlsRules = new TlsTargetRules(problems);
    if (url == null) {
      problems.add(at, "missing 'url' (such as https://app.example.com)");
    } else if (tlsOnly()) {
      tlsRules.validate(at, this);
    } else {
      problems.url(at + "/url", url, true);
    }
    tlsRules.validateNames(at, this);
    if (httpUrl != null) {
      problems.url(at + "/http_url", httpUrl, true);
      if (!httpUrl.toLowerCase(Locale.ROOT).startsWith("http://")) {
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
}
