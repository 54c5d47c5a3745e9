package dev.secaudit.starter;

import dev.secaudit.policy.VendorNames;
import dev.secaudit.probe.http.VendorListing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pages that list the site's vendors, read as scan reads the published list (a table of
 * vendors, rows of names, bullets most of which name a vendor): only such a page is where they are
 * published. A page naming a vendor in passing lists none, and a published list there would fail
 * every declared vendor.
 */
final class ListedVendors {
  private ListedVendors() {}

  /**
   * @param pages HTML pages by URL
   * @param vendors known vendors: the name the policy declares, with every name a page may use
   * @return per page that lists vendors, the vendors as the policy declares them (a name the
   *     catalog does not know as the page writes it), in page order, each with what the list
   *     says it does ("" when nothing)
   */
  static Map<String, Map<String, String>> of(Map<String, String> pages,
      Map<String, List<String>> vendors) {
    Map<String, String> byName = new LinkedHashMap<>();
    vendors.forEach((key, names) -> names.forEach(n -> byName.putIfAbsent(
        VendorNames.normalise(n), key)));
    List<String> names = vendors.values().stream().flatMap(List::stream).toList();
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    pages.forEach((url, body) -> {
      Map<String, String> listed = new LinkedHashMap<>();
      java.util.Set<String> stated = new java.util.HashSet<>();
      for (VendorListing.Entry e : VendorListing.read(body, url,
          n -> byName.containsKey(VendorNames.normalise(n)), names)) {
        String key = byName.getOrDefault(VendorNames.normalise(e.name()), e.name());
        // "Cloudflare Pages" and "Cloudflare" are one vendor: what each entry says it does, once;
        // what an item of the vendor's own says wins over the site's parts run on it.
        if (e.stated() && stated.add(key)) {
          listed.put(key, e.purpose());
        } else if (e.stated() || !stated.contains(key)) {
          listed.merge(key, e.purpose(), ListedVendors::both);
        } else {
          listed.putIfAbsent(key, "");
        }
      }
      if (!listed.isEmpty()) {
        out.put(url, listed);
      }
    });
    return out;
  }

  private static String both(String a, String b) {
    if (b.isEmpty() || a.contains(b)) {
      return a;
    }
    return a.isEmpty() ? b : a + "; " + b;
  }
}
