package dev.secaudit.probe.http;

import dev.secaudit.policy.VendorNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * The vendors a page lists, read the way its reader reads them. One reader for {@code scan}'s
 * published-list check and for {@code init}, which writes {@code published_at} only for a page
 * this reader finds vendors on: the two cannot disagree about what the page lists.
 *
 * <p>A table is read in its vendor column (headed vendor, subprocessor, name, provider..., else
 * the first); a header row is never a vendor, whether written with th, in a thead, or as a first
 * row of td cells naming the columns. A bulleted or numbered list is read one of two ways. Items
 * that are names ("Cloudflare: hosting, DNS") are read up to the first ':', dash, '(' or ','; the
 * list counts when one of them is a vendor we know, and its other names are then vendors too.
 * Items that are sentences ("Our primary servers are hosted by Hetzner within the EU") are read
 * for the known vendors they name; such a list counts only when most of its items name one, so a
 * list of practices that mentions a vendor once is not a vendor list. A name in a sentence is
 * taken only as a vendor we know: nothing else in a sentence says which words are a company.
 */
public final class VendorListing {
  /** Longest entry kept: a sentence is not a vendor name. */
  static final int MAX_NAME = 80;
  /** More words than this is a sentence, not a company's name ("Amazon Web Services EMEA SARL"). */
  static final int MAX_NAME_WORDS = 6;

  private static final Pattern NAME_HEADER = Pattern.compile(
      "(?i).*(vendor|sub-?processor|processor|name|provider|company|service provider|entity"
          + "|third[ -]party|partner).*");
  /** A cell that only names a column: "Vendor", "Sub-processors", "Company name". */
  private static final Pattern HEADER_CELL = Pattern.compile("(?i)\\s*(vendors?|sub-?processors?"
      + "|processors?|(company |vendor |provider |entity )?names?|providers?|service providers?"
      + "|compan(y|ies)|entit(y|ies)|third[ -]part(y|ies)|partners?|purpose|services?"
      + "|locations?|countr(y|ies)|compliance|certifications?|function|category|description"
      + "|data processed|transfer mechanism)\\s*");
  private static final Pattern CUT = Pattern.compile("\\s*(:|\\s[-\u2013\u2014]\\s|\\(|,|;|\\|).*$");

  /**
   * One name on the page. {@code where} says which table or list, for findings; {@code purpose}
   * what its items say the vendor does ("hosting, DNS" after "Cloudflare:", "API" before "on a
   * Cloudflare Worker"), each item's in page order, or "".
   */
  /**
   * @param stated whether the purpose is what a vendor's own item says ("Cloudflare: hosting"),
   *     not the site's parts run on it ("Marketing site on Cloudflare Pages")
   */
  public record Entry(String name, String where, String purpose, boolean stated) {}

  /**
   * "Marketing site on Cloudflare Pages", "API on a Cloudflare Worker": a use of the vendor, not
   * a vendor's name (a blind review found four such uses declared as four vendors).
   */
  private static final Pattern USE_ON = Pattern.compile(
      "(?i)^(\\S.*?)\\s+(?:on|via|at|through|using|with)\\s+(?:an?\\s+|the\\s+)?(\\S.*)$");
  /** What a name item says after its name: "Cloudflare: hosting, DNS." or "Brevo - email". */
  private static final Pattern DOES = Pattern.compile("^\\s*(?::|[-–—]\\s)\\s*([^.]+)");

  private VendorListing() {}

  /**
   * @param known whether a written name is a vendor we know
   * @param names every written name of the vendors we know, looked for inside sentences
   * @return distinct vendors (by {@link VendorNames#normalise}) in page order, as written
   */
  public static List<Entry> read(String html, String url, Predicate<String> known,
      Collection<String> names) {
    Document doc = Jsoup.parse(html, url);
    Map<String, Entry> out = new LinkedHashMap<>();
    Finder finder = new Finder(names);
    int t = 0;
    for (Element table : doc.select("table")) {
      t++;
      take(out, tableNames(table, known), "table " + t, known, finder);
    }
    int l = 0;
    for (Element list : doc.select("ul, ol")) {
      l++;
      List<String> items = new ArrayList<>();
      for (Element li : list.children()) {
        if (li.normalName().equals("li")) {
          // A nested list's items are read with that list, not as part of this item's name.
          Element copy = li.clone();
          copy.select("ul, ol, table").remove();
          items.add(copy.text());
        }
      }
      take(out, items, "list " + l, known, finder);
    }
    return new ArrayList<>(out.values());
  }

