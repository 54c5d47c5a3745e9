package dev.secaudit.claim;

/**
 * One thing a sentence asserts or asks: a topic, whether it is in place, how much, over what, and
 * a qualifier where the topic takes a named value (SameSite=Lax, bcrypt).
 *
 * @param quantity the amount, or null when none was stated
 * @param value the named value, lower case, or empty
 * @param text the words of the sentence this part was read from
 * @param anywhere a "not in place" part asks whether the control lapses anywhere ("Do you ever
 *     log card numbers?", "Is any cookie not Secure?"), which one failure shows; false, it asks
 *     whether the control is absent throughout ("Is the header never sent?", "Is data not
 *     encrypted?"), which one failure does not show
 * @param some an "in place" question asks whether the control is in place somewhere ("Is any
 *     endpoint rate limited to 100 a day?", "Is there a rate limit of 30 an hour?"): one thing
 *     shown to have it answers Yes, and only evidence over all of them answers No
 */
public record ClaimPart(Topic topic, Polarity polarity, Quantity quantity, Scope scope,
    String value, String text, boolean anywhere, boolean some) {

  public ClaimPart {
    value = value == null ? "" : value;
  }

  public ClaimPart(Topic topic, Polarity polarity, Quantity quantity, Scope scope, String value,
      String text) {
    this(topic, polarity, quantity, scope, value, text, false, false);
  }

  public ClaimPart(Topic topic, Polarity polarity, Quantity quantity, Scope scope, String value,
      String text, boolean anywhere) {
    this(topic, polarity, quantity, scope, value, text, anywhere, false);
  }

  /** The same part naming another value of its topic. */
  public ClaimPart withValue(String other) {
    return new ClaimPart(topic, polarity, quantity, scope, other, text, anywhere, some);
  }

  /** "minimum TLS version: at least TLS 1.3, all endpoint" as explanations show a reading. */
  public String describe() {
    StringBuilder sb = new StringBuilder(topic.title());
    if (polarity != Polarity.IN_PLACE) {
      sb.append(" ").append(polarity == Polarity.PLANNED ? "(planned)"
          : anywhere ? "(not in place anywhere)" : "(not in place)");
    }
    if (!value.isEmpty()) {
      sb.append(" = ").append(topic.valueWord(value));
    }
    if (quantity != null) {
      sb.append(": ").append(quantity.describe());
    }
    if (some) {
      sb.append(" [any").append(scope.isEmpty() ? "" : " " + String.join(", ", scope.nouns()))
          .append("]");
    } else if (!scope.isEmpty() || scope.universal()) {
      sb.append(" [").append(scope.describe()).append("]");
    }
    return sb.toString();
  }
}
