package dev.secaudit.claim;

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
    for (String said : sayings) {
      Scope data = scopeOf(read.apply(said).parts());
      if (data.isEmpty() && !saysKept(said)) {
        // The rule's own words may name the data only once said to be kept ("pdf reports");
        // words that say so already are not read again as "kept kept".
        List<ClaimPart> parts = read.apply("kept " + said.replace('-', ' ').replace('_', ' '))
            .parts();
        data = parts.isEmpty() ? Scope.NONE : parts.get(0).scope();
      }
      if (!data.isEmpty()) {
        return data;
      }
    }
    return new Scope(false, Set.of(UNNAMED));
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
