package dev.secaudit.policy;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for misspelt keys, presets and check ids. */
public final class Suggestions {
  private Suggestions() {}

  /** The closest candidate within a small edit distance, or null. */
  public static String closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = normalise(word);
    for (String c : candidates) {
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

  /** Levenshtein distance. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
