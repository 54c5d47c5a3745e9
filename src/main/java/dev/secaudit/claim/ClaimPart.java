package dev.secaudit.claim;

/**
 * One thing a sentence asserts or asks: a topic, whether it is in place, how much, over what, and
 * a qualifier where the topic takes a named value (SameSite=Lax, bcrypt).
 *
 * @param quantity the amount, or null when none was stated
 * @param value the named value, lower case, or empty
 * @param text the words of the sentence this part was read from
 */
public record ClaimPart(Topic topic, Polarity polarity, Quantity quantity, Scope scope,
    String value, String text) {

  public ClaimPart {
    value = value == null ? "" : value;
  }

  /** "minimum TLS version: at least TLS 1.3, all endpoint" as explanations show a reading. */
  public String describe() {
    StringBuilder sb = new StringBuilder(topic.title());
    if (polarity != Polarity.IN_PLACE) {
      sb.append(" ").append(polarity == Polarity.PLANNED ? "(planned)" : "(not in place)");
    }
    if (!value.isEmpty()) {
      sb.append(" = ").append(value);
    }
    if (quantity != null) {
      sb.append(": ").append(quantity.describe());
    }
    if (!scope.isEmpty()) {
      sb.append(" [").append(scope.describe()).append("]");
    }
    return sb.toString();
  }
}