  private static void take(Map<String, Entry> out, List<String> items, String where,
      Predicate<String> known, Finder finder) {
    List<String> names = new ArrayList<>();
    Map<String, List<String>> does = new LinkedHashMap<>();
    Map<String, List<String>> uses = new LinkedHashMap<>();
    int sentences = 0;
    int naming = 0;
    for (String item : items) {
      String n = CUT.matcher(item.strip()).replaceAll("").strip();
      if (n.isEmpty() || VendorNames.normalise(n).isEmpty()) {
        continue;
      }
      if (known.test(n)) {
        names.add(n);
        var m = DOES.matcher(item.strip().substring(n.length()));
        if (m.find() && !m.group(1).isBlank()) {
          does.computeIfAbsent(VendorNames.normalise(n), k -> new ArrayList<>())
              .add(m.group(1).strip());
        }
        continue;
      }
      var use = USE_ON.matcher(n);
      if (use.matches() && !sentence(n)) {
        List<String> on = finder.in(use.group(2));
        if (!on.isEmpty() && (" " + VendorNames.normalise(use.group(2))).startsWith(" "
            + VendorNames.normalise(on.get(0)))) {
          names.add(on.get(0));
          uses.computeIfAbsent(VendorNames.normalise(on.get(0)), k -> new ArrayList<>())
              .add(use.group(1).strip());
          continue;
        }
      }
      List<String> named = finder.in(item);
      if (sentence(n) || prose(item, n)) {
        // "We also use Hetzner for servers": the vendor, not the sentence.
        sentences++;
        naming += named.isEmpty() ? 0 : 1;
        names.addAll(named);
      } else {
        names.add(n);
      }
    }
    // A list of names counts when one of them is known; a list of sentences when most of them
    // name a vendor: practices that mention one in passing are not its vendor list.
    boolean ofSentences = sentences * 2 > items.size();
    boolean counts = ofSentences ? naming * 2 > sentences : names.stream().anyMatch(known);
    if (!counts) {
      return;
    }
    for (String n : names) {
      if (!ofSentences || known.test(n)) {
        String key = VendorNames.normalise(n);
        // What the vendor's own item says it does is its purpose; the site's parts run on it
        // ("Marketing site on Cloudflare Pages") only where no item says (founder24: both were
        // joined into "Marketing site; App; API; Database; hosting, database, ...").
        boolean stated = does.containsKey(key);
        List<String> purpose = stated ? does.get(key) : uses.getOrDefault(key, List.of());
        Entry before = out.get(key);
        if (before == null || stated && !before.stated()) {
          out.put(key, new Entry(before == null ? n : before.name(),
              before == null ? where : before.where(), String.join("; ", purpose), stated));
        } else if (!purpose.isEmpty() && stated == before.stated()
            && !before.purpose().contains(purpose.get(0))) {
          out.put(key, new Entry(before.name(), before.where(), (before.purpose().isEmpty() ? ""
              : before.purpose() + "; ") + String.join("; ", purpose), stated));
        }
      }
    }
  }

  /**
   * "Our website, domains, and API are protected by Cloudflare": cut at its first comma it looks
   * like a name, but a name is followed by ':', a dash or '(' and what the vendor does, while a
   * comma inside a long item is a sentence's.
   */
  private static boolean prose(String item, String cut) {
    String rest = item.strip().substring(Math.min(cut.length(), item.strip().length())).strip();
    return (rest.startsWith(",") || rest.startsWith(";")) && sentence(item.strip());
  }

  /** Whether a cut item is a sentence rather than a name: too long, or a clause with a stop. */
  private static boolean sentence(String cut) {
    int w = words(cut);
    return cut.length() > MAX_NAME || w > MAX_NAME_WORDS || w >= 3 && cut.endsWith(".");
  }

  private static int words(String s) {
    return s.isBlank() ? 0 : s.strip().split("\\s+").length;
  }

  private static List<String> tableNames(Element table, Predicate<String> known) {
    Elements rows = table.select("tr");
    int column = 0;
    boolean header = false;
    if (!rows.isEmpty()) {
      Elements first = rows.get(0).select("th, td");
      boolean marked = !first.isEmpty()
          && first.stream().allMatch(c -> c.normalName().equals("th"))
          || rows.get(0).parent() != null && rows.get(0).parent().normalName().equals("thead");
      header = marked || headerRow(first, known);
      if (header) {
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
      // A header repeated further down (long tables do, per page or per region) is no vendor.
      if (cells.size() > column && !headerRow(cells, known)) {
        out.add(cells.get(column).text());
      }
    }
    return out;
  }

  /** A row of td cells that names the columns: each cell a column's name, none a vendor. */
  private static boolean headerRow(Elements cells, Predicate<String> known) {
    return !cells.isEmpty() && cells.stream().allMatch(c -> HEADER_CELL.matcher(c.text())
        .matches() && !known.test(c.text().strip()));
  }

  /** Known vendors named inside a sentence, by their written names, word for word. */
  private static final class Finder {
    private final List<String> names = new ArrayList<>();
    private final List<String> normalised = new ArrayList<>();

    Finder(Collection<String> written) {
      for (String n : written) {
        String norm = VendorNames.normalise(n);
        if (!norm.isEmpty()) {
          names.add(n);
          normalised.add(" " + norm + " ");
        }
      }
    }

    /** Each vendor as the sentence writes it, in the order written, longest name first. */
    List<String> in(String sentence) {
      String text = " " + VendorNames.normalise(sentence) + " ";
      List<int[]> hits = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        int at = text.indexOf(normalised.get(i));
        if (at >= 0 && capitalised(sentence, names.get(i))) {
          hits.add(new int[] {at, normalised.get(i).length(), i});
        }
      }
      // "Cloudflare R2" and "Cloudflare" both match: keep the longer, once.
      hits.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0])
          : Integer.compare(b[1], a[1]));
      List<String> out = new ArrayList<>();
      int end = -1;
      for (int[] h : hits) {
        if (h[0] >= end) {
          out.add(names.get(h[2]));
          end = h[0] + h[1] - 1;
        }
      }
      return out;
    }

    /**
     * A company is written with a capital in prose: "we segment users" names no Segment, and
     * "render pages" no Render.
     */
    private static boolean capitalised(String sentence, String name) {
      Pattern p = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(name)
          + "(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE);
      var m = p.matcher(sentence);
      while (m.find()) {
        char c = sentence.charAt(m.start());
        if (!Character.isLowerCase(c)) {
          return true;
        }
      }
      return false;
    }
  }
}
