package dev.secaudit.claim;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Retention;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which data a retention rule is about: its name ("pdf-reports"), else its description ("Account
 * data is deleted within 30 days of account closure."), else where it is observed (the folder,
 * the log file, journald). A rule naming none speaks of data no question names: before, a rule
 * named "page-retention-1" over account files answered "Is any report kept longer than 14 days?"
 * Yes and "Are logs kept for at least one year?" No (a blind review, founder19).
 */
final class RetentionData {
  private RetentionData() {}

  /**
   * The class of a rule whose data was not named: disjoint from every class a question names,
   * so only a question that names none ("Do you have a data retention policy?") is answered.
   */
  static final String UNNAMED = "data.unnamed";

  /**
   * A retention rule's claims: kept at most its window, over the data it names; and, where the
   * rule listed dated items, the oldest one's age as a fact of its own. A window of 30 days
   * that passed over files of 3, 10 and 20 days still shows some of that data is kept at least
   * 20 days: "deleted within 14 days?" is No and "is any report kept longer than 14 days?" Yes
   * (auditor21 B13/B14: review, 'does not show at most 2 weeks'), while "kept at least 14
   * days?" stays review, the other files being younger.
   */
  static void claims(List<Claim> out, ClaimEvidence evidence, Vocabulary vocabulary,
      SentenceReader reader, Retention r, int index) {
    String pointer = "/retention/" + index;
    Scope data = of(reader, r);
    java.util.function.Predicate<Finding> about = ClaimBook.about(r.name(), pointer);
    // A window the rule bounds on both sides at one age is kept for that long ("logged for 30
    // days"); bounds at different ages are two claims, neither of which alone entails "for N".
    boolean same = r.minAge() != null && r.maxAge() != null
        && r.minAge().value().equals(r.maxAge().value());
    if (r.maxAge() != null) {
      ClaimBook.section(out, evidence, vocabulary, "retention", pointer, r.name() + " kept "
          + (same ? "for " + r.maxAge() : "at most " + r.maxAge()), new Quantity(
              r.maxAge().value().toSeconds(), Quantity.Unit.SECONDS, same
                  ? Quantity.Comparison.EXACTLY : Quantity.Comparison.AT_MOST), data, "",
          same ? List.of("retention.window", "retention.floor") : List.of("retention.window"),
          about);
    }
    if (r.minAge() != null && !same) {
      ClaimBook.section(out, evidence, vocabulary, "retention", pointer + "/min_age", r.name()
          + " kept at least " + r.minAge(), new Quantity(r.minAge().value().toSeconds(),
              Quantity.Unit.SECONDS, Quantity.Comparison.AT_LEAST), data, "",
          List.of("retention.floor"), about);
    }
    Retention.RetentionSource s = r.source();
    // Only an age the check dated from the items it listed; a period a configuration rule keeps
    // data for (a lifecycle rule, "rotate 14 daily") bounds it from above, not from below.
    boolean dated = s != null && (s.directory() != null || s.http() != null
        || s.command() != null) && s.lifecycle() == null && s.logrotate() == null
        && s.journald() == null;
    if (!dated || evidence.scanTooOld() != null) {
      return;
    }
    Finding oldest = null;
    for (Finding f : evidence.findings(List.of("retention.window"))) {
      // A listing younger than the window (WARN: no deletion observed yet) still dated its
      // oldest item.
      if (about.test(f) && f.status() != Status.ERROR
          && f.observedValue() instanceof Value.Duration d && (oldest == null
              || d.seconds() > ((Value.Duration) oldest.observedValue()).seconds())) {
        oldest = f;
      }
    }
    if (oldest == null) {
      return;
    }
    long seconds = ((Value.Duration) oldest.observedValue()).seconds();
    String statement = r.name() + ": the oldest item it listed was " + seconds / 86_400
        + " day(s) old when scanned";
    out.add(new Claim(pointer + "/oldest", statement, new ClaimPart(
        vocabulary.topic("retention").orElseThrow(), Polarity.IN_PLACE, new Quantity(seconds,
            Quantity.Unit.SECONDS, Quantity.Comparison.AT_LEAST),
        new Scope(false, data.nouns(), data.kinds(), data.quantified()), "", statement),
        Standing.VERIFIED, true, List.of("retention.window"),
        List.of(ClaimEvidence.describe(oldest)), "observed by retention.window on "
            + oldest.target() + ": " + oldest.observed(), true, true, List.of(), true));
  }

  static Scope of(SentenceReader reader, Retention r) {
    return of(reader::read, r);
  }

  /**
   * As {@link #of(SentenceReader, Retention)}, reading with {@code read}: the sentences this
   * class hands the reader are what it says of the rule.
   */
  static Scope of(Function<String, Reading> read, Retention r) {
    List<String> sayings = new ArrayList<>();
    sayings.add(r.name().replace('-', ' ').replace('_', ' '));
    if (r.description() != null && !r.description().isBlank()) {
      sayings.add(r.description());
    }
    Retention.RetentionSource s = r.source();
    if (s != null && s.directory() != null && s.directory().path() != null) {
      Path p = Path.of(s.directory().path()).getFileName();
      if (p != null) {
        String folder = p.toString().replace('-', ' ').replace('_', ' ');
        sayings.add(saysKept(folder) ? folder : "kept " + folder);
      }
    }
    if (s != null && (s.logrotate() != null || s.journald() != null)) {
      sayings.add("logs kept");
    }
    Scope first = null;
    for (String said : sayings) {
      Scope data = scopeOf(read.apply(said).parts());
      if (data.isEmpty() && !saysKept(said)) {
        // The rule's own words may name the data only once said to be kept ("pdf reports");
        // words that say so already are not read again as "kept kept".
        List<ClaimPart> parts = read.apply("kept " + said.replace('-', ' ').replace('_', ' '))
            .parts();
        data = parts.isEmpty() ? Scope.NONE : parts.get(0).scope();
      }
      if (data.isEmpty()) {
        continue;
      }
      if (first == null) {
        first = data;
        if (data.universal()) {
          return data;
        }
      } else if (data.universal() && data.nouns().equals(first.nouns())
          && data.kinds().equals(first.kinds())) {
        // "Generated PDF reports are retained..." over the folder 'reports': a word that
        // describes the data (a participle) left it some reports, while the rule dated every
        // file its folder holds, which its name says are the reports (auditor21 B12: review,
        // 'does not cover all report', beside a folder of three PDFs all within the window).
        return data;
      }
    }
    return first != null ? first : new Scope(false, Set.of(UNNAMED));
  }

  private static final Pattern KEPT = Pattern.compile("\\bkept\\b", Pattern.CASE_INSENSITIVE);

  private static boolean saysKept(String words) {
    return KEPT.matcher(words).find();
  }

  /** The scope the sentence gives its retention part, else its first part's. */
  private static Scope scopeOf(List<ClaimPart> parts) {
    return parts.stream().filter(p -> p.topic().id().equals("retention"))
        .map(ClaimPart::scope).filter(x -> !x.isEmpty()).findFirst()
        .orElse(parts.stream().map(ClaimPart::scope).findFirst().orElse(Scope.NONE));
  }
}
