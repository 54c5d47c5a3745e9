package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.policy.PolicyDuration;
import dev.secaudit.policy.Retention;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The data a retention rule speaks of, read from the sentences RetentionData hands the reader:
 * those sentences are its output, and each says "kept" once (before: a folder's saying, already
 * "kept reports", was read again as "kept kept reports", and "logs kept" as "kept logs kept").
 */
class RetentionDataTest {
  private final SentenceReader reader = new SentenceReader(Vocabulary.builtIn());

  private static Retention rule(String name, String description, String folder,
      boolean logrotate) {
    Retention.RetentionSource source = new Retention.RetentionSource(
        folder == null ? null : new Retention.RetentionDirectory(folder, null, null), null, null,
        null, logrotate ? new Retention.RetentionLogrotate("/etc/logrotate.conf",
            "/var/log/app/access.log") : null, null);
    return new Retention(name, PolicyDuration.parse("30d"), null, description, null, source);
  }

  /** The scope, with every sentence the reader was given added to {@code read}. */
  private Scope scope(Retention r, List<String> read) {
    return RetentionData.of(s -> {
      read.add(s);
      return reader.read(s);
    }, r);
  }

  @Test
  void aFolderNamingNoDataIsReadOnceAsKept() {
    List<String> read = new ArrayList<>();
    Scope data = scope(rule("page-retention-1", null, "/srv/tmp", false), read);

    assertThat(data).isEqualTo(new Scope(false, Set.of(RetentionData.UNNAMED)));
    assertThat(read).containsExactly("page retention 1", "kept page retention 1", "kept tmp");
  }

  @Test
  void aFoldersSayingNamesItsData() {
    List<String> read = new ArrayList<>();
    Scope data = scope(rule("page-retention-2", null, "/srv/pdf-reports", false), read);

    assertThat(data.nouns()).containsExactly("report");
    assertThat(read).endsWith("kept pdf reports");
  }

  @Test
  void logsAreReadAsLogsKept() {
    List<String> read = new ArrayList<>();
    Scope data = scope(rule("page-retention-3", null, null, true), read);

    assertThat(data.nouns()).containsExactly("log");
    assertThat(read).endsWith("logs kept");
  }

  @Test
  void theRulesOwnWordsAreStillReadAsKeptData() {
    List<String> read = new ArrayList<>();
    Scope data = scope(rule("customer_data", null, null, false), read);

    assertThat(data.nouns()).containsExactly("data.customer");
    assertThat(read).containsExactly("customer data", "kept customer data");
  }

  @Test
  void noSentenceSaysKeptTwice() {
    for (Retention r : List.of(rule("page-retention-4", "Deleted after thirty days.", "/srv/kept",
        true), rule("kept-files", null, "/var/cache", false), rule("x", null, "/", true),
        rule("logs-kept-90-days", null, "/srv/kept_tmp", false))) {
      List<String> read = new ArrayList<>();
      scope(r, read);
      assertThat(read).as(r.name()).isNotEmpty().noneMatch(s -> s.contains("kept kept"));
    }
  }
}
