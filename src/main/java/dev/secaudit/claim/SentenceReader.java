package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one English sentence, a page's or a question, into the structure of a claim: topics from
 * the vocabulary, polarity (negation, plans, violations), amounts with units and bounds, scope
 * words, compound parts and requests for documents. Every word must be accounted for: what was not
 * understood is listed, and makes the reading partial. The rules are plain and deterministic so a
 * reviewer can follow why a sentence was read as it was.
 */
public final class SentenceReader {
  private enum Role {
    TOPIC,
    QUANTITY,
    NEGATION,
    PLANNED,
    QUANTIFIER,
    SCOPE,
    DOCUMENT,
    VALUE,
    NEUTRAL,
    JOINER
  }

  private static final Set<String> QUESTION_STARTS = Set.of("do", "does", "did", "is", "are",
      "was", "were", "have", "has", "can", "could", "will", "would", "should", "shall", "may",
      "please", "describe", "explain", "confirm", "provide", "list", "what", "which", "how", "who",
      "when", "where", "indicate", "specify");
  /** Words before a scope noun that do not narrow it. */
  private static final Set<String> LEAD_INS = Set.of("the", "a", "an", "our", "your", "their",
      "its", "all", "every", "each", "any", "of", "for", "in", "on", "to", "at", "by", "with",
      "from", "are", "is", "and", "or", "do", "does", "have", "has", "that", "these", "those",
      "this", "customer", "customers", "user", "users", "we", "you", "them", "into", "across");
  private static final Set<String> JOINERS = Set.of("and", "or", "nor", "plus");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
  private static final Pattern NUMBER_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-z]+)");
  private static final Pattern VERSION_WORD = Pattern.compile("(ssl|tls)v?(\\d+(?:\\.\\d+)?)");
  private static final Map<String, Double> NUMBER_WORDS = Map.ofEntries(Map.entry("one", 1d),
      Map.entry("two", 2d), Map.entry("three", 3d), Map.entry("four", 4d), Map.entry("five", 5d),
      Map.entry("six", 6d), Map.entry("seven", 7d), Map.entry("eight", 8d),
      Map.entry("nine", 9d), Map.entry("ten", 10d), Map.entry("eleven", 11d),
      Map.entry("twelve", 12d), Map.entry("fifteen", 15d), Map.entry("twenty", 20d),
      Map.entry("thirty", 30d), Map.entry("forty", 40d), Map.entry("fifty", 50d),
      Map.entry("sixty", 60d), Map.entry("ninety", 90d), Map.entry("hundred", 100d));
  private static final Map<String, Double> SECONDS = Map.ofEntries(Map.entry("second", 1d),
      Map.entry("seconds", 1d), Map.entry("sec", 1d), Map.entry("secs", 1d), Map.entry("s", 1d),
      Map.entry("minute", 60d), Map.entry("minutes", 60d), Map.entry("min", 60d),
      Map.entry("mins", 60d), Map.entry("m", 60d), Map.entry("hour", 3600d),
      Map.entry("hours", 3600d), Map.entry("hr", 3600d), Map.entry("hrs", 3600d),
      Map.entry("h", 3600d), Map.entry("day", 86400d), Map.entry("days", 86400d),
      Map.entry("d", 86400d), Map.entry("week", 604800d), Map.entry("weeks", 604800d),
      Map.entry("w", 604800d), Map.entry("month", 2592000d), Map.entry("months", 2592000d),
      Map.entry("year", 31536000d), Map.entry("years", 31536000d), Map.entry("yr", 31536000d),
      Map.entry("yrs", 31536000d), Map.entry("y", 31536000d), Map.entry("annum", 31536000d));
  /** Words that say how often: a period, bounded above ("daily" is at most a day apart). */
  private static final Map<String, Double> FREQUENCY = Map.ofEntries(
      Map.entry("hourly", 3600d), Map.entry("daily", 86400d), Map.entry("nightly", 86400d),
      Map.entry("weekly", 604800d), Map.entry("monthly", 2592000d),
      Map.entry("quarterly", 7884000d), Map.entry("annually", 31536000d),
      Map.entry("annual", 31536000d), Map.entry("yearly", 31536000d));
  private static final Set<String> COUNTED = Set.of("attempt", "attempts", "request", "requests",
      "login", "logins", "try", "tries", "time", "times", "call", "calls", "guess", "guesses",
      "submission", "submissions", "message", "messages");
  private static final List<String> AT_LEAST_BEFORE = List.of("at least", "minimum of", "minimum",
      "min", "no less than", "not less than", "more than", "over", "greater than", "above",
      "no fewer than", "not fewer than", "longer than");
  private static final List<String> AT_MOST_BEFORE = List.of("at most", "no more than",
      "not more than", "up to", "maximum of", "maximum", "max", "within", "less than", "under",
      "no longer than", "not longer than", "fewer than", "not exceeding", "not exceed", "before",
      "shorter than");
  private static final List<String> EXACTLY_BEFORE = List.of("exactly");
  private static final List<String> AT_LEAST_AFTER = List.of("or higher", "or above", "or later",
      "or newer", "or more", "or greater", "or better", "and above", "and higher", "and later",
      "and newer", "or longer", "and up");
  private static final List<String> AT_MOST_AFTER = List.of("or less", "or fewer", "or lower",
      "or sooner", "or shorter", "and below", "or earlier");

  private final Vocabulary vocabulary;

  public SentenceReader(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  private record Hit(Topic topic, int start, int end, boolean violation) {}

  /**
   * @param inverted the sentence asks about versions below the amount being accepted, which is
   *     the minimum version not being in place
   */
  private record Amount(int position, double value, Quantity.Unit unit,
      Quantity.Comparison comparison, boolean inverted) {
    Amount(int position, double value, Quantity.Unit unit, Quantity.Comparison comparison) {
      this(position, value, unit, comparison, false);
    }
  }

  private static final Set<String> REFUSED = Set.of("refused", "refuse", "refuses", "disabled",
      "disable", "rejected", "reject", "rejects", "blocked", "block", "deprecated", "unsupported",
      "forbidden", "prohibited");

  public Reading read(String sentence) {
    String text = sentence == null ? "" : sentence.strip();
    List<Word> words = Words.of(text);
    int n = words.size();
    Role[] role = new Role[n];
    List<Hit> hits = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    if (text.startsWith("=")) {
      // A spreadsheet formula Excel never computed: its words are code, not the question.
      unread.add("the cell is a formula (" + text + "), not the question's text");
    }
    boolean question = text.endsWith("?")
        || (n > 0 && QUESTION_STARTS.contains(words.get(0).text()));

    matchCues(words, role, hits, false);
    List<Amount> amounts = readAmounts(text, words, role, hits, unread);
    List<Integer> sameSiteNone = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      // "SameSite=None" names a value; it negates nothing.
      if (role[i] == null && words.get(i).text().equals("none")
          && words.get(i - 1).text().equals("samesite")) {
        role[i] = Role.VALUE;
        sameSiteNone.add(i);
      }
    }
    List<Integer> negations = mark(words, role, vocabulary.negations(), Role.NEGATION);
    sameSiteNone.forEach(i -> role[i] = null); // free again for the value reader
    List<Integer> plans = mark(words, role, vocabulary.planned(), Role.PLANNED);
    List<Integer> universals = mark(words, role, vocabulary.universal(), Role.QUANTIFIER);
    List<Integer> somes = mark(words, role, vocabulary.partialQuantifiers(), Role.QUANTIFIER);
    // Scope before vague words: "encryption keys" are keys, not a claim about encryption.
    Map<Integer, String> scopeAt = readScope(words, role, question, universals);
    matchCues(words, role, hits, true);
    matchTogether(words, role, hits, scopeAt);
    Map<Hit, String> values = readValues(words, role, hits);
    readVersionBounds(words, role, amounts);
    boolean document = readDocumentRequest(words, role);
    for (int i = 0; i < n; i++) {
      if (role[i] == null && JOINERS.contains(words.get(i).text())) {
        role[i] = Role.JOINER;
      } else if (role[i] == null && vocabulary.neutral(words.get(i).stem())) {
        role[i] = Role.NEUTRAL;
      }
    }
    for (int i = 0; i < n; i++) {
      if (role[i] == null) {
        unread.add(words.get(i).text());
      }
    }
    return assemble(text, words, role, hits, amounts, negations, plans, somes, scopeAt, values,
        question, document, unread);
  }

  // --- amounts -----------------------------------------------------------------------------

  private List<Amount> readAmounts(String text, List<Word> words, Role[] role, List<Hit> hits,
      List<String> unread) {
    List<Amount> out = new ArrayList<>();
    int n = words.size();
    for (int i = 0; i < n; i++) {
      String w = words.get(i).text();
      Matcher version = VERSION_WORD.matcher(w);
      if (version.matches()) {
        // "TLSv1.2", "SSLv3": the topic and the amount in one word.
        double v = versionValue(version.group(1), version.group(2));
        if (role[i] != Role.TOPIC) {
          int at = i;
          vocabulary.topic("tls.min_version")
              .ifPresent(t -> hits.add(new Hit(t, at, at + 1, false)));
        }
        role[i] = Role.TOPIC;
        out.add(new Amount(i, v, Quantity.Unit.VERSION, bound(text, words, role, i, i + 1)));
        continue;
      }
      if (role[i] != null) {
        continue;
      }
      Double frequency = FREQUENCY.get(w);
      if (frequency != null) {
        role[i] = Role.QUANTITY;
        out.add(new Amount(i, frequency, Quantity.Unit.SECONDS, Quantity.Comparison.AT_MOST));
        continue;
      }
      Double number = null;
      String glued = null;
      if (NUMBER.matcher(w).matches()) {
        number = Double.parseDouble(w);
      } else if (NUMBER_WORDS.containsKey(w)) {
        number = NUMBER_WORDS.get(w);
      } else if ((w.equals("a") || w.equals("an") || w.equals("once")) && i + 1 < n
          && role[i + 1] == null && SECONDS.containsKey(words.get(i + 1).text())
          && !precededByCount(words, i)) {
        number = 1d;
      } else {
        Matcher m = NUMBER_UNIT.matcher(w);
        if (m.matches() && (SECONDS.containsKey(m.group(2)) || m.group(2).equals("bit")
            || m.group(2).equals("chars"))) {
          number = Double.parseDouble(m.group(1));
          glued = m.group(2);
        }
      }
      if (number == null) {
        continue;
      }
      if (w.equals("once")) {
        // "once a year": a period of one unit.
        role[i] = Role.QUANTITY;
        role[i + 1] = Role.QUANTITY;
        out.add(new Amount(i, SECONDS.get(words.get(i + 1).text()), Quantity.Unit.SECONDS,
            Quantity.Comparison.AT_MOST));
        i++;
        continue;
      }
      int end = i + 1;
      String unitWord = glued != null ? glued : end < n ? words.get(end).text() : "";
      if (glued == null && end < n && unitWord.equals("bit")) {
        end++;
      } else if (glued == null && SECONDS.containsKey(unitWord)) {
        end++;
      } else if (glued == null && (unitWord.startsWith("character") || unitWord.equals("chars"))) {
        end++;
      } else if (glued == null && COUNTED.contains(unitWord)) {
        end++;
        if (end < n && COUNTED.contains(words.get(end).text())) {
          // "10 login attempts": the last counted noun is the unit.
          unitWord = words.get(end).text();
          end++;
        }
      } else if (glued == null && end < n && COUNTED.contains(words.get(end).text()) == false
          && end + 1 < n && COUNTED.contains(words.get(end + 1).text())) {
        // "10 login attempts", "5 failed attempts"
        end += 2;
        unitWord = words.get(end - 1).text();
      }
      Quantity.Unit unit;
      double value = number;
      String previous = i > 0 ? words.get(i - 1).text() : "";
      String previous2 = i > 1 ? words.get(i - 2).text() : "";
      if (glued != null && SECONDS.containsKey(glued)) {
        unit = Quantity.Unit.SECONDS;
        value = number * SECONDS.get(glued);
      } else if (glued != null) {
        unit = glued.equals("bit") ? Quantity.Unit.BITS : Quantity.Unit.CHARACTERS;
      } else if (end > i + 1 && SECONDS.containsKey(unitWord)
          && text.substring(words.get(i).end(), words.get(end - 1).start()).strip()
              .equals("/")) {
        // "200/hour", "10/min"
        unit = Quantity.Unit.PER_SECOND;
        value = number / SECONDS.get(unitWord);
      } else if (end > i + 1 && SECONDS.containsKey(unitWord)) {
        unit = Quantity.Unit.SECONDS;
        value = number * SECONDS.get(unitWord);
      } else if (end > i + 1 && unitWord.equals("bit")) {
        unit = Quantity.Unit.BITS;
        if (end < n && role[end] == null && words.get(end).stem().equals("kei")) {
          end++;
        }
      } else if (end > i + 1 && (unitWord.startsWith("character") || unitWord.equals("chars"))) {
        unit = Quantity.Unit.CHARACTERS;
      } else if (end > i + 1 && COUNTED.contains(unitWord)) {
        int window = rateWindow(words, role, end);
        if (window > 0) {
          unit = Quantity.Unit.PER_SECOND;
          double seconds = SECONDS.get(words.get(end + window - 1).text());
          value = number / seconds;
          end += window;
        } else {
          unit = Quantity.Unit.COUNT;
        }
      } else if (previous.equals("aes") || previous.equals("rsa")) {
        unit = Quantity.Unit.BITS;
      } else if (versionContext(words, i)) {
        unit = Quantity.Unit.VERSION;
        value = versionValue(previous.startsWith("ssl") || previous2.startsWith("ssl") ? "ssl"
            : "tls", w);
      } else if (end < n && words.get(end).text().equals("per") && end + 1 < n
          && SECONDS.containsKey(words.get(end + 1).text())) {
        unit = Quantity.Unit.PER_SECOND;
        value = number / SECONDS.get(words.get(end + 1).text());
        end += 2;
      } else {
        if (NUMBER.matcher(w).matches() || NUMBER_WORDS.containsKey(w)) {
          role[i] = Role.QUANTITY;
          unread.add("'" + w + "' (an amount without a unit)");
        }
        continue;
      }
      for (int k = i; k < end; k++) {
        // A counted noun may name the topic too ("10 login attempts"): it stays the topic's.
        if (role[k] != Role.TOPIC) {
          role[k] = Role.QUANTITY;
        }
      }
      if (i > 0 && words.get(i - 1).text().equals("every") && unit == Quantity.Unit.SECONDS) {
        role[i - 1] = Role.QUANTITY;
        out.add(new Amount(i, value, unit, Quantity.Comparison.AT_MOST));
        continue;
      }
      out.add(new Amount(i, value, unit, bound(text, words, role, i, end)));
      i = end - 1;
    }
    // "every minute", "every year": a period of one unit.
    for (int i = 0; i + 1 < n; i++) {
      if (role[i] == null && role[i + 1] == null && words.get(i).text().equals("every")
          && SECONDS.containsKey(words.get(i + 1).text())) {
        role[i] = Role.QUANTITY;
        role[i + 1] = Role.QUANTITY;
        out.add(new Amount(i, SECONDS.get(words.get(i + 1).text()), Quantity.Unit.SECONDS,
            Quantity.Comparison.AT_MOST));
      }
    }
    return out;
  }

  private static boolean precededByCount(List<Word> words, int i) {
    return i > 0 && COUNTED.contains(words.get(i - 1).text());
  }

  /** Words after a counted noun that give its window: "per minute", "a minute", "each hour". */
  private static int rateWindow(List<Word> words, Role[] role, int at) {
    int n = words.size();
    if (at < n && SECONDS.containsKey(words.get(at).text()) && at > 0
        && words.get(at - 1).text().equals("per")) {
      return 1;
    }
    if (at + 1 < n && Set.of("per", "a", "an", "each", "every", "in").contains(words.get(at).text())
        && SECONDS.containsKey(words.get(at + 1).text())) {
      return 2;
    }
    if (at + 2 < n && Set.of("in", "within").contains(words.get(at).text())
        && Set.of("a", "one", "1").contains(words.get(at + 1).text())
        && SECONDS.containsKey(words.get(at + 2).text())) {
      return 3;
    }
    return 0;
  }

  /** A bare number is a protocol version when TLS, SSL or "version" stands just before it. */
  private static boolean versionContext(List<Word> words, int at) {
    for (int k = Math.max(0, at - 4); k < at; k++) {
      String w = words.get(k).text();
      if (w.equals("tls") || w.equals("ssl") || w.equals("version") || w.equals("versions")
          || w.equals("tlsv")) {
        return true;
      }
    }
    return false;
  }

  private static double versionValue(String family, String number) {
    double v = Double.parseDouble(number);
    if (family.equals("ssl")) {
      return v >= 1 ? v / 10 : v;
    }
    return v;
  }

  /** The bound around an amount, from the words before it or after it; null when none. */
  private Quantity.Comparison bound(String text, List<Word> words, Role[] role, int start,
      int end) {
    if (end - 1 < words.size() && words.get(end - 1).end() < text.length()
        && text.charAt(words.get(end - 1).end()) == '+') {
      return Quantity.Comparison.AT_LEAST;
    }
    for (var e : List.of(Map.entry(AT_LEAST_BEFORE, Quantity.Comparison.AT_LEAST),
        Map.entry(AT_MOST_BEFORE, Quantity.Comparison.AT_MOST),
        Map.entry(EXACTLY_BEFORE, Quantity.Comparison.EXACTLY))) {
      for (String phrase : e.getKey()) {
        String[] p = phrase.split(" ");
        if (endsBefore(words, role, start, p)) {
          markBefore(role, start, p.length);
          return e.getValue();
        }
      }
    }
    for (var e : List.of(Map.entry(AT_LEAST_AFTER, Quantity.Comparison.AT_LEAST),
        Map.entry(AT_MOST_AFTER, Quantity.Comparison.AT_MOST))) {
      for (String phrase : e.getKey()) {
        String[] p = phrase.split(" ");
        if (startsAt(words, role, end, p)) {
          for (int k = end; k < end + p.length; k++) {
            role[k] = Role.QUANTITY;
          }
          return e.getValue();
        }
      }
    }
    return null;
  }

  private static boolean endsBefore(List<Word> words, Role[] role, int at, String[] phrase) {
    // An article may stand between the bound and the amount: "within a day" is read by the
    // article rule; "at least a year" likewise.
    int from = at - phrase.length;
    if (from < 0) {
      return false;
    }
    for (int k = 0; k < phrase.length; k++) {
      if (role[from + k] != null || !words.get(from + k).text().equals(phrase[k])) {
        return false;
      }
    }
    return true;
  }

  private static void markBefore(Role[] role, int at, int length) {
    for (int k = at - length; k < at; k++) {
      role[k] = Role.QUANTITY;
    }
  }

  private static boolean startsAt(List<Word> words, Role[] role, int at, String[] phrase) {
    if (at + phrase.length > words.size()) {
      return false;
    }
    for (int k = 0; k < phrase.length; k++) {
      if (role[at + k] != null || !words.get(at + k).text().equals(phrase[k])) {
        return false;
      }
    }
    return true;
  }

  // --- topics, values, polarity, scope -------------------------------------------------------

  private void matchCues(List<Word> words, Role[] role, List<Hit> hits, boolean vague) {
    record Cue(Topic topic, List<String> phrase, boolean violation) {}
    List<Cue> cues = new ArrayList<>();
    for (Topic t : vocabulary.topics()) {
      if (t.isAbstract() != vague) {
        continue;
      }
      t.cues().forEach(p -> cues.add(new Cue(t, p, false)));
      t.violationCues().forEach(p -> cues.add(new Cue(t, p, true)));
    }
    // Longest phrase first: "session cookie" before "cookie", "tls version" before "tls".
    cues.sort(Comparator.comparingInt((Cue c) -> -c.phrase().size()));
    for (Cue c : cues) {
      int len = c.phrase().size();
      for (int i = 0; i + len <= words.size(); i++) {
        if (matchesStems(words, role, i, c.phrase())) {
          for (int k = i; k < i + len; k++) {
            role[k] = Role.TOPIC;
          }
          hits.add(new Hit(c.topic(), i, i + len, c.violation()));
        }
      }
    }
  }

  private static boolean matchesStems(List<Word> words, Role[] role, int at, List<String> phrase) {
    for (int k = 0; k < phrase.size(); k++) {
      if (role[at + k] != null || !words.get(at + k).stem().equals(phrase.get(k))) {
        return false;
      }
    }
    return true;
  }

  /** A named value right after its topic's word: "SameSite=Lax", "hashed with bcrypt". */
  private static Map<Hit, String> readValues(List<Word> words, Role[] role, List<Hit> hits) {
    Map<Hit, String> values = new java.util.HashMap<>();
    for (Hit hit : hits) {
      if (hit.topic().values().isEmpty()) {
        continue;
      }
      for (int k = hit.start(); k < Math.min(words.size(), hit.end() + 3); k++) {
        boolean own = k < hit.end() || role[k] == null;
        if (own && hit.topic().values().contains(words.get(k).stem())) {
          if (role[k] == null) {
            role[k] = Role.VALUE;
          }
          values.put(hit, words.get(k).stem());
          break;
        }
      }
    }
    return values;
  }

  private static List<Integer> mark(List<Word> words, Role[] role, List<List<String>> phrases,
      Role as) {
    List<Integer> at = new ArrayList<>();
    List<List<String>> sorted = new ArrayList<>(phrases);
    sorted.sort(Comparator.comparingInt(p -> -p.size()));
    for (List<String> p : sorted) {
      for (int i = 0; i + p.size() <= words.size(); i++) {
        if (matchesStems(words, role, i, p)) {
          for (int k = i; k < i + p.size(); k++) {
            role[k] = as;
          }
          at.add(i);
        }
      }
    }
    at.sort(null);
    return at;
  }

  private Map<Integer, String> readScope(List<Word> words, Role[] role, boolean question,
      List<Integer> universals) {
    Map<Integer, String> at = new java.util.TreeMap<>();
    List<Map.Entry<String, List<String>>> phrases = new ArrayList<>();
    vocabulary.scope().forEach((cls, list) -> list.forEach(p -> phrases.add(Map.entry(cls, p))));
    phrases.sort(Comparator.comparingInt(e -> -e.getValue().size()));
    for (var e : phrases) {
      List<String> p = e.getValue();
      for (int i = 0; i + p.size() <= words.size(); i++) {
        if (!matchesStems(words, role, i, p)) {
          continue;
        }
        int from = i;
        // Nearly every question says "data"; it limits the question only when quantified
        // ("all customer data"). A claim that names data speaks for it.
        if (question && e.getKey().equals("data")
            && universals.stream().noneMatch(u -> u < from && from - u <= 3)) {
          continue;
        }
        for (int k = i; k < i + p.size(); k++) {
          role[k] = Role.SCOPE;
        }
        at.put(i, e.getKey());
      }
    }
    return at;
  }

  /**
   * "TLS versions older than 1.2 are refused", "TLS 1.0 is disabled": refusing versions below
   * a bound is a minimum version. Asking whether old versions are allowed asks the opposite.
   */
  private void readVersionBounds(List<Word> words, Role[] role, List<Amount> amounts) {
    boolean refused = false;
    for (int i = 0; i < words.size(); i++) {
      if (role[i] == null && REFUSED.contains(words.get(i).text())) {
        role[i] = Role.NEUTRAL;
        refused = true;
      }
    }
    for (int a = 0; a < amounts.size(); a++) {
      Amount amount = amounts.get(a);
      if (amount.unit() != Quantity.Unit.VERSION) {
        continue;
      }
      int at = amount.position();
      boolean below = false;
      for (int k = Math.max(0, at - 3); k < at; k++) {
        String w = words.get(k).text();
        if (Set.of("older", "below", "lower", "prior", "earlier", "before").contains(w)
            && role[k] == null) {
          below = true;
          role[k] = Role.QUANTITY;
          if (k + 1 < at && Set.of("than", "to").contains(words.get(k + 1).text())) {
            role[k + 1] = Role.QUANTITY;
          }
        }
      }
      if (below) {
        amounts.set(a, new Amount(at, amount.value(), amount.unit(), Quantity.Comparison.AT_LEAST,
            !refused));
      } else if (refused && amount.comparison() == null) {
        amounts.set(a, new Amount(at, Math.nextUp(amount.value()), amount.unit(),
            Quantity.Comparison.AT_LEAST, false));
      }
    }
  }

  /**
   * Topics named by words apart ("card numbers ... in logs"). Their words may already have been
   * read as scope; they then belong to the topic instead.
   */
  private void matchTogether(List<Word> words, Role[] role, List<Hit> hits,
      Map<Integer, String> scopeAt) {
    boolean[] vague = new boolean[words.size()];
    for (Hit h : hits) {
      for (int k = h.start(); k < h.end() && h.topic().isAbstract(); k++) {
        vague[k] = true;
      }
    }
    for (Topic t : vocabulary.topics()) {
      for (boolean violation : new boolean[] {false, true}) {
        List<List<List<String>>> groups = violation ? t.violationTogether() : t.together();
        if (groups.isEmpty()) {
          continue;
        }
        List<int[]> found = new ArrayList<>();
        for (List<List<String>> group : groups) {
          int[] span = findAny(words, role, vague, group);
          if (span == null) {
            found = null;
            break;
          }
          found.add(span);
        }
        if (found == null) {
          continue;
        }
        int start = Integer.MAX_VALUE;
        int end = 0;
        for (int[] span : found) {
          for (int k = span[0]; k < span[1]; k++) {
            role[k] = Role.TOPIC;
            scopeAt.remove(k);
          }
          start = Math.min(start, span[0]);
          end = Math.max(end, span[1]);
        }
        hits.add(new Hit(t, start, end, violation));
      }
    }
  }

  private static int[] findAny(List<Word> words, Role[] role, boolean[] vague,
      List<List<String>> group) {
    List<List<String>> sorted = new ArrayList<>(group);
    sorted.sort(Comparator.comparingInt(p -> -p.size()));
    for (List<String> p : sorted) {
      for (int i = 0; i + p.size() <= words.size(); i++) {
        boolean match = true;
        for (int k = 0; k < p.size(); k++) {
          Role r = role[i + k];
          if ((r != null && r != Role.SCOPE && !vague[i + k])
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
  }

  private boolean readDocumentRequest(List<Word> words, Role[] role) {
    Role[] trial = role.clone();
    List<Integer> verbs = mark(words, trial, vocabulary.documentVerbs(), Role.DOCUMENT);
    if (verbs.isEmpty()) {
      return false;
    }
    // The object may already be read as scope ("a copy of your reports").
    Role[] objects = role.clone();
    for (int i = 0; i < objects.length; i++) {
      if (objects[i] == Role.SCOPE) {
        objects[i] = null;
      }
    }
    List<Integer> things = mark(words, objects, vocabulary.documentObjects(), Role.DOCUMENT);
    if (things.isEmpty()) {
      return false;
    }
    for (int i = 0; i < role.length; i++) {
      if (trial[i] == Role.DOCUMENT || (objects[i] == Role.DOCUMENT && role[i] == null)) {
        role[i] = Role.DOCUMENT;
      }
    }
    return true;
  }

  // --- parts ---------------------------------------------------------------------------------

  private Reading assemble(String text, List<Word> words, Role[] role, List<Hit> found,
      List<Amount> amounts, List<Integer> negations, List<Integer> plans, List<Integer> somes,
      Map<Integer, String> scopeAt, Map<Hit, String> values, boolean question, boolean document,
      List<String> unread) {
    List<Hit> hits = concreteHits(asScope(words, found, scopeAt), amounts);
    if (hits.isEmpty()) {
      return new Reading(text, List.of(), false, question, document, unread);
    }
    // Clause boundaries: a joiner, or a ; , : ( between two topics.
    List<Integer> cuts = new ArrayList<>();
    List<String> joinedBy = new ArrayList<>();
    for (int h = 1; h < hits.size(); h++) {
      int from = hits.get(h - 1).end();
      int to = hits.get(h).start();
      int cut = -1;
      String joiner = "";
      for (int k = Math.max(from, 1); k <= to && k < words.size(); k++) {
        if (k < to && role[k] == Role.JOINER) {
          cut = k;
          joiner = words.get(k).text();
        } else if (cut < 0 && punctuationBetween(text, words, k)) {
          cut = k;
        }
      }
      if (cut >= 0) {
        cuts.add(cut);
        joinedBy.add(joiner);
      }
    }
    List<int[]> clauses = new ArrayList<>();
    int start = 0;
    for (int c : cuts) {
      clauses.add(new int[] {start, c});
      start = c;
    }
    clauses.add(new int[] {start, words.size()});
    List<ClaimPart> parts = new ArrayList<>();
    Scope firstScope = null;
    boolean previousNegated = false;
    boolean inherited = false;
    for (int ci = 0; ci < clauses.size(); ci++) {
      int[] clause = clauses.get(ci);
      String joiner = ci == 0 ? "" : joinedBy.get(ci - 1);
      int negated = count(negations, clause);
      // "not SOC 2 or ISO 27001", "neither ... nor": one negation spreads over the alternatives.
      if (negated == 0 && previousNegated && (joiner.equals("or") || joiner.equals("nor"))) {
        negated = 1;
        inherited = true;
      }
      previousNegated = negated % 2 == 1;
      boolean plan = count(plans, clause) > 0;
      Scope scope = scope(words, role, scopeAt, somes, clause);
      if (firstScope == null) {
        firstScope = scope;
      } else if (scope.isEmpty()) {
        scope = firstScope;
      }
      List<Amount> clauseAmounts = new ArrayList<>(amounts.stream()
          .filter(a -> a.position() >= clause[0] && a.position() < clause[1]).toList());
      Set<String> seen = new LinkedHashSet<>();
      for (Hit h : hits) {
        if (h.start() < clause[0] || h.start() >= clause[1]) {
          continue;
        }
        Topic topic = h.topic();
        Amount amount = null;
        for (Amount a : clauseAmounts) {
          Topic refined = refine(topic, a.unit());
          if (refined != null) {
            topic = refined;
            amount = a;
            break;
          }
        }
        if (amount != null) {
          clauseAmounts.remove(amount);
        }
        if (!seen.add(topic.id())) {
          continue;
        }
        Polarity polarity = plan && negated % 2 == 0 ? Polarity.PLANNED
            : negated % 2 == 1 ? Polarity.NOT_IN_PLACE : Polarity.IN_PLACE;
        if ((h.violation() || (amount != null && amount.inverted()))
            && polarity != Polarity.PLANNED) {
          polarity = polarity.negated();
        }
        Quantity q = amount == null ? null : new Quantity(amount.value(), amount.unit(),
            amount.comparison() != null ? amount.comparison() : topic.comparison());
        parts.add(new ClaimPart(topic, polarity, q, scope, values.getOrDefault(h, ""),
            text.substring(words.get(clause[0]).start(),
                words.get(Math.max(clause[0], clause[1] - 1)).end())));
      }
      for (Amount a : clauseAmounts) {
        unread.add("'" + words.get(a.position()).text() + "' (an amount no topic here takes)");
      }
    }
    // The same topic named twice ("rate limited ... then 429") is one part: keep the one that
    // carries an amount.
    List<ClaimPart> merged = new ArrayList<>();
    for (ClaimPart p : parts) {
      ClaimPart twin = merged.stream().filter(m -> m.topic().equals(p.topic())
          && m.polarity() == p.polarity()).findFirst().orElse(null);
      if (twin == null) {
        merged.add(p);
      } else if (twin.quantity() == null && p.quantity() != null) {
        merged.set(merged.indexOf(twin), p);
      }
    }
    parts = merged;
    boolean anyOf = !inherited && joinedBy.stream().anyMatch(j -> j.equals("or"));
    return new Reading(text, parts, anyOf, question, document, unread);
  }

  /**
   * "Are all backups encrypted at rest?": a quantified noun that could name a topic is what the
   * question ranges over when another topic is asked about.
   */
  private List<Hit> asScope(List<Word> words, List<Hit> found, Map<Integer, String> scopeAt) {
    List<Hit> out = new ArrayList<>(found);
    for (Hit h : found) {
      boolean quantified = h.start() > 0
          && Set.of("all", "every", "each", "any").contains(words.get(h.start() - 1).text());
      boolean other = found.stream().anyMatch(o -> o != h && !o.topic().equals(h.topic()));
      if (!quantified || !other) {
        continue;
      }
      List<String> stems = words.subList(h.start(), h.end()).stream().map(Word::stem).toList();
      vocabulary.scope().forEach((cls, phrases) -> {
        if (phrases.contains(stems) && out.remove(h)) {
          scopeAt.put(h.start(), cls);
        }
      });
    }
    return out;
  }

  /**
   * Vague words give way to specific ones: "encrypted" beside "at rest" adds nothing, and
   * "password" with an amount in characters is the minimum length. A vague word left alone stays,
   * and keeps the reading partial.
   */
  private List<Hit> concreteHits(List<Hit> found, List<Amount> amounts) {
    List<Hit> out = new ArrayList<>();
    for (Hit h : found) {
      Topic t = h.topic();
      if (!t.isAbstract()) {
        out.add(h);
        continue;
      }
      Topic refined = null;
      for (Amount a : amounts) {
        refined = t.refine().containsKey(a.unit()) ? refine(t, a.unit()) : null;
        if (refined != null) {
          break;
        }
      }
      if (refined != null) {
        out.add(new Hit(refined, h.start(), h.end(), h.violation()));
        continue;
      }
      boolean family = found.stream().anyMatch(o -> !o.topic().isAbstract()
          && (o.topic().id().startsWith(t.id())
              || (o.start() <= h.start() && h.start() < o.end())));
      if (!family) {
        out.add(h);
      }
    }
    out.sort(Comparator.comparingInt(Hit::start));
    return out;
  }

  private Topic refine(Topic topic, Quantity.Unit unit) {
    if (topic.unit() == unit) {
      return topic;
    }
    String id = topic.refine().get(unit);
    return id == null ? null : vocabulary.topic(id).orElse(null);
  }

  private static boolean punctuationBetween(String text, List<Word> words, int k) {
    String gap = text.substring(words.get(k - 1).end(), words.get(k).start());
    return gap.contains(";") || gap.contains(",") || gap.contains(":") || gap.contains("(");
  }

  private static int count(List<Integer> at, int[] clause) {
    return (int) at.stream().filter(i -> i >= clause[0] && i < clause[1]).count();
  }

  private static Scope scope(List<Word> words, Role[] role, Map<Integer, String> scopeAt,
      List<Integer> somes, int[] clause) {
    Set<String> nouns = new TreeSet<>();
    boolean limited = false;
    for (var e : scopeAt.entrySet()) {
      int at = e.getKey();
      if (at >= clause[0] && at < clause[1]) {
        nouns.add(e.getValue());
        // "Application logs", "stored data": a word that narrows the noun makes it some of them.
        if (at > 0 && (role[at - 1] == null || role[at - 1] == Role.NEUTRAL)
            && !LEAD_INS.contains(words.get(at - 1).text())) {
          limited = true;
        }
      }
    }
    for (int s : somes) {
      if (s >= clause[0] && s < clause[1]) {
        limited = true;
      }
    }
    // Unquantified nouns are meant generically ("Customer data is encrypted"): for all of them.
    return nouns.isEmpty() ? Scope.NONE : new Scope(!limited, nouns);
  }

}
