package dev.secaudit.claim;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a sentence is about beyond its topic: "every region", "all customer data", "admin
 * accounts". Nouns are the vocabulary's scope classes (region, data, endpoint, user...), so
 * "accounts" and "users" are one class.
 *
 * @param universal the sentence quantifies over all of them ("all", "every", "each", "any"), or
 *     states them generically ("Stored data is encrypted"), which a claim means for all
 * @param nouns the scope classes named, sorted
 */
public record Scope(boolean universal, Set<String> nouns) {
  public static final Scope NONE = new Scope(false, Set.of());

  public Scope {
    nouns = Set.copyOf(new TreeSet<>(nouns));
  }

  public boolean isEmpty() {
    return nouns.isEmpty();
  }

  /**
   * Whether a claim with this scope speaks for every thing a question asks about. A question
   * naming no scope is covered by any claim; one naming classes needs a claim that names each of
   * them and does not limit itself to some of them.
   */
  public boolean covers(Scope asked) {
    if (asked.nouns.isEmpty()) {
      return true;
    }
    return nouns.containsAll(asked.nouns) && (universal || !asked.universal);
  }

  /** The classes a question asks about that this claim does not name. */
  public List<String> missing(Scope asked) {
    return asked.nouns.stream().filter(n -> !nouns.contains(n)).sorted().toList();
  }

  /** Two scopes that name classes and share none speak of different things. */
  public boolean disjoint(Scope other) {
    return !nouns.isEmpty() && !other.nouns.isEmpty()
        && nouns.stream().noneMatch(other.nouns::contains);
  }

  public String describe() {
    if (nouns.isEmpty()) {
      return "";
    }
    return (universal ? "all " : "some ") + String.join(", ", new TreeSet<>(nouns));
  }
}
