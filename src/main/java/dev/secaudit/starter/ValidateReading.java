package dev.secaudit.starter;

import dev.secaudit.claim.ChecksReach;
import dev.secaudit.claim.PartlyRead;
import dev.secaudit.claim.RuleReach;
import dev.secaudit.claim.SentenceReader;
import dev.secaudit.claim.Vocabulary;
import dev.secaudit.policy.Claim;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code validate} would say of a claim init is about to write with checks. A claim it reads
 * only in part, whose checks reach less than its sentence, or whose rule pointers cannot show it
 * (a rule of another topic, "every page" on a rule judged on the paths listed, a TLS version
 * above the policy's minimum) is never published as verified, so init must not write it as
 * checked: the founder would be told the scan proves what {@code page} then withholds. All three
 * tests are validate's own, on the claim as init would write it, so the two cannot disagree.
 *
 * @param checksOf the check ids one entry of a claim's checks selects, as validate takes them
 */
record ValidateReading(SentenceReader reader, Vocabulary vocabulary,
    Function<String, List<String>> checksOf) {

  /**
   * @param topic the topic the claim is written with, or null
   * @param minVersion the tls.min_version the written policy states, or null
   * @return why validate would not take the claim as written, or null when it would
   */
  String disagrees(PageClaims.Found f, String topic, List<String> checks, String minVersion) {
    Claim claim = new Claim(f.id(), f.statement(), null, null, checks, null, null, topic, null);
    List<Claim> one = List.of(claim);
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
    List<String> notes = RuleReach.of(claim, minVersion, reader, vocabulary, checksOf);
    return notes.isEmpty() ? null : "'secaudit validate' notes that " + notes.get(0);
  }
}
