package dev.secaudit.check.subprocessors;

import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Subprocessors;
import dev.secaudit.policy.Target;
import dev.secaudit.policy.VendorNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * The vendor names a published subprocessor page lists, read from its tables (the column headed
 * vendor, subprocessor, name, provider... or else the first) and its bulleted or numbered lists
 * (each item up to the first ':', dash, '(' or ','). A page also has navigation lists and layout
 * tables, so a table or list counts only when at least one of its entries is a vendor we know
 * (from the catalog or the declared list); its other entries are then taken as vendors too.
 *
 * @param entries distinct names in page order, as written
 */
public record PublishedList(List<Entry> entries) {
  /** Longest entry kept: a sentence is not a vendor name. */
  static final int MAX_NAME = 80;

  private static final Pattern NAME_HEADER = Pattern.compile(
      "(?i).*(vendor|sub-?processor|processor|name|provider|company|service provider|entity"
          + "|third[ -]party|partner).*");
  private static final Pattern CUT = Pattern.compile("\\s*(:|\\s[-\u2013\u2014]\\s|\\(|,|;|\\|).*$");

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

  /** @param known whether a written name is a vendor we know (catalog or declared) */
  public static PublishedList parse(String html, String url, Predicate<String> known) {
    Document doc = Jsoup.parse(html, url);
    Map<String, Entry> out = new LinkedHashMap<>();
    int t = 0;
    for (Element table : doc.select("table")) {
      t++;
      take(out, tableNames(table), "table " + t, known);
    }
    int l = 0;
    for (Element list : doc.select("ul, ol")) {
      l++;
      List<String> names = new ArrayList<>();
      for (Element li : list.children()) {
        if (li.normalName().equals("li")) {
          // A nested list's items are read with that list, not as part of this item's name.
          Element copy = li.clone();
          copy.select("ul, ol").remove();
          names.add(copy.text());
        }
      }
      take(out, names, "list " + l, known);
    }
    return new PublishedList(new ArrayList<>(out.values()));
  }

  private static void take(Map<String, Entry> out, List<String> raw, String where,
      Predicate<String> known) {
    List<String> names = new ArrayList<>();
    for (String r : raw) {
      String n = CUT.matcher(r.strip()).replaceAll("").strip();
      if (!n.isEmpty() && n.length() <= MAX_NAME && !VendorNames.normalise(n).isEmpty()) {
        names.add(n);
      }
    }
    if (names.stream().noneMatch(known)) {
      return;
    }
    for (String n : names) {
      out.putIfAbsent(VendorNames.normalise(n), new Entry(n, VendorNames.normalise(n), where));
    }
  }

  private static List<String> tableNames(Element table) {
    Elements rows = table.select("tr");
    int column = 0;
    boolean header = false;
    if (!rows.isEmpty()) {
      Elements first = rows.get(0).select("th, td");
      boolean allTh = !first.isEmpty() && first.stream().allMatch(c -> c.normalName().equals("th"))
          || rows.get(0).parent() != null && rows.get(0).parent().normalName().equals("thead");
      if (allTh) {
        header = true;
        for (int i = 0; i < first.size(); i++) {
          if (NAME_HEADER.matcher(first.get(i).text()).matches()) {
            column = i;
            break;
          }
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (int r = header ? 1 : 0; r < rows.size(); r++) {
      Elements cells = rows.get(r).select("th, td");
      if (cells.size() > column) {
        out.add(cells.get(column).text());
      }
    }
    return out;
  }
}
