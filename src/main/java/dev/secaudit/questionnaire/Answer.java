package dev.secaudit.questionnaire;

/**
 * One question answered, with everything a reviewer needs to trust or overrule it.
 *
 * @param bankId the bank question it was matched to, or empty
 * @param explanation our words, from the claims' statements
 * @param evidence check, target, time and verdict, or the attestation's owner and date
 * @param reviewReason why a person must look, or empty when the answer stands on its evidence
 */
public record Answer(
    Value value,
    String bankId,
    String explanation,
    String evidence,
    MatchMethod method,
    double confidence,
    String reviewReason) {

  /** NONE leaves the cell empty for a person. */
  public enum Value {
    YES,
    NO,
    NA,
    NONE
  }

  public boolean needsReview() {
    return !reviewReason.isEmpty();
  }
}
