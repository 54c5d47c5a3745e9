package dev.secaudit.claim;

/** Whether what a sentence speaks of is in place: a stated gap is never a claim. */
public enum Polarity {
  IN_PLACE,
  NOT_IN_PLACE,
  PLANNED;

  /** The opposite, as a negation turns it; a plan negated is still not in place. */
  public Polarity negated() {
    return this == IN_PLACE ? NOT_IN_PLACE : IN_PLACE;
  }

  public String label() {
    return switch (this) {
      case IN_PLACE -> "in place";
      case NOT_IN_PLACE -> "not in place";
      case PLANNED -> "planned";
    };
  }
}
