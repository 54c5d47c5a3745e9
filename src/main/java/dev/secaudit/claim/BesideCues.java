package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A topic's `beside` phrases (topics.yaml): what a control guards against, which names it only in
 * a sentence that names the control itself.
 */
final class BesideCues {
  private BesideCues() {}

  /**
   * What a named control guards against, read as that control in its sentence ("idempotency
   * safeguards ... to mitigate replay and duplicate-submission abuse"): the same topic named
   * again, so one part. Without the control's name the words stay unread.
   */
  static void read(List<Word> words, WordRole[] role, List<TopicHit> hits) {
    int named = hits.size();
    for (Topic t : hits.stream().map(TopicHit::topic).distinct().toList()) {
      List<List<String>> longestFirst = new ArrayList<>(t.beside());
      longestFirst.sort(Comparator.comparingInt(p -> -p.size()));
      for (int i = 0; i < words.size(); i++) {
        for (List<String> p : longestFirst) {
          if (freeAt(words, role, p, i)) {
            for (int k = i; k < i + p.size(); k++) {
              role[k] = WordRole.TOPIC;
            }
            hits.add(new TopicHit(t, i, i + p.size(), false));
            break;
          }
        }
      }
    }
    if (hits.size() > named) {
      hits.sort(Comparator.comparingInt(TopicHit::start));
    }
  }

  private static boolean freeAt(List<Word> words, WordRole[] role, List<String> phrase, int i) {
    if (i + phrase.size() > words.size()) {
      return false;
    }
    for (int k = 0; k < phrase.size(); k++) {
      if (role[i + k] != null || !words.get(i + k).stem().equals(phrase.get(k))) {
        return false;
      }
    }
    return true;
  }
}
