package dev.secaudit.questionnaire;

/**
 * What a sheet's question was matched to.
 *
 * @param question the bank question, or null when unmatched or restricted by wording alone
 * @param confidence 0..1, fixed per method and specificity so answers are reproducible
 * @param reviewReason why a human must answer, or empty
 */
public record QuestionMatch(
    QuestionBank.Question question, MatchMethod method, double confidence, String reviewReason) {
  public QuestionMatch {
    reviewReason = reviewReason == null ? "" : reviewReason;
  }
}
