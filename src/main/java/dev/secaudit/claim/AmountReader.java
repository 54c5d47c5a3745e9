package dev.secaudit.claim;

import dev.secaudit.claim.Words.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the amounts of a sentence: numbers with units ("90 days", "10 login attempts per
 * minute", "AES-256", "TLS 1.2"), frequencies ("daily"), and the bound around each ("at least",
 * "or higher", "within"). Apart from the topic reading because amounts have their own grammar and
 * most of the sentence reader's special cases.
 */
final class AmountReader {
  /** A twelfth of a year, so "12 months" is the year a person means, not 360 days. */
  private static final double MONTH = 31536000d / 12;
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
      Map.entry("w", 604800d), Map.entry("month", MONTH), Map.entry("months", MONTH),
      Map.entry("year", 31536000d), Map.entry("years", 31536000d), Map.entry("yr", 31536000d),
      Map.entry("yrs", 31536000d), Map.entry("y", 31536000d), Map.entry("annum", 31536000d));
  /** Words that say how often: a period, bounded above ("daily" is at most a day apart). */
  private static final Map<String, Double> FREQUENCY = Map.ofEntries(
      Map.entry("hourly", 3600d), Map.entry("daily", 86400d), Map.entry("nightly", 86400d),
      Map.entry("weekly", 604800d), Map.entry("monthly", MONTH),
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
  /**
   * Every bound written before an amount, longest first: "no more than 3" is at most 3, though
   * it ends in "more than".
   */
  private static final List<Map.Entry<String, Quantity.Comparison>> BEFORE = java.util.stream
      .Stream.of(AT_LEAST_BEFORE.stream().map(p -> Map.entry(p, Quantity.Comparison.AT_LEAST)),
          AT_MOST_BEFORE.stream().map(p -> Map.entry(p, Quantity.Comparison.AT_MOST)),
          EXACTLY_BEFORE.stream().map(p -> Map.entry(p, Quantity.Comparison.EXACTLY)))
      .flatMap(x -> x)
      .sorted(java.util.Comparator.comparingInt(
          (Map.Entry<String, Quantity.Comparison> e) -> -e.getKey().split(" ").length))
      .toList();
  private static final List<String> AT_LEAST_AFTER = List.of("or higher", "or above", "or later",
      "or newer", "or more", "or greater", "or better", "and above", "and higher", "and later",
      "and newer", "or longer", "and up");
  private static final List<String> AT_MOST_AFTER = List.of("or less", "or fewer", "or lower",
      "or sooner", "or shorter", "and below", "or earlier");

  /**
   * "Is HSTS disabled?", "Is OCSP stapling disabled?" ask whether the control is off, which no
   * negation word says: without an amount to bound, these stay unread (before: read as the
   * control and answered Yes where it was in place). Refusing versions or lengths keeps them.
   */
  private static final Set<String> DISABLED = Set.of("disabled", "disable", "disables",
      "deactivated", "off");

  /** "password auth disabled": SSH's password login off, which is key-only login. */
  private static boolean passwordLogin(List<Word> words, int at) {
    for (int k = Math.max(0, at - 3); k < at; k++) {
      if (words.get(k).text().startsWith("password")) {
        return true;
      }
    }
    return false;
  }

  private static final Set<String> REFUSED = Set.of("refused", "refuse", "refuses", "disabled",
      "disable", "rejected", "reject", "rejects", "blocked", "block", "deprecated", "unsupported",
      "forbidden", "prohibited", "deactivated", "retired", "off");

  /** Verbs that ask whether a named version is accepted. */
  private static final Set<String> ACCEPTED = Set.of("support", "supports", "supported",
      "allow", "allows", "allowed", "accept", "accepts", "accepted", "enable", "enables",
      "enabled", "permit", "permits", "permitted", "offer", "offers", "offered");
  /** Words that make a bare version the floor being asked about ("Is TLS 1.2 the minimum?"). */
  private static final Set<String> MINIMUM = Set.of("minimum", "min", "lowest", "oldest",
      "floor", "only", "least");
  /** The lowest version current guidance allows (RFC 8996 deprecates TLS 1.0 and 1.1). */
  private static final double CURRENT_VERSION = 1.2;
  private final Vocabulary vocabulary;

  AmountReader(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  List<Amount> read(String text, List<Word> words, WordRole[] role, List<TopicHit> hits,
      List<String> unread) {
    List<Amount> out = new ArrayList<>();
    int n = words.size();
    for (int i = 0; i < n; i++) {
      String w = words.get(i).text();
      Matcher version = VERSION_WORD.matcher(w);
      if (version.matches()) {
        // "TLSv1.2", "SSLv3": the topic and the amount in one word.
        double v = versionValue(version.group(1), version.group(2));
        if (role[i] != WordRole.TOPIC) {
          int at = i;
          vocabulary.topic("tls.min_version")
              .ifPresent(t -> hits.add(new TopicHit(t, at, at + 1, false)));
        }
        role[i] = WordRole.TOPIC;
        out.add(new Amount(i, v, Quantity.Unit.VERSION, bound(text, words, role, i, i + 1)));
        continue;
      }
      if (role[i] != null) {
        continue;
      }
      Double frequency = FREQUENCY.get(w);
      if (frequency != null) {
        role[i] = WordRole.QUANTITY;
        out.add(new Amount(i, frequency, Quantity.Unit.SECONDS, Quantity.Comparison.AT_MOST));
        continue;
      }
      if (w.equals("once") && i + 2 < n && role[i + 1] == null && role[i + 2] == null
          && Set.of("a", "an", "per", "every", "each").contains(words.get(i + 1).text())
          && SECONDS.containsKey(words.get(i + 2).text())) {
        // "once a year", "once per quarter": a period of one unit.
        role[i] = WordRole.QUANTITY;
        role[i + 1] = WordRole.QUANTITY;
        role[i + 2] = WordRole.QUANTITY;
        out.add(new Amount(i, SECONDS.get(words.get(i + 2).text()), Quantity.Unit.SECONDS,
            Quantity.Comparison.AT_MOST));
        i += 2;
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
        role[i] = WordRole.QUANTITY;
        role[i + 1] = WordRole.QUANTITY;
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
      // A rate's window as stated ("10 per minute": 60 s): the rate alone would lose it.
      double window = 0;
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
        window = SECONDS.get(unitWord);
        value = number / window;
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
        int rateWords = rateWindow(words, role, end);
        if (rateWords > 0) {
          unit = Quantity.Unit.PER_SECOND;
          window = SECONDS.get(words.get(end + rateWords - 1).text());
          value = number / window;
          end += rateWords;
        } else {
          unit = Quantity.Unit.COUNT;
        }
      } else if (previous.equals("aes") || previous.equals("rsa")) {
        unit = Quantity.Unit.BITS;
      } else if (NUMBER.matcher(w).matches() && versionContext(words, i)) {
        // Only digits name a version: "TLS on all three sites" counts sites (before: read as
        // a version, the word "three" was parsed as a number and the reading failed).
        unit = Quantity.Unit.VERSION;
        value = versionValue(previous.startsWith("ssl") || previous2.startsWith("ssl") ? "ssl"
            : "tls", w);
      } else if (end < n && words.get(end).text().equals("per") && end + 1 < n
          && SECONDS.containsKey(words.get(end + 1).text())) {
        unit = Quantity.Unit.PER_SECOND;
        window = SECONDS.get(words.get(end + 1).text());
        value = number / window;
        end += 2;
      } else {
        if (hashingCost(words, role, i)) {
          continue; // "a cost factor of 12", "600,000 iterations": how hard, not a threshold
        }
        if (NUMBER.matcher(w).matches() || NUMBER_WORDS.containsKey(w)) {
          role[i] = WordRole.QUANTITY;
          unread.add("'" + w + "' (an amount without a unit)");
        }
        continue;
      }
      for (int k = i; k < end; k++) {
        // A counted noun may name the topic too ("10 login attempts"): it stays the topic's.
        if (role[k] != WordRole.TOPIC) {
          role[k] = WordRole.QUANTITY;
        }
      }
      if (i > 0 && words.get(i - 1).text().equals("every") && unit == Quantity.Unit.SECONDS) {
        role[i - 1] = WordRole.QUANTITY;
        out.add(new Amount(i, value, unit, Quantity.Comparison.AT_MOST, false, window));
        continue;
      }
      out.add(new Amount(i, value, unit, bound(text, words, role, i, end), false, window));
      i = end - 1;
    }
    // "every minute", "every year": a period of one unit; "in the past year", "in the last
    // month" ask of a window of one unit, which is no more than a unit since the last one.
    for (int i = 0; i + 1 < n; i++) {
      if (role[i] == null && role[i + 1] == null
          && Set.of("every", "last", "past").contains(words.get(i).text())
          && SECONDS.containsKey(words.get(i + 1).text())) {
        role[i] = WordRole.QUANTITY;
        role[i + 1] = WordRole.QUANTITY;
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
  private static int rateWindow(List<Word> words, WordRole[] role, int at) {
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
  private Quantity.Comparison bound(String text, List<Word> words, WordRole[] role, int start,
      int end) {
    if (end - 1 < words.size() && words.get(end - 1).end() < text.length()
        && text.charAt(words.get(end - 1).end()) == '+') {
      return Quantity.Comparison.AT_LEAST;
    }
    for (Map.Entry<String, Quantity.Comparison> e : BEFORE) {
      String[] p = e.getKey().split(" ");
      if (endsBefore(words, role, start, p)) {
        markBefore(role, start, p.length);
        return e.getValue();
      }
    }
    for (var e : List.of(Map.entry(AT_LEAST_AFTER, Quantity.Comparison.AT_LEAST),
        Map.entry(AT_MOST_AFTER, Quantity.Comparison.AT_MOST))) {
      for (String phrase : e.getKey()) {
        String[] p = phrase.split(" ");
        if (startsAt(words, role, end, p)) {
          for (int k = end; k < end + p.length; k++) {
            role[k] = WordRole.QUANTITY;
          }
          return e.getValue();
        }
      }
    }
    return null;
  }

  private static boolean endsBefore(List<Word> words, WordRole[] role, int at, String[] phrase) {
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

  private static void markBefore(WordRole[] role, int at, int length) {
    for (int k = at - length; k < at; k++) {
      role[k] = WordRole.QUANTITY;
    }
  }

  private static boolean startsAt(List<Word> words, WordRole[] role, int at, String[] phrase) {
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

  /**
   * "TLS versions older than 1.2 are refused", "TLS 1.0 is disabled": refusing versions below
   * a bound is a minimum version. Asking whether old versions are allowed asks the opposite.
   * The same holds for lengths: refusing passwords shorter than 10 characters is a minimum.
   */
  void readVersionBounds(List<Word> words, WordRole[] role, List<Amount> amounts,
      boolean question, List<String> unread) {
    boolean refused = false;
    boolean accepted = false;
    boolean minimum = false;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i).text();
      if (role[i] == null && REFUSED.contains(w) && (!amounts.isEmpty() || !DISABLED.contains(w)
          || passwordLogin(words, i))) {
        role[i] = WordRole.NEUTRAL;
        refused = true;
      }
      accepted |= ACCEPTED.contains(w);
      minimum |= MINIMUM.contains(w);
    }
    for (int a = 0; a < amounts.size(); a++) {
      Amount amount = amounts.get(a);
      if (refused && amount.comparison() != null && (amount.unit() == Quantity.Unit.CHARACTERS
          || amount.unit() == Quantity.Unit.BITS)) {
        // "Passwords shorter than 10 characters are rejected", "keys under 2048 bits are
        // refused": refusing what is below a length is requiring at least it.
        amounts.set(a, new Amount(amount.position(), amount.value(), amount.unit(),
            amount.comparison() == Quantity.Comparison.AT_MOST ? Quantity.Comparison.AT_LEAST
                : amount.comparison() == Quantity.Comparison.AT_LEAST
                    ? Quantity.Comparison.AT_MOST : amount.comparison(), amount.inverted()));
        continue;
      }
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
          role[k] = WordRole.QUANTITY;
          if (k + 1 < at && Set.of("than", "to").contains(words.get(k + 1).text())) {
            role[k + 1] = WordRole.QUANTITY;
          }
        }
      }
      if (below) {
        amounts.set(a, new Amount(at, amount.value(), amount.unit(), Quantity.Comparison.AT_LEAST,
            !refused));
      } else if (accepted && !refused && !minimum && amount.comparison() == null) {
        if (question && amount.value() < CURRENT_VERSION) {
          // "Do you support TLS 1.0?" asks whether a legacy version is accepted: whether the
          // minimum is not above it. Read as a minimum of 1.0 it would be answered Yes by "1.2
          // or higher".
          amounts.set(a, new Amount(at, Math.nextUp(amount.value()), amount.unit(),
              Quantity.Comparison.AT_LEAST, true));
        } else if (amount.value() >= CURRENT_VERSION) {
          // "Do you support TLS 1.3?", "TLS 1.3 is supported.": that version is accepted, which
          // no minimum shows (a server taking 1.2 as well meets "1.2 or higher") and the
          // versions the scan saw accepted do.
          amounts.set(a, new Amount(at, amount.value(), amount.unit(), null, false, 0, true));
        }
      } else if (question && accepted && !refused && !minimum
          && amount.comparison() == Quantity.Comparison.AT_LEAST) {
        // "Is TLS 1.2 or higher supported?" asks whether such a version is accepted, which a
        // server that also accepts TLS 1.1 still does: no minimum answers it.
        unread.add("'" + words.get(at).text() + "' (whether a version this high is accepted:"
            + " a minimum version does not show it)");
      } else if (refused && amount.comparison() == null) {
        amounts.set(a, new Amount(at, Math.nextUp(amount.value()), amount.unit(),
            Quantity.Comparison.AT_LEAST, false));
      }
    }
  }

  /**
   * A password hash's work parameter ("bcrypt with a cost factor of 12", "PBKDF2 with 600,000
   * iterations"): understood, and no amount a question's threshold could be held against.
   */
  private static boolean hashingCost(List<Word> words, WordRole[] role, int i) {
    int before = i > 0 && words.get(i - 1).text().equals("of") ? i - 1 : i;
    boolean factor = before >= 2 && words.get(before - 1).text().equals("factor")
        && Set.of("cost", "work").contains(words.get(before - 2).text());
    boolean counted = i + 1 < words.size()
        && Set.of("iterations", "rounds").contains(words.get(i + 1).text());
    if (!factor && !counted) {
      return false;
    }
    int from = factor ? before - 2 : i;
    int to = counted ? i + 2 : i + 1;
    for (int k = from; k < to; k++) {
      if (role[k] == null) {
        role[k] = WordRole.QUANTITY;
      }
    }
    return true;
  }
}
