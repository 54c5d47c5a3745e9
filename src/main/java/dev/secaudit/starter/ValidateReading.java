package dev.secaudit.starter;

import dev.secaudit.claim.ChecksReach;
import dev.secaudit.claim.PartlyRead;
import dev.secaudit.claim.SentenceReader;
import dev.secaudit.policy.Claim;
import java.util.List;

/**
 * What {@code validate} would say of a claim init is about to write with checks. A claim it reads
 * only in part, or whose checks reach less than its sentence, is never published as verified, so
 * init must not write it as checked: the founder would be told the scan proves what {@code page}
 * then withholds. Both tests are validate's own, so the two cannot disagree.
 */
final class ValidateReading {
  private ValidateReading() {}

  /** @return why validate would not take the claim as written, or null when it would */
  static String disagrees(SentenceReader reader, PageClaims.Found f, List<String> checks) {
    List<Claim> one = List.of(new Claim(f.id(), f.statement(), null, null, checks, null, null,
        null, null));
    List<PartlyRead.Statement> partly = PartlyRead.of(one, reader);
    if (!partly.isEmpty()) {
      return "'secaudit validate' reads the sentence only in part (" + partly.get(0).why()
          + "), so no scan calls it verified: attest it, or reword it to what the rules test";
    }
    List<ChecksReach.Statement> reach = ChecksReach.of(one, reader);
    if (!reach.isEmpty()) {
      return "its checks " + reach.get(0).reach() + ", while the sentence speaks of "
          + reach.get(0).why() + ", so no scan calls it verified: attest it, or narrow it";
    }
    return null;
  }
}
