package dev.secaudit.starter;

import static dev.secaudit.starter.PageRules.map;

import dev.secaudit.claim.ClaimPart;
import dev.secaudit.claim.Polarity;
import dev.secaudit.policy.VendorNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * The vendors a site's pages declare, for {@code subprocessors:}: those its sentences name, and
 * those a page lists ({@link ListedVendors}), with what a vendor table says of each in its purpose
 * and location columns, so {@code page} publishes the table the site has, not empty cells.
 */
final class PageVendors {
  /** Headings over lists of vendors: subprocessors, third parties, infrastructure. */
  static final Pattern HEADING_VENDORS =
      Pattern.compile("(?i)sub-?processors?|third[- ]part(y|ies)|vendors?|providers?|partners"
          + "|infrastructure|hosting");
  /** A page saying a vendor is in front of the site: its edge network serves it. */
  private static final Pattern EDGE_CUES = Pattern.compile("(?i)\\b(at the edge|in front of"
      + "|(protected|accelerated|proxied|served)( and (protected|accelerated|proxied|served))?"
      + " (through|by)|cdn|content delivery network|reverse proxy|proxied)\\b");
  /** "Cloudflare: hosting, DNS" or "Stripe | payments | US": a vendor, then what it does. */
  private static final Pattern ROW = Pattern.compile("^[^:|]{2,40}(:|\\s\\|)");
  private static final Pattern PURPOSE = Pattern.compile("(?i)\\s*(purpose|services?|function"
      + "|used for|what (it|they) do(es)?|description|role|category)\\s*");
  private static final Pattern LOCATION = Pattern.compile("(?i)\\s*(locations?|countr(y|ies)"
      + "|regions?|where|data location|hosting location|jurisdiction)\\s*");
  private static final Pattern CERTIFICATIONS =
      Pattern.compile("(?i)\\s*(compliance|certifications?|certified|attestations?)\\s*");

  private final Map<String, List<String>> vendors;
  private final Set<String> edgeVendors;
  private final Map<String, Map<String, Object>> declared = new LinkedHashMap<>();
  private final List<String> vendorPages = new ArrayList<>();
  /** What each page that lists vendors lists, by URL. */
  private final Map<String, List<String>> lists = new LinkedHashMap<>();

  PageVendors(Map<String, List<String>> vendors, Set<String> edgeVendors) {
    this.vendors = vendors;
    this.edgeVendors = edgeVendors;
  }

  boolean vendorRow(PageClaims.Found f) {
    var m = ROW.matcher(f.statement());
    if (!HEADING_VENDORS.matcher(f.heading()).find() || !m.find()) {
      return false;
    }
    // "DDoS / WAF: Cloudflare at the edge" is a control with its vendor, not a vendor's row.
    String label = m.group().toLowerCase(Locale.ROOT);
    return vendors.values().stream().flatMap(List::stream)
        .anyMatch(n -> label.contains(n.toLowerCase(Locale.ROOT)));
  }

  boolean isVendorContext(PageClaims.Found f) {
    return HEADING_VENDORS.matcher(f.heading()).find() || f.reading().parts().stream()
        .anyMatch(p -> p.topic().id().equals("subprocessors"));
  }

  /**
   * Catalogue vendors named in a sentence about subprocessors, declared in the order met.
   *
   * @return whether the sentence named any
   */
  boolean collect(PageClaims.Found f) {
    String text = f.statement();
    boolean any = false;
    // A row's purpose column ("Cloudflare | CDN, DNS, DDoS protection") says what the vendor
    // may do for someone, not that it stands in front of this site: the row only declares it
    // (realapp26 LOW 7: edge: true, then subprocessors.edge "falls short").
    boolean inFront = !vendorRow(f) && EDGE_CUES.matcher(text).find();
    for (Map.Entry<String, List<String>> vendor : vendors.entrySet()) {
      for (String name : vendor.getValue()) {
        if (names(text, name)) {
          Map<String, Object> d = declared.computeIfAbsent(vendor.getKey(),
              k -> map("name", vendor.getKey()));
          if (inFront && edgeVendors.contains(vendor.getKey())) {
            // subprocessors.edge then checks it serves every target, by the headers it adds.
            d.put("edge", true);
          }
          any = true;
          break;
        }
      }
    }
    return any;
  }

