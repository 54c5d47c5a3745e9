package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.model.ScanResult;
import dev.secaudit.questionnaire.AnswerFixture;
import dev.secaudit.report.ScanJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forged scan.json full of terminal escapes, carriage returns, C1 controls and bidirectional
 * overrides: no output of any format carries one of them raw, and each is shown as its code, so a
 * reader still sees that it was there.
 */
class ControlCharactersTest {
  @TempDir Path dir;

  /** ESC clear-screen, CSI (C1), CR, NUL, DEL, BEL, right-to-left override. */
  private static final String HOSTILE =
      "\u001b[2J\u001b]0;pwned\u0007\u009b31m\rX\u0000\u007f\u202eevil";
  private static final List<Character> RAW = List.of('\u001b', '\u0007', '\u009b', '\u0000',
      '\u007f', '\u202e');

  private Path forgedScan() throws IOException {
    ScanResult real = AnswerFixture.scan(AnswerFixture.SCANNED);
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(real));
    ObjectNode finding = (ObjectNode) tree.get("findings").get(0);
    finding.put("observed", "observed " + HOSTILE);
    finding.put("subject", "subject " + HOSTILE);
    finding.put("title", "title " + HOSTILE);
    finding.put("status", "FAIL");
    ((ObjectNode) tree.get("run")).put("policy_name", "policy " + HOSTILE);
    tree.withArray("targets").addObject().put("name", "app").put("url", "https://x/" + HOSTILE)
        .put("state", "UNREACHABLE").put("reason", "reason " + HOSTILE);
    Path scan = dir.resolve("scan.json");
    Files.writeString(scan, ScanJson.mapper().writeValueAsString(tree));
    return scan;
  }

  private static void assertPrintable(String what, String text) {
    for (char c : RAW) {
      assertThat(text.indexOf(c)).as("%s has raw U+%04X", what, (int) c).isEqualTo(-1);
    }
    // CSV ends its records with CRLF; a CR anywhere else came from the data.
    assertThat(text.replace("\r\n", "\n")).as("%s has a raw CR", what).doesNotContain("\r");
  }

  @Test
  void noReportFormatWritesARawControlCharacter() throws IOException {
    Path scan = forgedScan();
    for (String format : List.of("console", "csv", "html", "junit", "sarif", "json")) {
      Path out = dir.resolve("report." + format);
      Cli.Result r = Cli.run(Map.of("GITHUB_ACTIONS", "true"), null, "report", "--from",
          scan.toString(), "-f", format, "-o", out.toString());
      assertThat(r.code()).as(format + ": " + r.err()).isEqualTo(ExitCode.FAILED.code);
      String text = format.equals("console") ? r.out()
          : Files.readString(out, StandardCharsets.UTF_8);
      assertPrintable(format, text);
      assertPrintable(format + " stderr", r.err());
      assertThat(text).as(format).contains(format.equals("json") || format.equals("sarif")
          ? "\\u001B" : "\\u001B[2J");
    }
  }

  @Test
  void scanJsonKeepsTheExactValuesEscaped() throws IOException {
    Path scan = forgedScan();
    Path copy = dir.resolve("copy.json");
    Cli.Result r = Cli.run("report", "--from", scan.toString(), "-f", "json", "-o",
        copy.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(ScanJson.read(copy).findings().get(0).observed()).isEqualTo("observed " + HOSTILE);
  }

  /**
   * A questionnaire cell and a forged scan reach the terminal and the pages too (a hostile
   * review: an OSC 52 clipboard write in a question was printed raw by 'answer').
   */
  @Test
  void answerAndPagePrintNoRawControlCharacterFromASheetOrAForgedScan() throws IOException {
    Path[] inputs = AnswerCommandTest.writeInputs(dir);
    Path sheet = dir.resolve("sheet.csv");
    Files.writeString(sheet, "Question,Answer\n\"\u001b]52;c;cHduZWQ=\u0007 Is our cafe"
        + " \u202eopen\u200b on Sundays?\",\n");
    Path answered = dir.resolve("answered.csv");
    Path review = dir.resolve("review.html");
    Cli.Result a = Cli.run(Map.of(), null, java.time.Clock.fixed(AnswerFixture.ANSWERED,
        java.time.ZoneOffset.UTC), "answer", sheet.toString(), "--policy",
        inputs[0].toString(), "--scan", inputs[1].toString(), "-o", answered.toString(),
        "--review-html", review.toString());
    assertThat(a.code()).as(a.err()).isIn(0, 1);
    assertThat(a.out()).contains("\\u001B]52");
    assertPrintable("answer stdout", a.out());
    assertPrintable("answer stderr", a.err());
    assertPrintable("review.html", Files.readString(review));
    assertThat(a.out() + Files.readString(review)).doesNotContain("\u200b");

    Path forged = forgedScan();
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(forged.toFile());
    ((ObjectNode) tree.get("run")).put("policy_name", "acme");
    Files.writeString(forged, ScanJson.mapper().writeValueAsString(tree));
    Path answered2 = dir.resolve("answered2.csv");
    Cli.Result a2 = Cli.run(Map.of(), null, java.time.Clock.fixed(AnswerFixture.ANSWERED,
        java.time.ZoneOffset.UTC), "answer", sheet.toString(), "--policy",
        inputs[0].toString(), "--scan", forged.toString(), "-o", answered2.toString());
    assertThat(a2.code()).as(a2.err()).isIn(0, 1);
    assertPrintable("answer stdout (forged scan)", a2.out());
    // The customer's own cells come back as they were given; what secaudit writes is printable.
    assertThat(Files.readString(answered2)).doesNotContain("\u001b[2J");
    Path site = dir.resolve("site");
    Cli.Result p = Cli.run(Map.of(), null, java.time.Clock.fixed(AnswerFixture.ANSWERED,
        java.time.ZoneOffset.UTC), "page", "--policy", inputs[0].toString(), "--scan",
        forged.toString(), "-o", site.toString());
    assertThat(p.code()).as(p.out() + p.err()).isIn(0, 1);
    assertPrintable("page stderr", p.err());
    try (var files = Files.list(site)) {
      for (Path f : files.toList()) {
        assertPrintable(f.getFileName().toString(), Files.readString(f));
      }
    }
  }

  @Test
  void anErrorQuotingAForgedValueIsPrintable() throws IOException {
    Path scan = forgedScan();
    String text = Files.readString(scan).replace("\"FAIL\"", "\"BOGUS\\u001b[2J\"");
    Files.writeString(scan, text);
    Cli.Result r = Cli.run("report", "--from", scan.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(r.err()).contains("findings[0].status", "BOGUS\\u001B[2J");
    assertPrintable("stderr", r.err());
  }
}
