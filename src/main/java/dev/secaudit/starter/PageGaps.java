package dev.secaudit.starter;

import dev.secaudit.claim.ClaimPart;
import dev.secaudit.claim.Reading;
import dev.secaudit.claim.SentenceReader;
import java.util.List;
import java.util.Set;

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
   * @param gaps whether a part is not in place or planned
   * @param inPlace whether a part is in place
   * @param ids the claim ids taken, to which one for a context candidate is added
   * @return the rule for the sentence, or null when it is neither a gap nor a bare number
   */
  static PageRules.Rule rule(PageClaims.Found f, List<ClaimPart> parts, boolean gaps,
      boolean inPlace, SentenceReader reader, Set<String> ids) {
    String context = gaps ? PageNegation.unplaced(f, parts, reader)
        : PageNegation.borrowedPredicate(f, parts, reader);
    if (context != null) {
      // No topic and an id that names none: uncommented, it is the page's sentence, attested,
      // never a reading of it the page does not make.
      return new PageRules.Rule(PageRules.Kind.ATTEST, f.asContext(PageClaims.unique(
          PageWording.labelId(f.statement()), ids)), List.of(), List.of(), context);
    }
    if (gaps && inPlace) {
      return new PageRules.Rule(PageRules.Kind.ATTEST, f, List.of(), List.of(), "it states both"
          + " what is in place and what is not (" + f.reading().describe() + "): split it before"
          + " attesting");
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