  /** A word of certification or audit, where the certification a sentence states begins. */
  private static final Pattern CERTIFIED = Pattern.compile("(?i)\\b(certifi\\w*|complian\\w*"
      + "|accredit\\w*|audited|attested|SOC ?[123]|ISO(/IEC)? ?\\d{4,5}|PCI[- ]DSS|HIPAA)\\b");
  /**
   * A standard as a page names it, for the vendor's certifications, with its level or type
   * ("PCI DSS Level 1" is a certification of its own, not any PCI DSS).
   */
  private static final Pattern STANDARD = Pattern.compile("(?i)\\b(SOC ?[123](\\s+Type\\s+(II|I|1|2)"
      + "\\b)?|ISO(/IEC)? ?\\d{4,5}(:\\d{4})?|PCI[- ]DSS(\\s+(Level\\s+[1-4]|v?\\d(\\.\\d)?)\\b)?"
      + "|HIPAA)");
  /** Where a clause ends before a certification: the vendor must be named after it. */
  private static final Pattern CLAUSE_END = Pattern.compile("[.;:!?](\\s|$)|\\s[-–—]\\s");
  /** Sentences whose certification is a vendor's, with the vendor, for the draft. */
  private final Map<String, String> borrowed = new LinkedHashMap<>();

  /**
   * Whether a certification the sentence states is a vendor's: a vendor is named in its clause
   * before the first word of certification, as in "Hetzner data centers are ISO 27001
   * certified" or "hosted on AWS, which is SOC 2 compliant". Such a vendor is declared with the
   * standards named, a fact of the vendor's; the site's own certification is a sentence of its
   * own ("Celune is SOC 2 Type II compliant"), and a gap it states is no vendor's.
   *
   * @param parts the sentence's parts with a concrete topic
   */
  boolean borrowsCertification(PageClaims.Found f, List<ClaimPart> parts) {
    if (parts.stream().noneMatch(p -> p.topic().id().startsWith("certification")
        && p.polarity() == Polarity.IN_PLACE)) {
      return false;
    }
    String text = f.statement();
    Matcher cert = CERTIFIED.matcher(text);
    if (!cert.find()) {
      return false;
    }
    String before = text.substring(0, cert.start());
    Matcher end = CLAUSE_END.matcher(before);
    int clause = 0;
    while (end.find()) {
      clause = end.end();
    }
    String holder = named(before.substring(clause));
    if (holder == null) {
      return false;
    }
    Map<String, Object> d = declared.computeIfAbsent(holder, k -> map("name", k));
    @SuppressWarnings("unchecked")
    List<String> held = (List<String>) d.computeIfAbsent("certifications",
        k -> new ArrayList<String>());
    Matcher standard = STANDARD.matcher(text.substring(cert.start()));
    while (standard.find()) {
      if (!held.contains(standard.group().strip())) {
        held.add(standard.group().strip());
      }
    }
    if (held.isEmpty()) {
      d.remove("certifications");
    }
    borrowed.put(text, holder);
    return true;
  }

  /** The first catalogue vendor a text names, as the policy declares it, or null. */
  private String named(String text) {
    for (Map.Entry<String, List<String>> vendor : vendors.entrySet()) {
      for (String name : vendor.getValue()) {
        if (names(text, name)) {
          return vendor.getKey();
        }
      }
    }
    return null;
  }

