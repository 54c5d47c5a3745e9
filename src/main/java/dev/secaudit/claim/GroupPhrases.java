package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finding a topic's group of phrases among a sentence's words ("card numbers ... in logs"): a
 * word still free, read as scope, or a vague word may be taken.
 */
final class GroupPhrases {
  private GroupPhrases() {}

  /**
   * A group's phrase with the others of its group listed after it: "API keys and secrets",
   * "passwords or card numbers". Left out, the second was not read, or was read as another topic.
   */
  static int[] listedWith(List<Word> words, WordRole[] role, boolean[] vague,
      List<List<String>> group, int[] span) {
    int end = span[1];
    while (end < words.size()) {
      // "source code repositories": a phrase of the group right after it belongs to it too.
      boolean joined = role[end] == null
          && (words.get(end).text().equals("and") || words.get(end).text().equals("or"));
      int next = joined ? end + 1 : end;
      int[] more = group.stream().sorted(Comparator.comparingInt(p -> -p.size()))
          .filter(p -> matchesAt(words, role, vague, p, next)).findFirst()
          .map(p -> new int[] {next, next + p.size()}).orElse(null);
      if (more == null) {
        break;
      }
      end = more[1];
    }
    int start = span[0];
    while (start > 0) {
      boolean joined = start > 1 && role[start - 1] == null
          && (words.get(start - 1).text().equals("and") || words.get(start - 1).text().equals("or"));
      int before = joined ? start - 1 : start;
      int[] more = group.stream().sorted(Comparator.comparingInt(p -> -p.size()))
          .filter(p -> before - p.size() >= 0
              && matchesAt(words, role, vague, p, before - p.size())).findFirst()
          .map(p -> new int[] {before - p.size(), before}).orElse(null);
      if (more == null) {
        break;
      }
      start = more[0];
    }
    return new int[] {start, end};
  }

  private static boolean matchesAt(List<Word> words, WordRole[] role, boolean[] vague,
      List<String> p, int i) {
    if (i + p.size() > words.size()) {
      return false;
    }
    for (int k = 0; k < p.size(); k++) {
      WordRole r = role[i + k];
      if ((r != null && r != WordRole.SCOPE && !vague[i + k])
          || !words.get(i + k).stem().equals(p.get(k))) {
        return false;
      }
    }
    return true;
  }

  static int[] findAny(List<Word> words, WordRole[] role, boolean[] vague,
      List<List<String>> group) {
    List<List<String>> sorted = new ArrayList<>(group);
    sorted.sort(Comparator.comparingInt(p -> -p.size()));
    for (List<String> p : sorted) {
      for (int i = 0; i + p.size() <= words.size(); i++) {
        boolean match = true;
        for (int k = 0; k < p.size(); k++) {
          WordRole r = role[i + k];
          if ((r != null && r != WordRole.SCOPE && !vague[i + k])
              || !words.get(i + k).stem().equals(p.get(k))) {
            match = false;
            break;
          }
        }
        if (match) {
          return new int[] {i, i + p.size()};
        }
      }
    }
    return null;
  }}
