package dev.secaudit.starter;

import dev.secaudit.claim.ClaimPart;
import dev.secaudit.claim.Polarity;
import dev.secaudit.claim.Reading;
import dev.secaudit.claim.SentenceReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a sentence the reader took as "not in place" states a gap, or denies a lapse: "Celune
 * never stores plaintext provider keys" says the keys are encrypted, "Logs do not contain card
 * numbers" that logs are kept clean, yet both read as the control missing (a blind review,
 * founder19 F4.4: init offered them as gaps). init offers a negative reading as the page's only
 * when the page states it plainly and the negation is what makes it negative; otherwise the
 * sentence is written as a quoted attestation candidate with no topic, which no reader turns into
 * a claim of the opposite.
 */
final class PageNegation {
  private PageNegation() {}

  /** A negation and, for a contraction, the word it leaves when taken out. */
  private static final Pattern NEGATION = Pattern.compile("(?i)\\b(?:(never|not|no|nor)\\b"
      + "|(can)not\\b|(can|do|does|did|is|are|was|were|has|have|had|should|would)n['’]t\\b"
      + "|(wo)n['’]t\\b|(with)out\\b)");

  /**
   * Why the sentence's negative reading is not offered as the page's, as the reason of a quoted
   * attestation candidate; null when it may be (a gap the page states plainly).
   *
   * @param parts its parts with a concrete topic, some not in place or planned
   */
  static String unplaced(PageClaims.Found f, List<ClaimPart> parts, SentenceReader reader) {
    List<String> negations = negations(f.statement());
    String said = "its negation ('" + String.join("', '", negations) + "')";
    if (!negations.isEmpty()) {
      // Taken out, the negation should turn the reading round. When the sentence still reads as
      // a lapse, the lapse came from words naming a risk ("plaintext", "card numbers in logs")
      // and the negation denies it: the page says the control is in place.
      Reading twin = reader.read(affirmed(f.statement()));
      for (ClaimPart p : parts) {
        if (p.polarity() != Polarity.IN_PLACE && twin.parts().stream().anyMatch(t ->
            t.topic().equals(p.topic()) && t.polarity() != Polarity.IN_PLACE)) {
          return "read as context: without " + said + " it still reads as a lapse, so the"
              + " negation denies a risk rather than stating a gap; written with a topic it would"
              + " say the opposite of the page. Attest it in the page's words if it is true";
        }
      }
    }
    if (PageWording.plainGap(f)) {
      return null;
    }
    // The reader's scope of a "not" is coarse ("audit logs cannot be deleted" is no gap in audit
    // logging): read in part, whether it states a gap or denies a risk is the page's to say.
    return "read as context: read only in part (" + f.reading().whyPartial() + "), so init"
        + " cannot tell whether " + (negations.isEmpty() ? "it" : said) + " states a gap or"
        + " denies a risk, and writes no topic for it. Attest it in the page's words if it is"
        + " true as the page says it";
  }

  /**
   * Why a sentence read as in place is written as context: a part of it that, read alone, is a
   * lapse ("or plaintext passwords") and is in place only through another part's negation ("Logs
   * do not contain card numbers or plaintext passwords"). The page speaks of that part's object
   * under the other part's verb, not of the topic its words alone name (password hashing), so a
   * claim on that topic would borrow an object the page does not give it. Null when no part does.
   */
  static String borrowedPredicate(PageClaims.Found f, List<ClaimPart> parts,
      SentenceReader reader) {
    if (parts.size() < 2 || negations(f.statement()).isEmpty()) {
      return null;
    }
    for (ClaimPart p : parts) {
      if (p.polarity() != Polarity.IN_PLACE || !negations(p.text()).isEmpty()) {
        continue;
      }
      boolean lapseAlone = reader.read(p.text()).parts().stream().anyMatch(t ->
          t.topic().equals(p.topic()) && t.polarity() != Polarity.IN_PLACE);
      if (lapseAlone) {
        return "read as context: its words '" + PageClaims.oneLine(p.text()) + "' name a risk,"
            + " denied only by the negation of another part of the sentence, so they say nothing"
            + " of a topic of their own; written with topics it would claim what the page does"
            + " not. Attest it in the page's words if it is true";
      }
    }
    return null;
  }

  /** The negations of a sentence as written, each once, lower case. */
  static List<String> negations(String statement) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = NEGATION.matcher(statement);
    while (m.find()) {
      out.add(m.group().toLowerCase(Locale.ROOT));
    }
    return new ArrayList<>(out);
  }

  /**
   * The sentence with its negations taken out: "never stores" → "stores", "do not contain" →
   * "do contain", "cannot retrieve" → "can retrieve", "without" → "with".
   */
  static String affirmed(String statement) {
    Matcher m = NEGATION.matcher(statement);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String kept = "";
      for (int g = 2; g <= m.groupCount(); g++) {
        if (m.group(g) != null) {
          kept = m.group(g).equalsIgnoreCase("wo") ? "will" : m.group(g);
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(kept));
    }
    m.appendTail(out);
    return out.toString().replaceAll("\\s{2,}", " ").strip();
  }
}
