package dev.secaudit.claim;

import java.util.List;
import java.util.Map;

/**
 * One subject a claim or a question can be about, from the documented vocabulary
 * ({@code topics.yaml}): how sentences name it, what amount it may carry and which checks can
 * verify it.
 *
 * @param cues phrases (as stems) that name it where they stand together
 * @param together groups of phrases of which one each must occur in one clause
 * @param violationCues phrases naming its opposite ("card numbers in logs")
 * @param violationTogether groups naming its opposite
 * @param unit the unit of its amount, or null when it carries none
 * @param comparison how a bare amount bounds it; for an abstract topic, how it bounds the topic
 *     it refines into ("kept for 30 days": both ways), or null to leave that topic's own
 * @param refine a more specific topic id once the clause carries an amount of that unit
 * @param isAbstract too vague to answer alone ("encrypted", "password")
 * @param checks globs of check ids that test it; only these verify a claim on it
 * @param values named values it can take (SameSite: lax, strict, none), as stems
 * @param supersedes topics a sentence naming this one no longer speaks of ("sessions expire
 *     after 12 hours of inactivity" is an idle timeout, not a session lifetime)
 * @param decidedBy the checks among {@code checks} that decide whether it is in place; the rest
 *     judge its hygiene (an expired security.txt is still published with a contact), so their
 *     failure leaves a claim for a person, never refuted; empty when every check decides
 * @param namedBeside the checks among the rest that a claim on it does not state at all: their
 *     failure is named beside its verdict and weighs on it neither way ("we rate limit" says
 *     nothing of Retry-After, which is its own topic and its own finding)
 * @param valueWords each value's stem to the word as the vocabulary writes it, so a reading
 *     shows "= DENY", not the stem "= deni"
 * @param beside phrases (as stems) that name it only in a sentence that names it by a cue: what
 *     the control guards against ("idempotency safeguards ... to mitigate replay"), which alone
 *     may be another control's business
 */
public record Topic(
    String id,
    String title,
    List<List<String>> cues,
    List<List<List<String>>> together,
    List<List<String>> violationCues,
    List<List<List<String>>> violationTogether,
    Quantity.Unit unit,
    Quantity.Comparison comparison,
    Map<Quantity.Unit, String> refine,
    boolean isAbstract,
    List<String> checks,
    List<String> values,
    List<String> supersedes,
    List<String> decidedBy,
    List<String> namedBeside,
    Map<String, String> valueWords,
    List<List<String>> beside) {

  /**
   * What would test it, as the end of a reason that its claim's checks do not: "In transit: TLS
   * 1.2 or higher" checked by tls.protocols alone says nothing of plain-HTTP answers, which
   * https.redirect judges; the reader is told which checks to list, or to attest it.
   */
  public String testedBy() {
    return checks.isEmpty() ? ", which no check tests: attest it"
        : ", which " + String.join(", ", checks) + " test: add one to its checks, or attest it";
  }

  /**
   * Why a claim on it is not verified by checks none of which test it, as the scan and
   * {@code validate} both say it.
   */
  public String notTestedBy(String checks) {
    return "its checks (" + checks + ") do not test " + title + testedBy();
  }

  /** A value as people write it ("deny" for the stem "deni"); the stem itself when unknown. */
  public String valueWord(String stem) {
    return valueWords.getOrDefault(stem, stem);
  }
}
