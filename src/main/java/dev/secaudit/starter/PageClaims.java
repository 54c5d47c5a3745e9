package dev.secaudit.starter;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.secaudit.probe.http.SitePages;
import dev.secaudit.questionnaire.MatchMethod;
import dev.secaudit.questionnaire.QuestionBank;
import dev.secaudit.questionnaire.QuestionMatch;
import dev.secaudit.questionnaire.QuestionMatcher;
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
 * The security claims a site already makes on its own pages, found sentence by sentence with the
 * questionnaire's keyword groups and synonym bank (a sentence that would answer a bank question
 * is a claim about that question's topic), each kept with the pages it was read on so a founder
 * can check the source before attesting it. A sentence on several pages is one claim. Pure: the
 * pages were read by {@link SitePages}.
 */
public final class PageClaims {
  /** Shorter is a heading or a menu entry; longer is a paragraph that never ended. */
  private static final int MIN_SENTENCE = 25;
  private static final int MAX_SENTENCE = 300;
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z0-9\"(])");
  private static final Pattern CONTACT = Pattern.compile("(?im)^\\s*Contact\\s*:\\s*(\\S+)\\s*$");

  /**
   * A claim as a page states it.
   *
   * @param id a claim id from the bank question it answers, made unique
   * @param sources the pages it was read on, first sighting first
   */
  public record Found(String id, String category, String statement, List<String> sources) {}

  /** A page and what became of it, for the draft's list of pages read. */
  public record Read(String url, String via, String outcome) {}

  private final Map<String, Found> claims = new LinkedHashMap<>();
  private final Map<String, Set<String>> contacts = new LinkedHashMap<>();
  private final List<Read> pages = new ArrayList<>();

  private PageClaims() {}

  public static PageClaims from(List<SitePages.Page> read, QuestionMatcher matcher) {
    PageClaims found = new PageClaims();
    Set<String> ids = new HashSet<>();
    for (SitePages.Page page : read) {
      if (!page.read()) {
        found.pages.add(new Read(page.url(), page.via(), "skipped: " + page.problem()));
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
        for (String sentence : sentences(page.body())) {
          found.claim(sentence, page.url(), matcher, ids);
        }
      }
      found.pages.add(new Read(page.url(), page.via(), "read: "
          + (found.claims.size() - before) + " new claims"
          + (found.contacts.size() > contactsBefore
              ? ", " + (found.contacts.size() - contactsBefore) + " contact(s)" : "")));
    }
    return found;
  }

  public List<Found> claims() {
    return List.copyOf(claims.values());
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

  private void claim(String sentence, String url, QuestionMatcher matcher, Set<String> ids) {
    String key = sentence.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    Found seen = claims.get(key);
    if (seen != null) {
      if (!seen.sources().contains(url)) {
        List<String> sources = new ArrayList<>(seen.sources());
        sources.add(url);
        claims.put(key, new Found(seen.id(), seen.category(), seen.statement(), sources));
      }
      return;
    }
    QuestionMatch match = matcher.match("", sentence);
    if (match.question() == null
        || !(match.method() == MatchMethod.KEYWORDS || match.method() == MatchMethod.SYNONYM)) {
      return;
    }
    String id = unique(claimId(match.question()), ids);
    claims.put(key, new Found(id, match.question().topic(), sentence, List.of(url)));
  }

  /** The question's first exact claim id; else one made from its topic and bank id. */
  private static String claimId(QuestionBank.Question q) {
    for (String glob : q.claims()) {
      if (!glob.contains("*")) {
        return glob;
      }
    }
    return (q.topic() + "." + q.id()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "_");
  }

  private static String unique(String id, Set<String> ids) {
    String candidate = id;
    for (int n = 2; !ids.add(candidate); n++) {
      candidate = id + "_" + n;
    }
    return candidate;
  }

  /** The page's prose, block by block and sentence by sentence, with whitespace collapsed. */
  static List<String> sentences(String html) {
    Document doc = Jsoup.parse(html);
    doc.select("script, style, noscript, template, nav").remove();
    List<String> out = new ArrayList<>();
    for (Element block : doc.select("p, li, dd, td, blockquote")) {
      if (block.select("p, li, dd, td, blockquote").size() > 1) {
        continue; // its inner blocks are read on their own
      }
      for (String s : SENTENCE_END.split(block.text())) {
        String t = s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        // A question (an FAQ's heading) claims nothing.
        if (t.length() >= MIN_SENTENCE && t.length() <= MAX_SENTENCE && !t.endsWith("?")) {
          out.add(t);
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
    }
    if (!contacts.isEmpty()) {
      Set<String> files = new LinkedHashSet<>();
      contacts.values().forEach(files::addAll);
      b.append("#\n# Vulnerability-disclosure contacts from ")
          .append(oneLine(String.join(", ", files))).append(":\n")
          .append("# security_txt: {required: true, contacts: [")
          .append(String.join(", ", contacts.keySet().stream().map(PageClaims::quoted).toList()))
          .append("]}\n");
    }
    return b.toString();
  }

  /**
   * The claims as commented entries of a YAML claims list: uncommented, each is an attested
   * claim whose evidence is the page that states it.
   */
  public String claimEntries() {
    StringBuilder b = new StringBuilder();
    for (Found c : claims.values()) {
      b.append("#   - id: ").append(c.id()).append('\n')
          .append("#     statement: ").append(quoted(c.statement())).append('\n')
          .append("#     category: ").append(c.category()).append('\n')
          .append("#     # stated on ").append(oneLine(String.join(", ", c.sources())))
          .append('\n')
          .append("#     attest: {owner: cto@example.com, date: YYYY-MM-DD, evidence: [")
          .append(String.join(", ", c.sources().stream().map(PageClaims::quoted).toList()))
          .append("]}\n");
    }
    return b.toString();
  }

  /** A YAML double-quoted scalar (JSON's escapes are YAML's), so page text cannot break out. */
  private static String quoted(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(oneLine(s))) + "\"";
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
  }
}
