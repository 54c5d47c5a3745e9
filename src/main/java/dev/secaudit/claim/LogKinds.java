package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "Plaintext passwords" said of logs is a kind of data kept out of them, not how passwords are
 * stored: "Logs do not contain card numbers or plaintext passwords." states that logs hold no
 * passwords (a blind review, founder19 F11: read as card numbers only beside password hashing,
 * so "Do you log passwords?" was review), and "Do you log plaintext passwords?" asks whether they
 * do. Where no log is named ("Passwords are never stored in plaintext.") it stays hashing.
 */
final class LogKinds {
  private static final String LOGS = "logging.sensitive_data";
  private static final String HASHING = "passwords.hashing";
  private static final Set<String> LISTING = Set.of("and", "or", "nor");

  private LogKinds() {}

  /**
   * Turns a plaintext-password hit into the log topic's: joined to the log topic's list of kinds,
   * it extends that list; in a sentence that names logs and no kind besides, it is the kind.
   */
  static void passwordsInLogs(List<Word> words, WordRole[] role, List<TopicHit> hits,
      Map<Integer, String> scopeAt, Vocabulary vocabulary) {
    TopicHit plain = hits.stream().filter(h -> h.topic().id().equals(HASHING) && h.violation())
        .findFirst().orElse(null);
    if (plain == null) {
      return;
    }
    TopicHit logs = hits.stream().filter(h -> h.topic().id().equals(LOGS)).findFirst()
        .orElse(null);
    if (logs != null) {
      if (listedAfter(words, role, logs, plain)) {
        hits.remove(plain);
        hits.set(hits.indexOf(logs), new TopicHit(logs.topic(), logs.start(), plain.end(),
            logs.violation()));
      }
      return;
    }
    Integer logWord = scopeAt.entrySet().stream()
        .filter(e -> e.getValue().equals("log") && words.get(e.getKey()).stem().equals("log"))
        .map(Map.Entry::getKey).findFirst().orElse(null);
    if (logWord == null) {
      return;
    }
    scopeAt.remove(logWord);
    role[logWord] = WordRole.TOPIC;
    hits.remove(plain);
    hits.add(new TopicHit(vocabulary.topic(LOGS).orElseThrow(), Math.min(logWord, plain.start()),
        Math.max(logWord + 1, plain.end()), true));
  }

  /** "card numbers or plaintext passwords": only a joiner between the list and the hit. */
  private static boolean listedAfter(List<Word> words, WordRole[] role, TopicHit list,
      TopicHit hit) {
    if (hit.start() < list.end()) {
      return false;
    }
    for (int k = list.end(); k < hit.start(); k++) {
      if (!LISTING.contains(words.get(k).text()) || (role[k] != null
          && role[k] != WordRole.JOINER)) {
        return false;
      }
    }
    return true;
  }

  /**
   * "All requests are logged for 30 days": how long the logs are kept, which "logged" read as the
   * logs themselves hid (before: "'30' (an amount no topic here takes)", and init wrote no
   * retention rule). Only with a length of time right after: "logged for abuse detection" is why.
   * Returns where "logged" stands, which names the logs as what is kept, or -1.
   */
  static int loggedFor(List<Word> words, WordRole[] role, List<TopicHit> hits,
      List<Amount> amounts, Vocabulary vocabulary) {
    for (int i = 0; i + 2 < words.size(); i++) {
      int at = i + 2;
      if (words.get(i).text().equals("logged") && words.get(i + 1).text().equals("for")
          && role[i] == null && role[i + 1] == null && amounts.stream().anyMatch(a ->
              a.position() == at && a.unit() == Quantity.Unit.SECONDS)) {
        role[i] = WordRole.TOPIC;
        role[i + 1] = WordRole.TOPIC;
        hits.add(new TopicHit(vocabulary.topic("retention.kept").orElseThrow(), i, i + 2, false));
        return i;
      }
    }
    return -1;
  }
}
