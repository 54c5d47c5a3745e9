package dev.secaudit.claim;

import dev.secaudit.policy.DataHygiene;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Retention;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The logs the hygiene checks read, by the kind their entries name ("access-logs",
 * "logs/access-*.log"): what they found or did not find speaks for those files, not for
 * application logs they never opened, nor for every log (a twelfth blind review: a search of
 * access logs answered "Are application logs free of card numbers?" and "Are all logs ...?" Yes,
 * and a page published "Application logs contain no card numbers."). So do the logs a retention
 * rule's logrotate stanza or journald covers: "Are logs retained for no more than 30 days?" was
 * Yes from one file's stanza, and "Do your logs ever contain passwords?" No from the one file
 * read, while the scan called its own claim on logs a person's to decide (founder24). Nothing in
 * the policy says the files read are every log: a person who knows attests it as a claim.
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
  private static final Pattern RETENTION_ENTRY = Pattern.compile("^/retention/(\\d+)");
  /** "log", "logs", "*.log", "access.log.1", "journal" as a word of a name or path. */
  private static final Pattern LOG_NAMED =
      Pattern.compile("(?i)(^|[^a-z])(logs?|journal)([^a-z]|$)");

  private final List<String> entries;
  private final Set<String> kinds;
  /** Retention entries over log files or the journal, by index: what each covers. */
  private final Map<Integer, Covered> retained;
  /** The retention entries each policy claim lists among its checks. */
  private final Map<String, Set<Integer>> rulesOf;

  /** The logs one retention rule covers, as a reviewer reads them, and their kinds. */
  private record Covered(String logs, Set<String> kinds) {}

  private LogsRead(List<String> entries, Set<String> kinds, Map<Integer, Covered> retained,
      Map<String, Set<Integer>> rulesOf) {
    this.entries = List.copyOf(entries);
    this.kinds = Set.copyOf(kinds);
    this.retained = Map.copyOf(retained);
    this.rulesOf = Map.copyOf(rulesOf);
  }

  static LogsRead of(Policy policy) {
    List<String> entries = new ArrayList<>();
    Set<String> kinds = new LinkedHashSet<>();
    for (DataHygiene d : policy.dataHygiene()) {
      entries.add(d.name() + " (" + String.join(", ", d.paths()) + ")");
      kinds.addAll(words(d.name()));
      for (String glob : d.paths()) {
        kinds.addAll(pathWords(glob));
      }
    }
    Map<Integer, Covered> retained = new HashMap<>();
    for (int i = 0; i < policy.retention().size(); i++) {
      Retention r = policy.retention().get(i);
      Set<String> covers = new LinkedHashSet<>(words(r.name()));
      if (r.description() != null) {
        covers.addAll(kindsNamed(r.description()));
      }
      if (r.source() != null && r.source().logrotate() != null
          && r.source().logrotate().log() != null) {
        covers.addAll(pathWords(r.source().logrotate().log()));
        retained.put(i, new Covered(r.source().logrotate().log() + " (logrotate)", stems(covers)));
      } else if (r.source() != null && r.source().journald() != null) {
        covers.addAll(Set.of("journal", "system", "systemd", "journald"));
        retained.put(i, new Covered("the systemd journal", stems(covers)));
      } else if (r.source() != null && r.source().directory() != null
          && logFolder(r.name(), r.source().directory())) {
        // A folder of log files ("/var/log/app", "*.log") is which logs, as a stanza's file is:
        // its oldest file shows those files kept, not every log the service writes.
        String files = filesOf(r.source().directory());
        covers.addAll(pathWords(files));
        retained.put(i, new Covered(files + " (directory)", stems(covers)));
      }
    }
    Map<String, Set<Integer>> rulesOf = new HashMap<>();
    for (dev.secaudit.policy.Claim c : policy.claims()) {
      for (String check : c.checks() == null ? List.<String>of() : c.checks()) {
        Matcher m = RETENTION_ENTRY.matcher(check);
        if (m.find()) {
          rulesOf.computeIfAbsent(c.id(), k -> new TreeSet<>()).add(Integer.parseInt(m.group(1)));
        }
      }
    }
    return new LogsRead(entries, kinds, retained, rulesOf);
  }

  /** Whether a retention rule's folder holds logs: its name, path or glob says so. */
  private static boolean logFolder(String name, Retention.RetentionDirectory directory) {
    String said = (name == null ? "" : name) + " " + filesOf(directory);
    return LOG_NAMED.matcher(said).find();
  }

  /** The files a folder rule reads, as a reviewer writes them: "/var/log/app/*.log". */
  private static String filesOf(Retention.RetentionDirectory directory) {
    String path = directory.path() == null ? "" : directory.path();
    String glob = directory.glob();
    if (glob == null || glob.isBlank()) {
      return path;
    }
    return (path.endsWith("/") ? path : path + "/") + glob;
  }

  /** The file name's words and its folder's ("/var/log/app/*.log" is the app's logs). */
  private static Set<String> pathWords(String glob) {
    String[] steps = glob.split("/");
    Set<String> out = new LinkedHashSet<>(words(steps[steps.length - 1]));
    if (steps.length > 1) {
      out.addAll(words(steps[steps.length - 2]));
    }
    return out;
  }

  /**
   * Why a claim on logs does not speak for the logs a question or sentence names, or "": logs
   * of a kind no entry read ("application logs" beside "access-logs"); every log, which files
   * read by name are not (a card number found still shows a lapse); or logs named by no kind
   * ("your logs", "Do you log passwords?"), which are every log the service writes.
   */
  String beyond(Claim c, ClaimPart asked) {
    if (asked.topic().id().equals("retention")) {
      return beyondRules(c, asked);
    }
    if (entries.isEmpty() || !asked.topic().id().equals("logging.sensitive_data")
        || c.checkIds().stream().noneMatch(HYGIENE::contains)) {
      return "";
    }
    List<String> named = kindsNamed(asked.text());
    // Every kind named counts: "access logs and application logs" asks of both.
    String kind = named.stream().filter(k -> !kinds.contains(k)).findFirst().orElse(null);
    if (kind != null) {
      return "rests on the logs read (" + String.join("; ", entries) + "), not on " + kind
          + " logs";
    }
    boolean every = named.isEmpty() || asked.scope().universal() && !asked.some();
    if (every && c.standing() != Standing.REFUTED) {
      return "rests on the logs read (" + String.join("; ", entries) + "), not on every log";
    }
    return "";
  }

  /**
   * As {@link #beyond} for a retention rule over log files or the journal: it keeps or removes
   * those, and says nothing of logs of another kind, or of logs named by no kind. A rule that
   * keeps its logs too long is a lapse whatever else is asked of.
   */
  private String beyondRules(Claim c, ClaimPart asked) {
    Set<Integer> rules = new TreeSet<>(rulesOf.getOrDefault(c.id(), Set.of()));
    Matcher own = RETENTION_ENTRY.matcher(c.id());
    if (own.find()) {
      rules.add(Integer.parseInt(own.group(1)));
    }
    List<Covered> over = rules.stream().map(retained::get).filter(Objects::nonNull).toList();
    // "All requests are logged" names its kind in its scope (some log (request)), not before
    // the word "logs".
    Set<String> named = new LinkedHashSet<>(kindsNamed(asked.text()));
    asked.scope().kinds().stream().filter(k -> k.startsWith("log:"))
        .forEach(k -> named.add(k.substring(4)));
    if (over.isEmpty() || named.isEmpty() && !asked.scope().nouns().contains("log")) {
      return "";
    }
    Set<String> covered = new HashSet<>();
    over.forEach(o -> covered.addAll(o.kinds()));
    String logs = "rests on the logs its rule covers (" + String.join("; ",
        over.stream().map(Covered::logs).distinct().toList()) + "), not on ";
    String kind = named.stream().filter(k -> !covered.contains(stem(k))).findFirst()
        .orElse(null);
    if (kind != null) {
      return logs + kind + " logs";
    }
    if (named.isEmpty() && excludes(c, asked)) {
      // A bound its logs are shown to keep that the asked threshold excludes ("kept at most 30
      // days" beside "Are logs retained for at least a year?") is a counterexample among every
      // log: weighed as it stands, it answers No, as a lapse found in a log read does.
      return "";
    }
    return named.isEmpty() && c.standing() != Standing.REFUTED ? logs + "every log" : "";
  }

  /** Whether a claim that holds bounds its logs outside the threshold asked of every log. */
  private static boolean excludes(Claim c, ClaimPart asked) {
    Quantity held = c.part().quantity();
    return (c.standing() == Standing.VERIFIED || c.standing() == Standing.ATTESTED)
        && !asked.some() && held != null && asked.quantity() != null
        && held.relationTo(asked.quantity()) == Quantity.Relation.DISJOINT;
  }

  private static Set<String> stems(Set<String> words) {
    Set<String> out = new HashSet<>();
    words.forEach(w -> out.add(stem(w)));
    return out;
  }

  /** "requests.log" covers "request logs". */
  private static String stem(String word) {
    List<String> s = Words.stems(word);
    return s.isEmpty() ? word : s.get(0);
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