  /** Whether a text names a vendor by this name, as a word of its own. */
  private static boolean names(String text, String name) {
    return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(name) + "(?![\\p{L}\\p{N}])",
        Pattern.CASE_INSENSITIVE).matcher(text).find();
  }

  /**
   * The sentences whose certification is a vendor's, as YAML comments over the declared list:
   * read as context, never as the site's own attestation.
   */
  String borrowedComment() {
    if (borrowed.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(StarterPolicy.wrapped("# ", "Read as context: these"
        + " sentences certify a vendor, not this site; what they name is under the vendor's"
        + " certifications, and no claim of the site's is written for them:"));
    borrowed.forEach((text, vendor) -> b.append("#   - ").append(PageClaims.quoted(text))
        .append(": ").append(PageClaims.oneLine(vendor)).append("'s\n"));
    return b.toString();
  }

  /** Pages listing the site's vendors are where they are published; what they list is declared. */
  void listed(Map<String, String> pages) {
    ListedVendors.of(pages, vendors).forEach((url, listed) -> {
      vendorPages.add(url);
      lists.put(url, List.copyOf(listed.keySet()));
      listed.keySet().forEach(n -> declared.computeIfAbsent(n, k -> map("name", k)));
      columns(pages.get(url));
      // A table's purpose column first; else what the list's items say the vendor does.
      listed.forEach((n, does) -> {
        if (!does.isBlank()) {
          declared.get(n).putIfAbsent("purpose", PageClaims.oneLine(does));
        }
      });
    });
    // A vendor table no list reader takes (one kept as markdown text) still says, in its
    // columns, what each vendor its rows declared does.
    pages.forEach((url, html) -> {
      if (!lists.containsKey(url)) {
        columns(html);
      }
    });
  }

  /**
   * The purpose and location a vendor table gives each declared vendor, by its header's column
   * names; a table without such a header says nothing of them.
   */
  private void columns(String html) {
    Map<String, String> byName = new LinkedHashMap<>();
    declared.keySet().forEach(k -> byName.put(VendorNames.normalise(k), k));
    vendors.forEach((key, names) -> names.forEach(n -> {
      if (declared.containsKey(key)) {
        byName.putIfAbsent(VendorNames.normalise(n), key);
      }
    }));
    for (List<List<String>> rows : tables(html)) {
      if (rows.size() < 2) {
        continue;
      }
      List<String> head = rows.get(0);
      int purpose = column(head, PURPOSE);
      int location = column(head, LOCATION);
      int certified = column(head, CERTIFICATIONS);
      if (purpose < 0 && location < 0 && certified < 0) {
        continue;
      }
      for (List<String> cells : rows.subList(1, rows.size())) {
        String key = cells.stream().map(c -> byName.get(VendorNames.normalise(c)))
            .filter(k -> k != null).findFirst().orElse(null);
        if (key == null) {
          continue;
        }
        put(declared.get(key), "purpose", cells, purpose);
        put(declared.get(key), "location", cells, location);
        if (certified >= 0 && certified < cells.size() && !cells.get(certified).isBlank()) {
          // The vendor's own standards, as its row names them: a fact of the vendor's.
          declared.get(key).putIfAbsent("certifications", List.of(cells.get(certified)
              .split("\\s*[,;]\\s*")).stream().map(PageClaims::oneLine).toList());
        }
      }
    }
  }

  /** A table kept as markdown text: "| Vendor | Purpose |", its "|---|" line, then its rows. */
  private static final Pattern PIPE_ROW = Pattern.compile("\\|(.*)\\|");
  private static final Pattern PIPE_RULE = Pattern.compile("\\|[-|: ]+\\|");

  /**
   * A page's tables as rows of cell texts, header row first: its HTML tables, and its tables
   * written as markdown text line by line (a blind review's rendering of a vendor table kept
   * its Purpose column as "| Stripe | Billing and payments |" paragraphs, and no purpose was read).
   */
  private static List<List<List<String>>> tables(String html) {
    List<List<List<String>>> out = new ArrayList<>();
    org.jsoup.nodes.Document doc = Jsoup.parse(html);
    for (Element table : doc.select("table")) {
      List<List<String>> rows = new ArrayList<>();
      table.select("tr").forEach(r -> rows.add(r.select("th, td").eachText()));
      out.add(rows);
    }
    List<String> lines = new ArrayList<>();
    for (Element block : doc.select("p, li, pre")) {
      if (block.normalName().equals("pre")) {
        lines.addAll(List.of(block.wholeText().split("\\R")));
        lines.add("");
      } else if (block.select("p, li").size() <= 1) {
        lines.add(block.text());
      }
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (PIPE_RULE.matcher(line).matches()) {
        continue;
      }
      Matcher row = PIPE_ROW.matcher(line);
      if (!row.matches()) {
        if (rows.size() > 1) {
          out.add(rows);
        }
        rows = new ArrayList<>();
        continue;
      }
      // A row starts a table only over its rule line: that one is the header naming the columns.
      if (!rows.isEmpty() || i + 1 < lines.size()
          && PIPE_RULE.matcher(lines.get(i + 1).strip()).matches()) {
        rows.add(List.of(row.group(1).split("\\|")).stream().map(String::strip).toList());
      }
    }
    if (rows.size() > 1) {
      out.add(rows);
    }
    return out;
  }

  private static int column(List<String> head, Pattern named) {
    for (int i = 0; i < head.size(); i++) {
      if (named.matcher(head.get(i)).matches()) {
        return i;
      }
    }
    return -1;
  }

  private static void put(Map<String, Object> vendor, String field, List<String> cells, int at) {
    if (at >= 0 && at < cells.size() && !cells.get(at).isBlank()) {
      vendor.putIfAbsent(field, PageClaims.oneLine(cells.get(at)));
    }
  }

  /** The subprocessors section, or null when the pages name no vendor. */
  Map<String, Object> section() {
    if (declared.isEmpty()) {
      return null;
    }
    Map<String, Object> section = map("declared", new ArrayList<>(declared.values()));
    String published = published();
    if (published != null) {
      section.put("published_at", published);
    }
    return section;
  }

  /**
   * The page where the vendors are published: the one page listing them, or of several, the one
   * page whose address says it is the list (/subprocessors beside a vendor table on /security).
   */
  private String published() {
    if (vendorPages.size() == 1) {
      return vendorPages.get(0);
    }
    List<String> named = vendorPages.stream()
        .filter(u -> HEADING_VENDORS.matcher(java.net.URI.create(u).getPath()).find()).toList();
    return named.size() == 1 ? named.get(0) : null;
  }

  /**
   * Where the pages' vendor lists disagree, a vendor a line with the pages that list it and those
   * that do not, as YAML comments; empty when they agree. The declared list is their union, so a
   * scan against the published page fails each vendor it lacks (a blind review: two lists that
   * disagreed were merged into one and published as checked).
   */
  String disagreement() {
    if (lists.size() < 2) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (String vendor : declared.keySet()) {
      List<String> on = lists.entrySet().stream().filter(e -> e.getValue().contains(vendor))
          .map(Map.Entry::getKey).toList();
      List<String> off = lists.keySet().stream().filter(u -> !on.contains(u)).toList();
      if (!off.isEmpty()) {
        b.append("#   - ").append(PageClaims.oneLine(vendor)).append(": ")
            .append(on.isEmpty() ? "named in a sentence, listed on none" : "listed on "
                + String.join(", ", on)).append("; not on ").append(String.join(", ", off))
            .append('\n');
      }
    }
    if (b.length() == 0) {
      return "";
    }
    String published = published();
    return StarterPolicy.wrapped("# ", "The pages' vendor lists disagree; declared below is"
        + " every vendor any page names. " + (published != null ? "The scan compares them with "
            + published + ", and fails each vendor it does not list:" : "No page is the"
            + " published list: set published_at to the one customers read, and the scan fails"
            + " each vendor it does not list:")) + b;
  }
}
