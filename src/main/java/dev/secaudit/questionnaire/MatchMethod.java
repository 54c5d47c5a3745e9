package dev.secaudit.questionnaire;

/** How a sheet's question was tied to the bank, from most to least trusted. */
public enum MatchMethod {
  /** The sheet's id column named a CAIQ id or a bank id. */
  ID,
  /** Every keyword group of a bank question occurs in the text as written. */
  KEYWORDS,
  /** As KEYWORDS, but only once synonyms were folded (2FA read as MFA, SSL as TLS). */
  SYNONYM,
  /** Read into topics, polarity, amounts and scope, and decided from the claims. */
  READING,
  /** Legal, insurance, HR, physical security or breach history: a human answers. */
  RESTRICTED,
  /** Nothing in the bank fits. */
  UNMATCHED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
