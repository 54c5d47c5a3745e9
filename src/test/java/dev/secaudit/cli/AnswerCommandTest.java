package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.questionnaire.AnswerFixture;
import dev.secaudit.questionnaire.CsvQuestionnaire;
import dev.secaudit.report.ScanJson;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'secaudit answer' end to end: a sheet of real-world shape in, the same sheet answered out. */
class AnswerCommandTest {
  @TempDir Path dir;
  Path policy;
  Path scan;

  /** Title rows above the header, an ID column, an answer column limited to Yes/No/N/A. */
  static final String SHEET = """
      Acme Corp Vendor Security Questionnaire,,,,
      "Version 3.2 — please answer every question; use Yes, No or N/A",,,,
      ,,,,
      Question ID,Domain,Question,Answer (Yes/No/N/A),Comments
      ,Encryption,,,
      CEK-03.1,Encryption,Is customer data encrypted while stored on disk?,,
      ENC-2,Encryption,Are all connections to the service protected by SSL?,,
      IAM-14.1,Identity,Is multi-factor authentication enforced for privileged users?,,
      BC-1,Resilience,Are backups of production databases performed?,,
      HR-3,People,Have you had a security breach in the past 24 months?,,
      MISC-9,Other,What is the name of your office cat?,,
      CHG-1,Change,Are code changes reviewed before they are merged?,No,"answered by a person, keep"
      PAY-1,Payments,Do you store payment card data?,,
      """;

  @BeforeEach
  void inputs() throws IOException {
    Path[] written = writeInputs(dir);
    policy = written[0];
    scan = written[1];
  }

  /** The fixture policy and its scan, written into {@code dir}: {policy, scan}. */
  static Path[] writeInputs(Path dir) throws IOException {
    Path policy = dir.resolve("acme.yaml");
    Files.writeString(policy, AnswerFixture.POLICY);
    Path scan = dir.resolve("scan.json");
    try (Writer w = Files.newBufferedWriter(scan, StandardCharsets.UTF_8)) {
      ScanJson.write(AnswerFixture.scan(AnswerFixture.SCANNED), w);
    }
    return new Path[] {policy, scan};
  }

  private Cli.Result answer(Path sheet, Path out) {
    return answer(policy, scan, sheet, out);
  }

  /** 'secaudit answer' at the fixture's answering time. */
  static Cli.Result answer(Path policy, Path scan, Path sheet, Path out) {
    return Cli.run(Map.of(), null, Clock.fixed(AnswerFixture.ANSWERED, ZoneOffset.UTC),
        "answer", sheet.toString(), "--policy", policy.toString(), "--scan", scan.toString(),
        "-o", out.toString());
  }

