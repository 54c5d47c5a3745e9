package dev.secaudit.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

@Doc("Subprocessors: the list the company declares, and the page where it is published.")
public record Subprocessors(
    @Doc(value = "URL of the published subprocessor list; its host must be the host of a"
            + " target (it is fetched like the target's pages).",
            example = "https://acme.example/legal/subprocessors")
        String publishedAt,
    @Doc(value = "The subprocessors the company declares.", required = true)
        List<Subprocessor> declared,
    @Doc("DNS read for vendors: the mail providers of the named domains (MX records, SPF"
            + " includes) and the hosting and CDN providers the targets' hosts point to"
            + " (CNAME chains).")
        SubprocessorDns dns) {
  public Subprocessors {
    declared = Unset.orEmpty(declared);
  }

  static final Pattern DOMAIN =
      Pattern.compile("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,62}$");

  /**
   * Names unique as a reader compares them, the published page on a target's host (nothing else
   * is ever fetched), DPA links and domains well formed.
   */
  void validate(List<Target> targets, PolicyProblems problems) {
    if (publishedAt != null) {
      publishedOnATarget(publishedAt, targets, problems);
    }
    if (declared.isEmpty() && publishedAt == null) {
      problems.add("/subprocessors", "nothing to check: add 'declared' (the subprocessors"
          + " you use) and 'published_at' (where the list is published)");
    }
    if (dns != null) {
      dns.validate(problems);
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < declared.size(); i++) {
      Subprocessor d = declared.get(i);
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

  private static void publishedOnATarget(String value, List<Target> targets,
      PolicyProblems problems) {
    String at = "/subprocessors/published_at";
    URI u = httpUrl(at, value, problems);
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

  private static URI httpUrl(String pointer, String value, PolicyProblems problems) {
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

  @Doc("Where and how the subprocessor DNS records are read.")
  public record SubprocessorDns(
      @Doc("Name of this source in reports (shared namespace with targets).")
          String name,
      @Doc(value = "Domains whose MX records and SPF includes (followed recursively, at most 10"
              + " DNS lookups as RFC 7208 allows) name the mail providers.",
              example = "[acme.example]")
          List<String> domains,
      @Doc("Follow the CNAME chain of every target's host (hosting, CDN).")
          Boolean targets,
      @Doc(value = "DNS server as host or host:port (UDP, TCP when truncated); the system's"
              + " resolver when absent.", example = "127.0.0.1:5353")
          String resolver,
      @Doc("Longest wait for one answer; a resolver silent for this long ends the DNS"
              + " reading with an ERROR.")
          PolicyDuration timeout) {
    public SubprocessorDns {
      name = Unset.or(name, "dns");
      domains = Unset.orEmpty(domains);
      targets = Unset.or(targets, Boolean.TRUE);
      timeout = Unset.or(timeout, PolicyDuration.parse("3s"));
    }

    void validate(PolicyProblems problems) {
      String at = "/subprocessors/dns";
      for (int k = 0; k < domains.size(); k++) {
        String dom = domains.get(k);
        if (dom == null || !DOMAIN.matcher(dom).matches()) {
          problems.add(at + "/domains/" + k, "'" + dom + "' is not a domain name such as"
              + " 'acme.example' (lower case, no scheme, no path)");
        }
      }
      if (domains.isEmpty() && !targets) {
        problems.add(at, "nothing to look up: list 'domains' or leave 'targets' true");
      }
      if (resolver != null && !isResolver(resolver)) {
        problems.add(at + "/resolver", "'" + resolver + "' is not host, host:port or"
            + " [ipv6]:port (for example 127.0.0.1:5353)");
      }
      if (timeout.value().isZero() || timeout.value().isNegative()) {
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
  }

  @Doc("One declared subprocessor: a record of processing for one vendor.")
  public record Subprocessor(
      @Doc(value = "Vendor name as the published list writes it; matched without regard to"
              + " case, punctuation and company forms (Inc, Ltd, GmbH).", example = "Stripe",
              required = true)
          String name,
      @Doc(value = "Other names of the vendor (products, former names) matched as the name.",
              example = "[Cloudflare R2]")
          List<String> aliases,
      @Doc(value = "What the vendor does for the service.", example = "payments") String purpose,
      @Doc(value = "Categories of personal data it processes.", example = "[email, billing address]")
          List<String> dataCategories,
      @Doc(value = "Where it processes the data.", example = "EU (Germany)") String location,
      @Doc(value = "Transfer mechanism for data leaving the EEA.",
              example = "SCCs, EU-US Data Privacy Framework")
          String transferMechanism,
      @Doc(value = "Data processing agreement: true, false, or the URL of the signed DPA.",
              example = "https://stripe.com/legal/dpa")
          Dpa dpa,
      @Doc(value = "Certifications the vendor holds.", example = "[SOC 2 Type II, ISO 27001]")
          List<String> certifications,
      @Doc(value = "Host suffixes the vendor's services load from, for vendors the built-in"
              + " catalog does not know (or extra domains of ones it does).",
              example = "[acme-analytics.example]")
          List<String> domains,
      @Doc("The vendor serves every target from its edge network (CDN, reverse proxy, WAF):"
              + " each target's responses must carry the headers its edge adds (CF-RAY for"
              + " Cloudflare, X-Served-By: cache- for Fastly, X-Amz-Cf-Id for CloudFront...)."
              + " Unset: whether it does is not judged; an edge vendor seen undeclared still"
              + " fails.")
          Boolean edge) {
    public Subprocessor {
      aliases = Unset.orEmpty(aliases);
      dataCategories = Unset.orEmpty(dataCategories);
      certifications = Unset.orEmpty(certifications);
      domains = Unset.orEmpty(domains);
    }

    /** The name and every alias, as written. */
    public List<String> names() {
      List<String> out = new java.util.ArrayList<>();
      out.add(name);
      out.addAll(aliases);
      return out;
    }
  }
}
