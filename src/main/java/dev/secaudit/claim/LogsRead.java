package dev.secaudit.claim;

import dev.secaudit.policy.DataHygiene;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The logs the hygiene checks read, by the kind their entries name ("access-logs",
 * "logs/access-*.log"): what they found or did not find speaks for those files, not for
 * application logs they never opened, nor for every log (a twelfth blind review: a search of
 * access logs answered "Are application logs free of card numbers?" and "Are all logs ...?" Yes,
 * and a page published "Application logs contain no card numbers.").
 */
final class LogsRead {
  private static final Set<String> LOG_WORDS = Set.of("log", "logs", "logging", "logged",
      "file", "files", "gz", "txt", "json", "var", "tmp", "srv", "data");
  /** Words before "logs" that say whose or how many, not which kind. */
  private static final Set<String> NO_KIND = Set.of("the", "our", "your", "their", "its", "all",
      "every", "each", "any", "some", "in", "into", "to", "of", "from", "out", "no", "and", "or",
      "clear", "plain", "these", "those", "my", "we", "you", "ever", "never", "do", "are", "is",
      "free", "contain", "write", "written", "keep", "kept");
  private static final Set<String> HYGIENE = Set.of("data.secrets", "data.personal_data");

  private final List<String> entries;
  private final Set<String> kinds;

  private LogsRead(List<String> entries, Set<String> kinds) {
    this.entries = List.copyOf(entries);
    this.kinds = Set.copyOf(kinds);
  }

  static LogsRead of(List<DataHygiene> hygiene) {
    List<String> entries = new ArrayList<>();
    Set<String> kinds = new LinkedHashSet<>();
    for (DataHygiene d : hygiene) {
      entries.add(d.name() + " (" + String.join(", ", d.paths()) + ")");
      kinds.addAll(words(d.name()));
      for (String glob : d.paths()) {
        String[] steps = glob.split("/");
        // The file name's words and its folder's ("/var/log/app/*.log" is the app's logs).
        kinds.addAll(words(steps[steps.length - 1]));
        if (steps.length > 1) {
          kinds.addAll(words(steps[steps.length - 2]));
        }
      }
    }
    return new LogsRead(entries, kinds);
  }

  /**
   * Why a claim on logs that rests on the hygiene checks does not speak for the logs a sentence
   * names, or "": logs of a kind no entry read ("application logs" beside "access-logs"), or
   * every log, which files read by name are not (a card number found still shows a lapse).
   */
  String beyond(Claim c, ClaimPart asked) {
    if (entries.isEmpty() || !asked.topic().id().equals("logging.sensitive_data")
        || c.checkIds().stream().noneMatch(HYGIENE::contains)) {
      return "";
    }
    // Every kind named counts: "access logs and application logs" asks of both.
    String kind = kindsNamed(asked.text()).stream().filter(k -> !kinds.contains(k)).findFirst()
        .orElse(null);
    if (kind != null) {
      return "rests on the logs read (" + String.join("; ", entries) + "), not on " + kind
          + " logs";
    }
    boolean every = asked.scope().universal() && !asked.some();
    if (every && c.standing() != Standing.REFUTED) {
      return "rests on the logs read (" + String.join("; ", entries) + "), not on every log";
    }
    return "";
  }

  /** The kinds of log a sentence names by the word before each "logs" ("application"). */
  private static List<String> kindsNamed(String text) {
    List<Words.Word> words = Words.of(text);
    List<String> named = new ArrayList<>();
    for (int i = 1; i < words.size(); i++) {
      String w = words.get(i).text();
      if (w.equals("log") || w.equals("logs")) {
        String before = words.get(i - 1).text();
        if (!NO_KIND.contains(before)) {
          named.add(normal(before));
        }
      }
    }
    return named;
  }

  private static Set<String> words(String name) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : name.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
      if (w.length() > 1 && !LOG_WORDS.contains(w)) {
        out.add(normal(w));
      }
    }
    return out;
  }

  /** One word for a kind said two ways: "app" is "application". */
  static String normal(String word) {
    return word.equals("app") || word.equals("apps") ? "application" : word;
  }
}
