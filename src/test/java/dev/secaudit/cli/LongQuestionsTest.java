package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.questionnaire.AnswerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cell of filler repeating topics is not a question: a hostile review's sheet of 4,990 such
 * cells took 278 s and 4.3 GB. Too long, or asking too many things at once, it is left for a
 * person with the reason; an ordinary question beside it is still answered.
 */
class LongQuestionsTest {
  @TempDir Path dir;

  @Test
  void aCellTooLongOrAskingTooMuchIsLeftForAPersonWithTheReason() throws Exception {
    Path[] inputs = AnswerCommandTest.writeInputs(dir);
    String many = "Is TLS enforced and are cookies secure and is HSTS on ".repeat(6);
    String longCell = "Is TLS enforced? " + "x".repeat(2_100);
    Path sheet = dir.resolve("sheet.csv");
    Files.writeString(sheet, "Question\n\"" + many + "\"\n\"" + longCell + "\"\n"
        + "Do you enforce TLS 1.2 or newer?\n");
    Path out = dir.resolve("answered.csv");
    Cli.Result r = Cli.run(Map.of(), null, Clock.fixed(AnswerFixture.ANSWERED, ZoneOffset.UTC),
        "answer", sheet.toString(), "--policy", inputs[0].toString(), "--scan",
        inputs[1].toString(), "-o", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String written = Files.readString(out);
    assertThat(written).contains("things at once (secaudit decides at most 12)")
        .contains("characters long; secaudit reads questions of at most 2000");
    assertThat(written.lines().filter(l -> l.startsWith("Do you enforce TLS")).findFirst()
        .orElseThrow()).doesNotContain("at once").doesNotContain("characters long");
  }
}
