package dev.secaudit.check.subprocessors;

import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Subprocessors;
import dev.secaudit.policy.Target;
import dev.secaudit.policy.VendorNames;
import dev.secaudit.probe.http.VendorListing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import okhttp3.HttpUrl;

/**
 * The vendor names a published subprocessor page lists, as {@link VendorListing} reads them (the
 * reader {@code init} decides {@code published_at} with).
 *
 * @param entries distinct names in page order, as written
 */
public record PublishedList(List<Entry> entries) {
  /** One name on the page. {@code where} says which table or list, for findings. */
  public record Entry(String name, String normalised, String where) {}

  public PublishedList {
    entries = List.copyOf(entries);
  }

  /**
   * The target that fetches the policy's published list: the first on the list's host (one fetch
   * per run, and the same one in every shard of a run), or null when no target is on that host.
   */
  public static String fetchedBy(Policy policy) {
    Subprocessors s = policy.subprocessors();
    HttpUrl published = s == null || s.publishedAt() == null ? null
        : HttpUrl.parse(s.publishedAt());
    if (published == null) {
      return null;
    }
    for (Target t : policy.targets()) {
      HttpUrl u = t.url() == null ? null : HttpUrl.parse(t.url());
      if (u != null && u.host().equalsIgnoreCase(published.host())) {
        return t.name();
      }
    }
    return null;
  }

  /**
   * @param known whether a written name is a vendor we know (catalog or declared)
   * @param names every written name of those vendors, looked for in sentences
   */
  public static PublishedList parse(String html, String url, Predicate<String> known,
      Collection<String> names) {
    List<Entry> out = new ArrayList<>();
    for (VendorListing.Entry e : VendorListing.read(html, url, known, names)) {
      out.add(new Entry(e.name(), VendorNames.normalise(e.name()), e.where()));
    }
    return new PublishedList(out);
  }
}
