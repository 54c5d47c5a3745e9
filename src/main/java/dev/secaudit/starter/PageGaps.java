package dev.secaudit.starter;

import dev.secaudit.claim.ClaimPart;
import dev.secaudit.claim.Reading;
import dev.secaudit.claim.SentenceReader;
import java.util.List;

/**
 * What init writes for a sentence stating a gap, and for one stating a number no topic of the
 * claim vocabulary takes. A gap the page states plainly is written as one in the page's words,
 * never as a commented attestation a founder might uncomment; a number the page commits to is an
 * attestation to make with its number, not context.
 */
final class PageGaps {
  private PageGaps() {}

  /**
   * @param parts the sentence's parts with a concrete topic
   * @param gaps whether a part is not in place or planned (none is in place then)
   * @return the rule for the sentence, or null when it is neither a gap nor a bare number
   */
  static PageRules.Rule rule(PageClaims.Found f, List<ClaimPart> parts, boolean gaps,
      SentenceReader reader) {
    if (gaps && !PageWording.plainGap(f)) {
      // The reader's scope of a "not" is coarse ("audit logs cannot be deleted" is no gap in
      // audit logging): a gap read from a long sentence is a person's call, not init's.
      return new PageRules.Rule(PageRules.Kind.ATTEST, f, List.of(), List.of(),
          "read as a stated gap (" + f.reading().describe() + "); if it is one, write it as a"
          + " claim with 'polarity: not_in_place' and no attest");
    }
    var labelled = parts.isEmpty() ? PageWording.labelledGap(f.statement(), f.heading()) : null;
    if (gaps || labelled != null) {
      Reading alone = reader.read(f.statement());
      if (!PageWording.statedGap(f, alone)) {
        // Written as a gap read in part, validate would say so and no question would be
        // answered from it: the founder writes the gap in words it reads.
        return new PageRules.Rule(PageRules.Kind.ATTEST, f, List.of(), List.of(),
            "a stated gap (" + f.reading().describe() + "), but 'secaudit validate' reads it"
            + " only in part (" + alone.whyPartial() + "): write the gap in words it reads, as"
            + " a claim with 'polarity: not_in_place' and no attest");
      }
      return new PageRules.Rule(PageRules.Kind.GAP, f, List.of(), List.of(),
          (labelled != null ? labelled : parts.get(0).polarity()).label());
    }
    String amount = parts.isEmpty() && f.category().isEmpty()
        ? PageWording.amount(f.statement()) : null;
    if (amount != null) {
      return new PageRules.Rule(PageRules.Kind.ATTEST, f, List.of(), List.of(), "it states '"
          + amount + "' of what no topic of the claim vocabulary names, so no probe checks it"
          + " and 'secaudit validate' reads it only in part: attest it with its number as the"
          + " page says it");
    }
    return null;
  }
}
