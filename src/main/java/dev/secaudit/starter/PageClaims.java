package dev.secaudit.starter;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.secaudit.claim.ClaimPart;
import dev.secaudit.claim.Reading;
import dev.secaudit.claim.SentenceReader;
import dev.secaudit.probe.http.SitePages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The security claims a site already makes on its own pages, read sentence by sentence with the
 * claim reader (the same one {@code answer} reads questions with), each kept with its reading,
 * the heading it stood under and the pages it was read on, so a founder can check the source. A
 * sentence on several pages is one claim; a sentence that names no topic of the vocabulary is
 * context, not a claim. Pure: the pages were read by {@link SitePages}.
 */
public final class PageClaims {
  /**
   * Shorter is a heading or a menu entry, unless it ends as a sentence does ("We never log
   * passwords."); longer is a paragraph that never ended.
   */
  private static final int MIN_SENTENCE = 25;
  /** A full sentence of three words or more, however short: no heading or menu entry ends so. */
  private static final Pattern SHORT_SENTENCE = Pattern.compile("\\S+(\\s+\\S+){2,}[.!]");
  private static final int MAX_SENTENCE = 300;
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z0-9\"(])");
  /** "When you close your account, your data is deleted": a statement, not a question. */
  private static final Pattern CLAUSE_FIRST =
      Pattern.compile("(?i)^(when|where|once|if|after)\\b[^,?]{3,80},");
  /** A table row kept as markdown text, and the rule under its header row. */
  private static final Pattern PIPE_ROW = Pattern.compile("\\|.*\\|");
  private static final Pattern PIPE_RULE = Pattern.compile("\\|[-|: ]+\\|");
  /** Three or more short entries between middle dots or bullets, and no sentence: a menu. */
  private static final Pattern MENU = Pattern.compile(
      "[^·•.!?]{1,40}(\\s[·•]\\s[^·•.!?]{1,40}){2,}");
  /** A sentence that sends the reader elsewhere: it names a document, not a control. */
  private static final Pattern REFERENCE = Pattern.compile("(?i)^(?:you can |you may |please )?"
      + "(?:find|see|read|view|learn|refer to|consult)\\b.{0,60}\\b(?:more|further|additional|"
      + "full|details|information)\\b|^for (?:more|further|additional) (?:information|details)\\b");
  private static final Pattern CONTACT = Pattern.compile("(?im)^\\s*Contact\\s*:\\s*(\\S+)\\s*$");

  /**
   * A claim as a page states it.
   *
   * @param id the claim's first topic id, made unique
   * @param heading the heading the sentence stood under, or empty
   * @param sources the pages it was read on, first sighting first
   */
  public record Found(String id, String category, String statement, String heading,
      Reading reading, List<String> sources) {

    /** The sentence as context: no topic, under an id that names none. */
    Found asContext(String contextId) {
      return new Found(contextId, "", statement, heading, reading, sources);
    }

    Found withSource(String url) {
      List<String> more = new ArrayList<>(sources);
      more.add(url);
      return new Found(id, category, statement, heading, reading, more);
    }
  }

  /** A sentence of a page's prose and the heading it stands under. */
  record Sentence(String text, String heading) {}

  /**
   * A page and what became of it, for the draft's list of pages read.
   *
   * @param errorStatus the HTTP status it answered instead of its content, or 0
   */
  public record Read(String url, String via, String outcome, int errorStatus) {}

  private final Map<String, Found> claims = new LinkedHashMap<>();
  private final Map<String, Set<String>> contacts = new LinkedHashMap<>();
  private final List<Read> pages = new ArrayList<>();
  /** Sentences read as context (no topic a claim can be about), by page, for the founder. */
  private final Map<String, List<String>> context = new LinkedHashMap<>();
  /** The HTML pages read, by URL: where init looks for a list of the site's vendors. */
  private final Map<String, String> html = new LinkedHashMap<>();
  /** The reader the sentences were read with, which validate reads the written claims with. */
  private final SentenceReader reader;

  private PageClaims(SentenceReader reader) {
    this.reader = reader;
  }

  public static PageClaims from(List<SitePages.Page> read, SentenceReader reader) {
    PageClaims found = new PageClaims(reader);
    Set<String> ids = new HashSet<>();
    for (SitePages.Page page : read) {
      if (!page.read()) {
        found.pages.add(new Read(page.url(), page.via(), "skipped: " + page.problem(),
            page.errorStatus()));
        continue;
      }
      int before = found.claims.size();
      int contactsBefore = found.contacts.size();
      if (page.via().equals("security.txt")) {
        var m = CONTACT.matcher(page.body());
        while (m.find()) {
          found.contacts.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(page.url());
        }
      } else if (page.contentType().contains("html")) {
        found.html.putIfAbsent(page.url(), page.body());
        for (Sentence sentence : sentences(page.body())) {
          found.claim(sentence, page.url(), reader, ids);
        }
      }
      found.pages.add(new Read(page.url(), page.via(), "read: "
          + (found.claims.size() - before) + " new claims"
          + (found.contacts.size() > contactsBefore
              ? ", " + (found.contacts.size() - contactsBefore) + " contact(s)" : ""), 0));
    }
    return found;
  }

  SentenceReader reader() {
    return reader;
  }

  public List<Found> claims() {
    return List.copyOf(claims.values());
  }

  /** The HTML pages read (URL to body), in the order read. */
  public Map<String, String> htmlPages() {
    return java.util.Collections.unmodifiableMap(html);
  }

  public List<Read> pages() {
    return List.copyOf(pages);
  }

  /** Contact URIs from security.txt, each with the file it was read in. */
  public Map<String, List<String>> contacts() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    contacts.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  private void claim(Sentence sentence, String url, SentenceReader reader, Set<String> ids) {
    String key = sentence.text().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ")
        .strip();
    Found seen = claims.get(key);
    if (seen != null) {
      if (!seen.sources().contains(url)) {
        claims.put(key, seen.withSource(url));
      }
      return;
    }
    if (MENU.matcher(sentence.text()).matches() || REFERENCE.matcher(sentence.text()).find()) {
      // A footer menu ("DPA · Subprocessors · Security") or a pointer to another document ("You
      // can find more information in our Privacy Policy") says nothing is in place: context.
      context.computeIfAbsent(url, k -> new ArrayList<>()).add(sentence.text());
      return;
    }
    Reading reading = reader.read(sentence.text());
    ClaimPart first = firstTopic(reading);
    if (first == null && !sentence.heading().isEmpty()) {
      // A list item says its topic through its heading: "Rate Limiting" over "Read operations:
      // 60 requests per minute". Only a topic the heading names by itself: "Security" over
      // "Authentication cookies are set only after you sign in" would otherwise read as the
      // Secure flag (a blind review found init checking that sentence with cookie.secure).
      // A heading too vague alone names the topic its amount makes it: "Passwords" over
      // "Minimum length is 10 characters" is the minimum password length (a blind review found
      // the sentence dropped to context, and no password_length rule written).
      ClaimPart named = reader.read(sentence.heading()).parts().stream().findFirst()
          .orElse(null);
      Reading withHeading = reader.read(sentence.heading() + ": " + sentence.text());
      ClaimPart read = firstTopic(withHeading);
      if (named != null && read != null && (read.topic().equals(named.topic())
          || read.quantity() != null && named.topic().isAbstract()
              && named.topic().refine().containsValue(read.topic().id()))) {
        reading = withHeading;
        first = read;
        if (read.quantity() != null) {
          // Written as it was read, heading first: alone, "Authentication endpoints: 10
          // requests per minute" names no topic, so the scan could never verify it by the rule
          // init writes with its number (a blind review found those claims left to attest).
          sentence = new Sentence(sentence.heading() + ": " + sentence.text(),
              sentence.heading());
        }
      }
    }
    if (reading.question() && !CLAUSE_FIRST.matcher(sentence.text()).find()) {
      return;
    }
    if (first == null) {
      if (PageVendors.HEADING_VENDORS.matcher(sentence.heading()).find()) {
        // A row of a vendor table ("Supabase | Database, auth"): read for the vendors it names.
        claims.put(key, new Found(unique("subprocessors", ids), "subprocessors",
            sentence.text(), sentence.heading(), reading, List.of(url)));
        return;
      }
      boolean gap = PageWording.labelledGap(sentence.text(), sentence.heading()) != null;
      if (gap || PageWording.amount(sentence.text()) != null) {
        // "Bug bounty: no formal program" under "What we don't have yet", "Security updates are
        // applied at least monthly": no topic reads them, but they are the page's gap and its
        // number, not context (a blind review found both dropped).
        claims.put(key, new Found(unique(PageWording.labelId(gap || sentence.heading().isEmpty()
            ? sentence.text() : sentence.heading()), ids), "", sentence.text(),
            sentence.heading(), reading, List.of(url)));
        return;
      }
      // Otherwise context: no topic a claim can be about. Listed in the draft, so a sentence
      // the reader missed ("Authentication cookies are set only after you sign in") is seen.
      context.computeIfAbsent(url, k -> new ArrayList<>()).add(sentence.text());
      return;
    }
    String id = unique(first.topic().id(), ids);
    claims.put(key, new Found(id, first.topic().id(), sentence.text(), sentence.heading(),
        reading, List.of(url)));
  }

  private static ClaimPart firstTopic(Reading reading) {
    return reading.parts().stream().filter(p -> !p.topic().isAbstract()).findFirst()
        .orElse(null);
  }

  /** {@code id}, or {@code id_2}, {@code id_3}... the first not in {@code ids}, added to it. */
  static String unique(String id, Set<String> ids) {
    String candidate = id;
    for (int n = 2; !ids.add(candidate); n++) {
      candidate = id + "_" + n;
    }
    return candidate;
  }

  /**
   * The page's prose, block by block and sentence by sentence, with whitespace collapsed, each
   * with the nearest heading before it ("Automated backups" under "What we don't have yet").
   */
  static List<Sentence> sentences(String html) {
    Document doc = Jsoup.parse(html);
    doc.select("script, style, noscript, template, nav").remove();
    List<Sentence> out = new ArrayList<>();
    String heading = "";
    org.jsoup.select.Elements blocks = doc.select("h1, h2, h3, h4, h5, h6, p, li, dd, tr,"
        + " blockquote");
    for (int i = 0; i < blocks.size(); i++) {
      Element block = blocks.get(i);
      if (PIPE_ROW.matcher(block.text()).matches() && (PIPE_RULE.matcher(block.text()).matches()
          || i + 1 < blocks.size() && PIPE_RULE.matcher(blocks.get(i + 1).text()).matches())) {
        // A table kept as markdown text: the row over its "|---|" line names the columns
        // ("| Severity | Response Time |"), which claims nothing, and the line is no row.
        continue;
      }
      if (block.normalName().matches("h[1-6]")) {
        heading = oneLine(block.text());
        continue;
      }
      if (block.normalName().equals("tr")) {
        // A table row is one statement, its cells joined: "Stripe | payments | US".
        String row = String.join(" | ", block.select("> td, > th").eachText());
        if (!row.isBlank() && block.select("th").isEmpty()) {
          out.add(new Sentence(oneLine(row), heading));
        }
        continue;
      }
      if (block.select("p, li, dd, td, blockquote").size() > 1
          || block.parents().stream().anyMatch(e -> e.normalName().equals("tr"))) {
        continue; // its inner blocks are read on their own
      }
      for (String s : SENTENCE_END.split(block.text())) {
        String t = s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        // A question (an FAQ's heading) claims nothing.
        if ((t.length() >= MIN_SENTENCE || SHORT_SENTENCE.matcher(t).matches())
            && t.length() <= MAX_SENTENCE && !t.endsWith("?")) {
          out.add(new Sentence(t, heading));
        }
      }
    }
    return out;
  }

  /** The pages read and what became of each, and security.txt's contacts, as YAML comments. */
  public String pagesComment() {
    StringBuilder b = new StringBuilder();
    b.append("\n# Pages read for the claims the site already makes (this site only):\n");
    for (Read r : pages) {
      b.append("#   - ").append(oneLine(r.url())).append(" (").append(oneLine(r.via()))
          .append("): ").append(oneLine(r.outcome())).append('\n');
      List<String> skipped = context.getOrDefault(r.url(), List.of());
      if (!skipped.isEmpty()) {
        b.append("#     read as context, no claim (add one by hand if it is a claim):\n");
        // Every one of them: a sentence cut off at "and N more" is a claim nobody sees again
        // (a blind review found claims in neither the policy nor this list).
        skipped.stream().distinct().forEach(t -> b.append("#       ").append(quoted(t))
            .append('\n'));
      }
    }
    if (!contacts.isEmpty()) {
      Set<String> files = new LinkedHashSet<>();
      contacts.values().forEach(files::addAll);
      // Written as rules under security_txt, so page can publish them; said here too, since a
      // founder reads this list for where each page's text went.
      b.append("#\n# Vulnerability-disclosure contacts from ")
          .append(oneLine(String.join(", ", files))).append(", written under security_txt.contacts")
          .append(" (page publishes them once the scan verifies the file):\n# ")
          .append(String.join(", ", contacts.keySet().stream().map(PageClaims::quoted).toList()))
          .append("\n");
    }
    return b.toString();
  }

  /** A YAML double-quoted scalar (JSON's escapes are YAML's), so page text cannot break out. */
  static String quoted(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(oneLine(s))) + "\"";
  }

  static String oneLine(String s) {
    return s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
  }
}
