package dev.secaudit.check.subprocessors;

import java.util.List;
import java.util.Map;

/**
 * One SaaS vendor of the built-in catalog (src/main/resources/dev/secaudit/vendors.yaml).
 *
 * @param domains host suffixes its services are loaded from
 * @param sdk package names by ecosystem: npm, maven (group:artifact), pypi, go
 * @param dns patterns by record kind: mx and cname suffixes, spf include domains
 * @param edge what its edge network adds to the responses it serves: a header name ("cf-ray",
 *     sent whatever its value) or "name: prefix" ("server: cloudflare"), compared without case
 */
public record Vendor(String id, String name, List<String> aliases, String category,
    List<String> domains, Map<String, List<String>> sdk, Map<String, List<String>> dns,
    List<String> edge) {
  public Vendor {
    edge = edge == null ? List.of() : List.copyOf(edge);
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    domains = domains == null ? List.of() : List.copyOf(domains);
    sdk = sdk == null ? Map.of() : Map.copyOf(sdk);
    dns = dns == null ? Map.of() : Map.copyOf(dns);
  }

  /** The name and every alias, as written. */
  public List<String> names() {
    List<String> out = new java.util.ArrayList<>();
    out.add(name);
    out.addAll(aliases);
    return out;
  }
}
