package dev.secaudit.claim;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts a policy claim's statement is judged as: its named topic first (the statement still
 * gives the amount and the negation), then what else a sentence read whole says, each with the
 * polarity the policy states. One reading for the scan's judge ({@link ClaimBook}) and for what
 * {@code validate} says of a claim's checks before any scan ({@link RuleReach}), so the two
 * cannot read a claim apart.
 *
 * @param reading the statement as the reader read it, before the named topic
 * @param whole whether the reader understood every word of the statement
 */
record StatedParts(Reading reading, List<ClaimPart> parts, boolean whole) {

  static StatedParts of(dev.secaudit.policy.Claim c, SentenceReader reader,
      Vocabulary vocabulary) {
    Reading reading = reader.read(c.statement() == null ? "" : c.statement());
    String named = c.topic() != null ? c.topic()
        : vocabulary.topic(c.id()).isPresent() ? c.id() : null;
    List<ClaimPart> parts = new ArrayList<>();
    // A statement that reads as another topic, one that supersedes the named one ("sessions
    // expire after 12 hours of inactivity" under the id sessions.lifetime), is what it says.
    boolean overruled = named != null && reading.parts().stream()
        .anyMatch(p -> p.topic().supersedes().contains(named));
    if (named != null && !overruled && vocabulary.topic(named).isPresent()) {
      Topic t = vocabulary.topic(named).get();
      ClaimPart read = reading.parts().stream().filter(p -> p.topic().equals(t)).findFirst()
          .orElse(null);
      Quantity q = read != null ? read.quantity() : reading.parts().stream()
          .map(ClaimPart::quantity).filter(x -> x != null && x.unit() == t.unit())
          .findFirst().orElse(null);
      Polarity polarity = read != null ? read.polarity()
          : reading.parts().stream().map(ClaimPart::polarity)
              .filter(p -> p != Polarity.IN_PLACE).findFirst().orElse(Polarity.IN_PLACE);
      parts.add(new ClaimPart(t, polarity, q, read != null ? read.scope() : Scope.NONE,
          read != null ? read.value() : "", c.statement()));
      if (!reading.partial()) {
        // A sentence read whole says more than its named topic ("encrypted in transit with TLS
        // 1.2 or higher" is in-transit encryption too).
        reading.parts().stream().filter(p -> !p.topic().equals(t)).forEach(parts::add);
      }
    } else {
      parts.addAll(reading.parts());
    }
    alternativesAsTopic(reading, parts);
    // Words the reader did not understand may limit the claim ("within 30 days of contract
    // termination"): naming the topic does not make them say nothing.
    boolean whole = !reading.partial();
    if (c.polarity() != null) {
      Polarity stated = Polarity.valueOf(c.polarity().toUpperCase(java.util.Locale.ROOT));
      parts.replaceAll(p -> new ClaimPart(p.topic(), stated, p.quantity(), p.scope(), p.value(),
          p.text()));
    }
    return new StatedParts(reading, List.copyOf(parts), whole);
  }

  /**
   * "Passwords are hashed with bcrypt, scrypt, Argon2 or PBKDF2" says one of them is used, not
   * which: kept as four values (or as the first), it answered "hashed with bcrypt?" Yes. Values
   * read from clauses of their own and joined by "or" state the topic alone; kinds named in one
   * clause ("no card numbers or passwords in logs") are each stated, as before.
   */
  private static void alternativesAsTopic(Reading reading, List<ClaimPart> parts) {
    if (!reading.anyOf()) {
      return;
    }
    for (ClaimPart p : List.copyOf(parts)) {
      List<ClaimPart> listed = reading.parts().stream()
          .filter(o -> o.topic().equals(p.topic()) && !o.value().isEmpty()).toList();
      boolean alternatives = listed.stream().map(ClaimPart::value).distinct().count() > 1
          && listed.stream().map(ClaimPart::text).distinct().count() == listed.size();
      if (alternatives && !p.value().isEmpty() && parts.contains(p)) {
        parts.removeIf(o -> o != p && o.topic().equals(p.topic()) && !o.value().isEmpty());
        parts.set(parts.indexOf(p), p.withValue(""));
      }
    }
  }
}