  private static List<CSVRecord> read(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return CSVFormat.RFC4180.parse(r).getRecords();
    }
  }

  @Test
  void answersARealWorldSheetAndKeepsItsShape() throws IOException {
    Path sheet = dir.resolve("acme-questionnaire.csv");
    Files.writeString(sheet, SHEET);
    Path out = dir.resolve("answered.csv");

    Cli.Result r = answer(sheet, out);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("8 questions: yes 2, no 0, na 1, left empty 5; 4 need review,"
        + " 1 unmatched");
    List<CSVRecord> rows = read(out);
    assertThat(rows).hasSize(13);
    assertThat(rows.get(0).get(0)).isEqualTo("Acme Corp Vendor Security Questionnaire");
    assertThat(rows.get(1).get(0)).startsWith("Version 3.2");
    List<String> header = rows.get(3).toList();
    assertThat(header.subList(0, 5)).containsExactly("Question ID", "Domain", "Question",
        "Answer (Yes/No/N/A)", "Comments");
    assertThat(header.subList(5, header.size())).isEqualTo(CsvQuestionnaire.ADDED_COLUMNS);
    assertThat(rows.get(4).toList()).containsOnly("", "Encryption");

    CSVRecord atRest = rows.get(5);
    assertThat(atRest.get(3)).isEqualTo("Yes");
    assertThat(atRest.get(5)).isEqualTo("Yes");
    assertThat(atRest.get(6)).contains("asked: encryption at rest")
        .contains("attested by CTO on 2026-10-01 (32 days ago), not verified by scan");
    assertThat(atRest.get(7)).contains("claim encryption.at_rest (attested)");
    assertThat(atRest.get(8)).isEqualTo("reading");
    assertThat(atRest.get(9)).isEqualTo("0.90");
    assertThat(atRest.get(10)).isEmpty();

    // The TLS 1.2 claim failed (TLS 1.0 offered), but the question asks only whether
    // connections are protected by TLS, which the redirect and the handshakes show.
    CSVRecord tls = rows.get(6);
    assertThat(tls.get(3)).isEqualTo("Yes");
    assertThat(tls.get(6)).contains("asked: encryption in transit").contains("https.redirect");
    assertThat(tls.get(7)).contains("https.redirect on app at 2026-11-01T09:00:00Z: PASS");

    CSVRecord mfa = rows.get(7);
    assertThat(mfa.get(3)).as("stale attestation").isEmpty();
    assertThat(mfa.get(10)).contains("stale");

    // "restores are rehearsed" is not read, so the claim's statement is not taken as a whole.
    CSVRecord backups = rows.get(8);
    assertThat(backups.get(3)).isEmpty();
    assertThat(backups.get(10)).contains("read only in part");

    assertThat(rows.get(9).get(8)).isEqualTo("restricted");
    assertThat(rows.get(9).get(10)).contains("breach-history");
    assertThat(rows.get(10).get(8)).isEqualTo("unmatched");

    // The claim names https.redirect as its check, which does not test code review.
    CSVRecord human = rows.get(11);
    assertThat(human.get(3)).as("a person's answer is kept").isEqualTo("No");
    assertThat(human.get(5)).isEmpty();
    assertThat(human.get(10)).contains("do not test code review");
    assertThat(human.get(4)).isEqualTo("answered by a person, keep");

    CSVRecord na = rows.get(12);
    assertThat(na.get(3)).as("the sheet's own spelling").isEqualTo("N/A");
    assertThat(na.get(7)).contains("claim payments.no_card_data");

    // A founder sends this sheet to customers: no attester's address in any cell or line.
    assertThat(Files.readString(out) + r.out() + r.err()).doesNotContain("@acme.test");
    assertThat(r.out()).contains("needs review:").contains("row 8 IAM-14.1")
        .contains("unmatched (answer by hand):").contains("row 11 MISC-9");
  }

  @Test
  void theReviewPageListsWhatNeedsAPersonEscaped() throws IOException {
    Path sheet = dir.resolve("q.csv");
    Files.writeString(sheet, SHEET + "X-1,Other,<script>alert(1)</script> favourite colour?,,\n");
    Path out = dir.resolve("a.csv");
    Path html = dir.resolve("review.html");
    Cli.Result r = Cli.run(Map.of(), null, Clock.fixed(AnswerFixture.ANSWERED, ZoneOffset.UTC),
        "answer", sheet.toString(), "--policy", policy.toString(), "--scan", scan.toString(),
        "-o", out.toString(), "--review-html", html.toString());
    assertThat(r.code()).as(r.err()).isZero();
    org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(html.toFile(), "UTF-8");
    assertThat(doc.select("script")).isEmpty();
    List<String> rows = doc.select("tbody tr").eachText();
    assertThat(rows).hasSize(6);
    assertThat(rows.get(0)).startsWith("8 IAM-14.1").contains("stale");
    assertThat(rows.get(5)).startsWith("14 X-1 <script>alert(1)</script> favourite colour?")
        .contains("read only in part");
    assertThat(doc.text()).doesNotContain("@acme.test");
    assertThat(doc.text()).contains("5 need review").contains("1 unmatched");
    // The settled answers split by value, each counted against the answered sheet: a No from a
    // failing check or a stated gap is no "passing evidence".
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("9 questions: (\\d+) answered Yes"
        + " from current, passing evidence or attestations; (\\d+) answered No from a failing"
        + " check or a stated gap; (\\d+) answered NA").matcher(doc.text());
    assertThat(m.find()).as(doc.text()).isTrue();
    String sheetText = Files.readString(out);
    int yes = Integer.parseInt(m.group(1));
    int no = Integer.parseInt(m.group(2));
    int na = Integer.parseInt(m.group(3));
    assertThat(yes + no + na).isEqualTo(3);
    // PAY-1 is settled as N/A from an attestation that card data does not apply: no passing
    // evidence, and no longer counted as such.
    assertThat(sheetText).contains("PAY-1,Payments,Do you store payment card data?,N/A");
    assertThat(na).isEqualTo(1);
    assertThat(doc.text()).doesNotContain("3 answered from current, passing evidence");
  }

  @Test
  void semicolonSheetsWithNaSpellingAndABomComeBackTheSame() throws IOException {
    Path sheet = dir.resolve("eu.csv");
    Files.writeString(sheet, "\uFEFFNr;Frage / Question;Response\n1;Are backups tested by"
        + " restoring them?;NA\n2;Is customer data encrypted at rest?;\n");
    Path out = dir.resolve("eu-answered.csv");
    Cli.Result r = answer(sheet, out);
    assertThat(r.code()).as(r.err()).isZero();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFFNr;Frage / Question;Response;secaudit answer");
    assertThat(text).contains("2;Is customer data encrypted at rest?;Yes;Yes;");
  }

  @Test
  void badInputIsAUsageErrorAndOverwritesNothing() throws IOException {
    Path out = dir.resolve("keep.csv");
    Files.writeString(out, "precious");

    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "\n\n");
    Cli.Result r = answer(empty, out);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("empty.csv").contains("empty sheet");

    Path noQuestion = dir.resolve("noq.csv");
    Files.writeString(noQuestion, "Name,Value\nfoo,bar\n");
    r = answer(noQuestion, out);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("noq.csv").contains("no question column")
        .contains("Name | Value");

    Path huge = dir.resolve("huge.csv");
    StringBuilder sb = new StringBuilder("ID,Question\n");
    for (int i = 0; i < 100_000; i++) {
      sb.append("Q-").append(i).append(",Is data encrypted at rest?\n");
    }
    Files.writeString(huge, sb);
    r = answer(huge, out);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("huge.csv").contains("more than 5000 rows");

    r = answer(dir.resolve("missing.csv"), out);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("missing.csv").contains("no such file");

    assertThat(Files.readString(out)).isEqualTo("precious");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void aScanOfAnotherPolicyIsRefused() throws IOException {
    Path other = dir.resolve("other.yaml");
    Files.writeString(other, AnswerFixture.POLICY.replace("name: acme", "name: globex"));
    Path sheet = dir.resolve("q.csv");
    Files.writeString(sheet, "Question\nIs data encrypted at rest?\n");
    Cli.Result r = Cli.run(Map.of(), null, Clock.fixed(AnswerFixture.ANSWERED, ZoneOffset.UTC),
        "answer", sheet.toString(), "--policy", other.toString(), "--scan", scan.toString(),
        "-o", dir.resolve("o.csv").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("a scan of policy 'acme', not of 'globex'");
    assertThat(dir.resolve("o.csv")).doesNotExist();
  }
}
