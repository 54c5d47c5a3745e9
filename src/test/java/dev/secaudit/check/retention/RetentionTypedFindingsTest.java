package dev.secaudit.check.retention;

import static dev.secaudit.check.retention.RetentionScan.aged;
import static dev.secaudit.check.retention.RetentionScan.only;
import static dev.secaudit.check.retention.RetentionScan.run;
import static dev.secaudit.check.retention.RetentionScan.settled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window and what is kept, as durations beside the sentences: the oldest file's age as the
 * sentence shows it (whole hours, never more precise than the words), and the folder or
 * configuration file the finding is about. Real files with set modification times.
 */
class RetentionTypedFindingsTest {
  @TempDir Path dir;

  @Test
  void theOldestAgeIsComparedWithTheWindowAsTheSentenceShowsIt() {
    aged(dir.resolve("r/keep.pdf"), Duration.ofDays(1));
    aged(dir.resolve("r/older.pdf"), Duration.ofDays(60).plusHours(5).plusMinutes(41));
    Finding f = only(run(dir, """
          - name: pdf-reports
            max_age: 30d
            source: {directory: {path: r, glob: "*.pdf"}}
        """));
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("files older than 30d: 1 of 2; oldest 60d 5h (older.pdf)");
    assertThat(f.expectedValue()).isEqualTo(new Value.Duration(Duration.ofDays(30).toSeconds()));
    assertThat(f.observedValue()).isEqualTo(new Value.Duration(
        Duration.ofDays(60).plusHours(5).toSeconds()));
    assertThat(f.about().kind()).isEqualTo(Subject.Kind.FILE);
    assertThat(f.about().name()).endsWith("/r");
  }

  @Test
  void aPassingListingGivesTheOldestAgeAndAnEmptyOneACountOfNone() throws Exception {
    aged(dir.resolve("r/a.pdf"), Duration.ofMinutes(50).plusSeconds(12));
    settled(dir.resolve("r"), Duration.ofDays(8));
    Finding f = only(run(dir, """
          - {name: pdf-reports, max_age: 7d, source: {directory: {path: r, glob: "*.pdf"}}}
        """));
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).contains("oldest 50m (a.pdf);");
    assertThat(f.observedValue()).isEqualTo(new Value.Duration(50 * 60));

    Files.createDirectories(dir.resolve("empty"));
    Finding none = only(run(dir, """
          - {name: pdf-reports, max_age: 7d, source: {directory: {path: empty, glob: "*.pdf"}}}
        """));
    assertThat(none.observedValue()).isEqualTo(new Value.Count(0, null));
  }

  @Test
  void aConfigurationIsAboutItsFileAndKeepsForItsPeriod() throws Exception {
    Path conf = dir.resolve("logrotate.conf");
    Files.writeString(conf, "/var/log/app/*.log {\n  weekly\n  rotate 8\n}\n");
    Finding f = only(run(dir, """
          - {name: app-log, max_age: 30d, source: {logrotate: {path: logrotate.conf, log: /var/log/app/access.log}}}
        """));
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).startsWith("kept up to 63d: ");
    assertThat(f.observedValue()).isEqualTo(new Value.Duration(Duration.ofDays(63).toSeconds()));
    assertThat(f.about()).isEqualTo(new Subject(Subject.Kind.FILE, "logrotate.conf"));
  }
}
