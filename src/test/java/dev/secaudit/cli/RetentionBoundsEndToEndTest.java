package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "All requests are logged for 30 days": a floor as well as a ceiling. Checked by max_age
 * alone, a logrotate keeping 3 days was published as verified and answered "Are logs retained
 * for 30 days?" Yes; and a retention window answered "Can customers request deletion of their
 * data?" Yes (a blind review, founder24). Real logrotate configurations in a temp folder.
 */
class RetentionBoundsEndToEndTest {
  @TempDir Path dir;

  private static final String SENTENCE =
      "All requests are logged for 30 days for abuse detection.";

  /** Scans a policy of one logrotate rule, answers the questions and writes the page. */
  private List<String> run(int rotate, String bounds, String... questions) throws Exception {
    Path conf = dir.resolve("logrotate.conf");
    Path log = dir.resolve("requests.log");
    Files.writeString(conf, log + " {\n  daily\n  rotate " + rotate + "\n  missingok\n}\n");
    return run(SENTENCE, bounds, "logrotate:\n      path: " + conf + "\n      log: " + log,
        questions);
  }

  /**
   * Scans a policy of one retention rule over {@code source} whose sentence is its claim,
   * answers the questions and writes the page: the answers, then whether the page published it.
   */
  private List<String> run(String sentence, String bounds, String source, String... questions)
      throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "version: 1\nname: acme\nretention:\n- name: page-retention-1\n"
        + "  " + bounds + "\n  description: " + sentence + "\n  source:\n    " + source
        + "\nclaims:\n- id: logs.window\n"
        + "  statement: " + sentence + "\n  topic: retention\n  checks: [/retention/0]\n");
    Path out = dir.resolve("out");
    Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(),
        "--color", "never");
    assertThat(scan.code()).as(scan.out() + scan.err()).isIn(0, 1);
    StringBuilder sheet = new StringBuilder("ID,Question,Answer\n");
    for (int i = 0; i < questions.length; i++) {
      sheet.append("Q-").append(i + 1).append(',').append(questions[i]).append(",\n");
    }
    Files.writeString(dir.resolve("q.csv"), sheet.toString());
    Cli.Result answer = Cli.run("answer", dir.resolve("q.csv").toString(), "--policy",
        policy.toString(), "--scan", out.resolve("scan.json").toString(), "-o",
        dir.resolve("a.csv").toString());
    assertThat(answer.code()).as(answer.out() + answer.err()).isIn(0, 1);
    Cli.Result page = Cli.run("page", "--policy", policy.toString(), "--scan",
        out.resolve("scan.json").toString(), "-o", dir.resolve("site").toString());
    assertThat(page.code()).as(page.out() + page.err()).isIn(0, 1);
    List<String> rows = Files.readAllLines(dir.resolve("a.csv"));
    List<String> answers = new java.util.ArrayList<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",", -1);
      answers.add(cells.length > 3 ? cells[3] : "");
    }
    answers.add(Files.readString(dir.resolve("site/security.md")).contains(sentence)
        ? "published" : "not published");
    return answers;
  }

  @Test
  void aFolderYoungerThanTheWindowShowsNoDeletionInScanAnswerOrPage() throws Exception {
    // founder24: published as verified, and "deleted within 30 days?" Yes, from a folder whose
    // oldest file was 20 days old: nothing in it was old enough to have been deleted.
    String sentence = "Generated PDF reports are deleted automatically after at most 30 days.";
    Path pdf = Files.createDirectories(dir.resolve("pdf"));
    java.time.Instant now = java.time.Instant.now();
    for (int days : new int[] {5, 20}) {
      Files.setLastModifiedTime(Files.writeString(pdf.resolve("r" + days + ".pdf"), "%PDF"),
          java.nio.file.attribute.FileTime.from(now.minus(java.time.Duration.ofDays(days))));
    }
    String source = "directory:\n      path: " + pdf;
    String[] asked = {"Are generated reports deleted within 30 days?",
        "Are generated reports deleted within 14 days?"};
    // 20 days outlived 14: that No stands on what was seen.
    assertThat(run(sentence, "max_age: 30d", source, asked))
        .containsExactly("", "No", "not published");
    String scan = Files.readString(dir.resolve("out/scan.json"));
    assertThat(scan).contains("oldest 20d (r20.pdf), under the 30d window: no deletion"
        + " observed yet");
    assertThat(Files.readString(dir.resolve("a.csv"))).contains("no deletion observed yet");
    assertThat(Files.readString(dir.resolve("site/review.md")))
        .contains("no deletion observed yet");

    // The folder there 45 days, holding nothing past 30: what was put in it then is gone.
    Files.setLastModifiedTime(pdf, java.nio.file.attribute.FileTime.from(
        now.minus(java.time.Duration.ofDays(45))));
    assertThat(run(sentence, "max_age: 30d", source, asked))
        .containsExactly("Yes", "No", "published");
  }

  @Test
  void aCeilingAloneDoesNotAnswerOrPublishKeptForThirtyDays() throws Exception {
    // rotate 2 daily keeps 3 days: within a 30-day ceiling, far from 30 days of logs.
    assertThat(run(2, "max_age: 30d", "Are logs retained for 30 days?",
        "Do you keep request logs for 30 days for abuse detection?"))
        .containsExactly("", "", "not published");
  }

  @Test
  void bothBoundsRefuteThreeDaysAndVerifyThirty() throws Exception {
    assertThat(run(2, "max_age: 30d\n  min_age: 30d", "Are logs retained for 30 days?"))
        .containsExactly("", "not published");
    // rotate 30 daily keeps every line 30 to 31 days: a 31-day ceiling and a 30-day floor.
    // The rule is on the request logs the sentence names: "logs" alone asks of every log.
    assertThat(run(30, "max_age: 31d\n  min_age: 30d",
        "Are request logs retained for at least 30 days?",
        "Are logs retained for at least 30 days?"))
        .containsExactly("Yes", "", "not published");
  }

  @Test
  void aRetentionWindowDoesNotAnswerDeletionOnRequest() throws Exception {
    assertThat(run(29, "max_age: 30d", "Can customers request deletion of their data?",
        "Are request logs retained for no more than 30 days?")).startsWith("", "Yes");
  }
}
