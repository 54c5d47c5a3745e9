package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.List;
import java.util.Set;

/** How far a clause's negation reaches: which topics of it a "not" or "without" bears on. */
final class NegationReach {
  private NegationReach() {}

  /** Words naming a state's lapse: "not" before one restates the state, it negates nothing. */
  private static final Set<String> LAPSED = Set.of("expired", "outdated", "revoked", "stale",
      "lapsed", "optional");

  /**
   * Reads "not expired" as the state it restates: "Is your security.txt current (not expired)?",
   * "Is the certificate not revoked?" ask that the state holds. Read as a negation, the "not"
   * turned the question (founder24: a current security.txt answered No).
   */
  static void restatedStates(List<Word> words, WordRole[] role) {
    for (int i = 0; i + 1 < words.size(); i++) {
      if (role[i] == null && words.get(i).text().equals("not")
          && (role[i + 1] == null || role[i + 1] == WordRole.NEUTRAL)
          && LAPSED.contains(words.get(i + 1).text())) {
        role[i] = WordRole.NEUTRAL;
        role[i + 1] = WordRole.NEUTRAL;
      }
    }
  }

  /**
   * The negations of a clause that do not bear on a topic: a "without" after it that binds
   * another topic after it ("Is HSTS sent without includeSubDomains?" negates the second only),
   * and one after a semicolon past it that names no topic of its own: "Minimum length is 10
   * characters; we don't bother with character-class rules" negates the rules, not the length
   * (a blind review found the minimum read as not in place).
   */
  static int boundElsewhere(TopicHit h, String text, List<Word> words,
      List<Integer> negations, List<TopicHit> hits, int[] clause) {
    int n = 0;
    for (int i : negations) {
      if (i > h.start() && i < clause[1] && words.get(i).text().equals("without")
          && hits.stream().anyMatch(o -> o.start() > i && o.start() < clause[1]
              && !o.topic().equals(h.topic()))) {
        n++;
      } else if (i >= h.end() && i < clause[1]) {
        int semicolon = -1;
        for (int k = Math.max(h.end(), 1); k <= i; k++) {
          if (text.substring(words.get(k - 1).end(), words.get(k).start()).contains(";")) {
            semicolon = k;
          }
        }
        int from = semicolon;
        if (from > 0 && hits.stream().noneMatch(o -> o.start() >= from && o.start() < clause[1])) {
          n++;
        }
      }
    }
    return n;
  }

  /** Negations that name a lapse as a state: "missing on any endpoint" is missing somewhere. */
  private static final Set<String> LAPSE_STATES = Set.of("missing", "absent", "lack", "lacks",
      "lacking");

  /**
   * An existential word ("any", "ever") in the clause before its first negation, or after one
   * that names a lapse as a state: "Is HSTS missing on any endpoint?" asks whether one endpoint
   * lacks it, as "Do any endpoints lack HSTS?" does (answers24 read the first as absence
   * throughout, review beside the second's Yes). After "not" the "any" is "none": "Is HSTS not
   * sent on any endpoint?" still asks of absence throughout.
   */
  static boolean existentialBefore(List<Word> words, List<Integer> existentials,
      List<Integer> negations, int[] clause) {
    int firstNegation = negations.stream().filter(i -> i >= clause[0] && i < clause[1])
        .findFirst().orElse(clause[1]);
    int until = firstNegation < clause[1]
        && LAPSE_STATES.contains(words.get(firstNegation).text()) ? clause[1] : firstNegation;
    return existentials.stream().anyMatch(i -> i >= clause[0] && i < until);
  }
}
