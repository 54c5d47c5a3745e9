package dev.secaudit.policy;

import java.util.Collection;
import java.util.Locale;
import org.apache.commons.text.similarity.DamerauLevenshteinDistance;

/** "Did you mean" for misspelt keys, presets and check ids. */
public final class Suggestions {
  private static final DamerauLevenshteinDistance DISTANCE = new DamerauLevenshteinDistance();

  private Suggestions() {}

  /**
   * The closest candidate within a small edit distance, or null. A null word or candidate (a
   * policy entry left without its name) is nothing to suggest or to be suggested.
   */
  public static String closest(String word, Collection<String> candidates) {
    if (word == null) {
      return null;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = normalise(word);
    for (String c : candidates) {
      if (c == null) {
        continue; // a target without its name, which has a message of its own
      }
      int d = distance(w, normalise(c));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    int allowed = Math.max(2, word.length() / 3);
    return bestDistance <= allowed ? best : null;
  }

  /** " (did you mean 'x'?)" or an empty string. */
  public static String didYouMean(String word, Collection<String> candidates) {
    String c = closest(word, candidates);
    return c == null ? "" : " (did you mean '" + c + "'?)";
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * Edits between two words, a swap of two neighbouring letters counting as one (Damerau-
   * Levenshtein): the commonest typo ('tsl' for 'tls') is then nearer than an unrelated word of
   * the same length ('csp').
   */
  public static int distance(String a, String b) {
    return DISTANCE.apply(a, b);
  }
}
