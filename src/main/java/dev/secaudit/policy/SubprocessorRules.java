package dev.secaudit.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validation of the subprocessors section, kept apart from PolicyValidator so the section's
 * rules live in one place: names unique as a reader compares them, the published page on a
 * target's host (nothing else is ever fetched), DPA links and domains well formed.
 */
final class SubprocessorRules {
  static final Pattern DOMAIN =
      Pattern.compile("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,62}$");

  private final PolicyProblems problems;

  SubprocessorRules(PolicyProblems problems) {
    this.problems = problems;
  }

  void validate(Subprocessors s, List<Target> targets) {
    if (s.publishedAt() != null) {
      publishedAt(s.publishedAt(), targets);
    }
    if (s.declared().isEmpty() && s.publishedAt() == null) {
      problems.add("/subprocessors", "nothing to check: add 'declared' (the subprocessors"
          + " you use) and 'published_at' (where the list is published)");
    }
    if (s.dns() != null) {
      dns(s.dns());
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < s.declared().size(); i++) {
      Subprocessors.Subprocessor d = s.declared().get(i);
      String at = "/subprocessors/declared/" + i;
      if (d == null || d.name() == null || d.name().isBlank()) {
        problems.add(at, "missing 'name' (the vendor as your published list writes it)");
        continue;
      }
      List<String> names = d.names();
      for (int n = 0; n < names.size(); n++) {
        String where = n == 0 ? at + "/name" : at + "/aliases/" + (n - 1);
        String key = VendorNames.normalise(names.get(n));
        if (key.isEmpty()) {
          problems.add(where, "'" + names.get(n) + "' has no letters or digits");
          continue;
        }
        Integer other = seen.putIfAbsent(key, i);
        if (other != null && other != i) {
          problems.add(where, "'" + names.get(n) + "' is already declared as"
              + " subprocessors.declared[" + other + "]; list each vendor once (other names go"
              + " in aliases)");
        }
      }
      if (d.dpa() != null && d.dpa().url() != null
          && !d.dpa().url().matches("(?i)https?://[^\\s/]+\\S*")) {
        problems.add(at + "/dpa", "expected true, false or the http(s) URL of the signed DPA,"
            + " got '" + d.dpa().url() + "'");
      }
      for (int k = 0; k < d.domains().size(); k++) {
        String dom = d.domains().get(k);
        if (dom == null || !DOMAIN.matcher(dom).matches()) {
          problems.add(at + "/domains/" + k, "'" + dom + "' is not a domain name such as"
              + " 'analytics.example' (lower case, no scheme, no path)");
        }
      }
    }
  }

  private void dns(Subprocessors.SubprocessorDns dns) {
    String at = "/subprocessors/dns";
    for (int k = 0; k < dns.domains().size(); k++) {
      String dom = dns.domains().get(k);
      if (dom == null || !DOMAIN.matcher(dom).matches()) {
        problems.add(at + "/domains/" + k, "'" + dom + "' is not a domain name such as"
            + " 'acme.example' (lower case, no scheme, no path)");
      }
    }
    if (dns.domains().isEmpty() && !dns.targets()) {
      problems.add(at, "nothing to look up: list 'domains' or leave 'targets' true");
    }
    if (dns.resolver() != null && !isResolver(dns.resolver())) {
      problems.add(at + "/resolver", "'" + dns.resolver() + "' is not host, host:port or"
          + " [ipv6]:port (for example 127.0.0.1:5353)");
    }
    if (dns.timeout().value().isZero() || dns.timeout().value().isNegative()) {
      problems.add(at + "/timeout", "must be longer than 0 (for example 3s)");
    }
  }

  private static final Pattern RESOLVER =
      Pattern.compile("^(?:\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?$");

  /** host, host:port, [v6]:port, or a bare IPv6 address (two colons or more, no port). */
  static boolean isResolver(String value) {
    java.util.regex.Matcher m = RESOLVER.matcher(value);
    if (m.matches()) {
      int port = m.group(1) == null ? 53 : Integer.parseInt(m.group(1));
      return port > 0 && port <= 65535;
    }
    return value.matches("[0-9a-fA-F:.]+") && value.indexOf(':') != value.lastIndexOf(':');
  }

  private void publishedAt(String value, List<Target> targets) {
    String at = "/subprocessors/published_at";
    URI u = httpUrl(at, value);
    if (u == null) {
      return;
    }
    String host = u.getHost().toLowerCase(Locale.ROOT);
    for (Target t : targets) {
      try {
        URI tu = t.url() == null ? null : new URI(t.url());
        if (tu != null && tu.getHost() != null
            && tu.getHost().toLowerCase(Locale.ROOT).equals(host)) {
          return;
        }
      } catch (URISyntaxException e) {
        // The target's own rule reports it.
      }
    }
    problems.add(at, "the host '" + host + "' is not the host of any target; secaudit fetches"
        + " only from policy targets, so add a target with url https://" + host);
  }

  private URI httpUrl(String pointer, String value) {
    try {
      URI u = new URI(value);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        problems.add(pointer, "expected an absolute http:// or https:// URL, got '" + value
            + "'");
        return null;
      }
      if (u.getHost() == null || u.getHost().isEmpty()) {
        problems.add(pointer, "the URL '" + value + "' has no host");
        return null;
      }
      return u;
    } catch (URISyntaxException e) {
      problems.add(pointer, "not a valid URL: " + e.getReason() + " ('" + value + "')");
      return null;
    }
  }
}
