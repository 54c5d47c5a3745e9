package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The named values of topics that take one ("SameSite=Lax", "hashed with bcrypt", "card numbers
 * kept out of logs"): which word names the value each topic's words stand beside.
 */
final class NamedValues {
  private NamedValues() {}

  /** A named value right after its topic's word: "SameSite=Lax", "hashed with bcrypt". */
  static Map<TopicHit, String> read(List<Word> words, WordRole[] role,
      List<TopicHit> hits, Map<TopicHit, List<String>> more, boolean[] orKinds,
      Map<Integer, String> scopeAt) {
    Map<TopicHit, String> values = new java.util.HashMap<>();
    List<TopicHit> gone = new ArrayList<>();
    for (TopicHit hit : hits) {
      if (hit.topic().values().isEmpty()) {
        continue;
      }
      for (int k = hit.start(); k < Math.min(words.size(), hit.end() + 3); k++) {
        int at = k;
        // "hashed with Argon2": the value may be a cue of the same topic, read as its own hit.
        boolean own = k < hit.end() || role[k] == null || hits.stream().anyMatch(o ->
            o.topic().equals(hit.topic()) && o.start() <= at && at < o.end());
        if (own && hit.topic().values().contains(words.get(k).stem())) {
          if (role[k] == null) {
            role[k] = WordRole.VALUE;
          }
          values.put(hit, words.get(k).stem());
          break;
        }
      }
      for (int k = hit.start() - 1; !values.containsKey(hit) && k >= Math.max(0,
          hit.start() - 3); k--) {
        // "Are card numbers kept out of logs?": the kind named before the topic's words. Read
        // as scope, it made the part ask of card numbers anything the logs hold.
        int at = k;
        TopicHit vagueHit = hits.stream().filter(o -> o.topic().isAbstract()
            && o.start() <= at && at < o.end() && o.end() - o.start() == 1).findFirst()
            .orElse(null);
        if ((role[k] == null || role[k] == WordRole.SCOPE || vagueHit != null)
            && hit.topic().values().contains(words.get(k).stem())) {
          role[k] = WordRole.VALUE;
          scopeAt.remove(k);
          values.put(hit, words.get(k).stem());
          gone.add(vagueHit);
        }
      }
      String chosen = values.get(hit);
      for (int k = hit.start(); chosen != null && k < hit.end(); k++) {
        String stem = words.get(k).stem();
        if (hit.topic().values().contains(stem) && !stem.equals(chosen)
            && !more.computeIfAbsent(hit, x -> new ArrayList<>()).contains(stem)) {
          // "Are logs free of passwords and personal data?" asks of each kind: answered as if it
          // were the first, the other could turn its failure into a Yes.
          more.get(hit).add(stem);
          orKinds[0] |= words.subList(hit.start(), k).stream().anyMatch(w -> w.text().equals("or"));
        }
      }
    }
    // "Are passwords kept out of logs?": the vague word is the kind the topic asks of.
    hits.removeAll(gone);
    return values;
  }
}
