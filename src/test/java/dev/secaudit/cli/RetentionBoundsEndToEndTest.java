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
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "version: 1\nname: acme\nretention:\n- name: page-retention-1\n"
        + "  " + bounds + "\n  description: " + SENTENCE + "\n  source:\n    logrotate:\n"
        + "      path: " + conf + "\n      log: " + log + "\nclaims:\n- id: logs.window\n"
        + "  statement: " + SENTENCE + "\n  topic: retention\n  checks: [/retention/0]\n");
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
    answers.add(Files.readString(dir.resolve("site/security.md")).contains(SENTENCE)
        ? "published" : "not published");
    return answers;
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
