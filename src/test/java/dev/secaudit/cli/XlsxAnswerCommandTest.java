package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.questionnaire.Questionnaire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'secaudit answer' on XLSX workbooks of real-world shape, built here with Apache POI and read
 * back with it: an independent reader checks that the patched workbook is sound.
 */
class XlsxAnswerCommandTest {
  @TempDir Path dir;
  Path policy;
  Path scan;

  /** The rows of AnswerCommandTest.SHEET: id, domain, question, answer, comments. */
  static final String[][] QUESTIONS = {
    {"", "Encryption", "", "", ""},
    {"CEK-03.1", "Encryption", "Is customer data encrypted while stored on disk?", "", ""},
    {"ENC-2", "Encryption", "Are all connections to the service protected by SSL?", "", ""},
    {"IAM-14.1", "Identity", "Is multi-factor authentication enforced for privileged users?", "",
        ""},
    {"BC-1", "Resilience", "Are backups of production databases performed?", "", ""},
    {"HR-3", "People", "Have you had a security breach in the past 24 months?", "", ""},
    {"MISC-9", "Other", "What is the name of your office cat?", "", ""},
    {"CHG-1", "Change", "Are code changes reviewed before they are merged?", "No",
        "answered by a person, keep"},
    {"PAY-1", "Payments", "Do you store payment card data?", "", ""},
  };

  @BeforeEach
  void inputs() throws IOException {
    Path[] written = AnswerCommandTest.writeInputs(dir);
    policy = written[0];
    scan = written[1];
  }

  private Cli.Result answer(Path sheet, Path out) {
    return AnswerCommandTest.answer(policy, scan, sheet, out);
  }

  /**
   * A cover sheet, then the questions: a merged title over the header's width, a note row, the
   * header in bold on row 4, and the answer column limited to a validation list.
   *
   * @param listOnSheet the list lives on a hidden 'Lists' sheet rather than in the validation
   */
  static XSSFWorkbook questionnaire(List<String> answers, boolean listOnSheet) {
    XSSFWorkbook wb = new XSSFWorkbook();
    wb.createSheet("Instructions").createRow(0).createCell(0)
        .setCellValue("Please answer every question on the next sheet.");
    XSSFSheet s = wb.createSheet("Security");
    s.createRow(0).createCell(0).setCellValue("Acme Corp Vendor Security Questionnaire");
    s.addMergedRegion(new CellRangeAddress(0, 0, 0, 4));
    s.createRow(1).createCell(0).setCellValue("Version 3.2 — answer " + answers);
    s.addMergedRegion(new CellRangeAddress(1, 1, 0, 4));
    CellStyle bold = wb.createCellStyle();
    Font font = wb.createFont();
    font.setBold(true);
    bold.setFont(font);
    Row header = s.createRow(3);
    String[] names = {"Question ID", "Domain", "Question", "Answer", "Comments"};
    for (int c = 0; c < names.length; c++) {
      Cell cell = header.createCell(c);
      cell.setCellValue(names[c]);
      cell.setCellStyle(bold);
    }
    for (int i = 0; i < QUESTIONS.length; i++) {
      Row row = s.createRow(4 + i);
      for (int c = 0; c < QUESTIONS[i].length; c++) {
        if (!QUESTIONS[i][c].isEmpty()) {
          row.createCell(c).setCellValue(QUESTIONS[i][c]);
        }
      }
    }
    DataValidationHelper dv = s.getDataValidationHelper();
    var range = new CellRangeAddressList(4, 4 + QUESTIONS.length - 1, 3, 3);
    DataValidation validation;
    if (listOnSheet) {
      XSSFSheet lists = wb.createSheet("Lists");
      for (int i = 0; i < answers.size(); i++) {
        lists.createRow(i).createCell(0).setCellValue(answers.get(i));
      }
      wb.setSheetHidden(wb.getSheetIndex(lists), true);
      validation = dv.createValidation(
          dv.createFormulaListConstraint("Lists!$A$1:$A$" + answers.size()), range);
    } else {
      validation = dv.createValidation(
          dv.createExplicitListConstraint(answers.toArray(String[]::new)), range);
    }
    s.addValidationData(validation);
    return wb;
  }

  static void save(XSSFWorkbook wb, Path file) throws IOException {
    try (OutputStream o = Files.newOutputStream(file); wb) {
      wb.write(o);
    }
  }

  static XSSFWorkbook open(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new XSSFWorkbook(in);
    }
  }

  static List<String> row(Sheet s, int r) {
    DataFormatter f = new DataFormatter();
    List<String> out = new ArrayList<>();
    Row row = s.getRow(r);
    for (int c = 0; row != null && c < row.getLastCellNum(); c++) {
      out.add(f.formatCellValue(row.getCell(c)));
    }
    return out;
  }

  @Test
  void answersAWorkbookAndKeepsItsShapeStylesAndValidation() throws IOException {
    Path sheet = dir.resolve("acme.xlsx");
    save(questionnaire(List.of("Yes", "No", "N/A"), false), sheet);
    Path out = dir.resolve("answered.xlsx");
    byte[] before = Files.readAllBytes(sheet);

    Cli.Result r = answer(sheet, out);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(sheet)).as("the input is never touched").isEqualTo(before);
    assertThat(r.out()).contains("8 questions: yes 2, no 0, na 1, left empty 5; 4 need review,"
        + " 1 unmatched").contains("row 8 IAM-14.1").contains("row 11 MISC-9");
    try (XSSFWorkbook wb = open(out)) {
      assertThat(wb.getNumberOfSheets()).isEqualTo(2);
      assertThat(row(wb.getSheet("Instructions"), 0))
          .containsExactly("Please answer every question on the next sheet.");
      XSSFSheet s = wb.getSheet("Security");
      assertThat(s.getMergedRegions()).extracting(CellRangeAddress::formatAsString)
          .containsExactlyInAnyOrder("A1:E1", "A2:E2");
      assertThat(s.getDataValidations()).hasSize(1);
      assertThat(s.getDataValidations().get(0).getValidationConstraint()
          .getExplicitListValues()).containsExactly("Yes", "No", "N/A");
      List<String> header = row(s, 3);
      assertThat(header.subList(0, 5)).containsExactly("Question ID", "Domain", "Question",
          "Answer", "Comments");
      assertThat(header.subList(5, header.size())).isEqualTo(Questionnaire.ADDED_COLUMNS);
      assertThat(wb.getFontAt(s.getRow(3).getCell(6).getCellStyle().getFontIndex()).getBold())
          .as("our header cells take the header's style").isTrue();
      assertThat(row(s, 4)).containsOnly("", "Encryption");

      List<String> atRest = row(s, 5);
      assertThat(atRest.get(3)).isEqualTo("Yes");
      assertThat(atRest.get(5)).isEqualTo("Yes");
      assertThat(atRest.get(6)).contains("asked: encryption at rest")
          .contains("attested by CTO on 2026-10-01 (32 days ago)");
      assertThat(atRest.get(7)).contains("claim encryption.at_rest (attested)");
      // A sheet sent to customers names the attester by role, never by address.
      assertThat(String.join(" ", atRest)).doesNotContain("@acme.test");
      assertThat(atRest.subList(8, 10)).containsExactly("reading", "0.90");

      List<String> tls = row(s, 6);
      assertThat(tls.get(3)).as("in transit, shown by the redirect").isEqualTo("Yes");
      assertThat(tls.get(7)).contains("https.redirect on app");
      assertThat(row(s, 7).get(3)).as("stale attestation").isEmpty();
      assertThat(row(s, 9).get(8)).isEqualTo("restricted");
      assertThat(row(s, 10).get(8)).isEqualTo("unmatched");
      List<String> human = row(s, 11);
      assertThat(human.subList(3, 6)).as("a person's answer is kept")
          .containsExactly("No", "answered by a person, keep", "");
      assertThat(row(s, 12).get(3)).as("the list's own spelling").isEqualTo("N/A");
      for (int i = 5; i <= 12; i++) {
        assertThat(List.of("", "Yes", "No", "N/A")).contains(row(s, i).get(3));
      }
    }
  }

  @Test
  void answersStayWithinAListKeptOnAHiddenSheet() throws IOException {
    Path sheet = dir.resolve("yes-no.xlsx");
    save(questionnaire(List.of("YES", "NO"), true), sheet);
    Path out = dir.resolve("answered.xlsx");

    Cli.Result r = answer(sheet, out);

    assertThat(r.code()).as(r.err()).isZero();
    try (XSSFWorkbook wb = open(out)) {
      XSSFSheet s = wb.getSheet("Security");
      assertThat(row(s, 5).get(3)).isEqualTo("YES");
      assertThat(row(s, 6).get(3)).isEqualTo("YES");
      List<String> payments = row(s, 12);
      assertThat(payments.get(3)).as("NA is not in the list: left for a person").isEmpty();
      assertThat(payments.get(5)).isEqualTo("NA");
      assertThat(payments.get(10)).contains("the sheet's answer list (YES, NO) has no NA");
      assertThat(wb.isSheetHidden(wb.getSheetIndex("Lists"))).isTrue();
    }
  }

  @Test
  void answeringInPlaceReplacesTheWorkbookWhole() throws IOException {
    Path sheet = dir.resolve("inplace.xlsx");
    save(questionnaire(List.of("Yes", "No", "N/A"), false), sheet);
    Cli.Result r = answer(sheet, sheet);
    assertThat(r.code()).as(r.err()).isZero();
    try (XSSFWorkbook wb = open(sheet)) {
      assertThat(row(wb.getSheet("Security"), 5).get(3)).isEqualTo("Yes");
    }
  }

  @Test
  void badWorkbooksAreUsageErrorsAndOverwriteNothing() throws Exception {
    Path out = dir.resolve("keep.xlsx");
    Files.writeString(out, "precious");

    Path empty = dir.resolve("empty.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      wb.createSheet("Sheet1");
      save(wb, empty);
    }
    assertUsage(answer(empty, out), "empty.xlsx", "empty sheet");

    Path noQuestion = dir.resolve("noq.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Row row = wb.createSheet("Data").createRow(0);
      row.createCell(0).setCellValue("Name");
      row.createCell(1).setCellValue("Value");
      save(wb, noQuestion);
    }
    assertUsage(answer(noQuestion, out), "noq.xlsx", "no question column", "Name | Value");

    Path locked = dir.resolve("locked.xlsx");
    encrypt(questionnaire(List.of("Yes", "No"), false), locked, "s3cret");
    assertUsage(answer(locked, out), "locked.xlsx", "password-protected");

    Path corrupt = dir.resolve("corrupt.xlsx");
    byte[] good = Files.readAllBytes(noQuestion);
    Files.write(corrupt, java.util.Arrays.copyOf(good, good.length / 2));
    assertUsage(answer(corrupt, out), "corrupt.xlsx", "not a readable XLSX workbook");

    Path text = dir.resolve("renamed.xlsx");
    Files.writeString(text, "Question\nIs data encrypted at rest?\n");
    assertUsage(answer(text, out), "renamed.xlsx", "not a readable XLSX workbook");

    Path huge = dir.resolve("huge.xlsx");
    try (SXSSFWorkbook wb = new SXSSFWorkbook(100)) {
      Sheet s = wb.createSheet("Questions");
      s.createRow(0).createCell(0).setCellValue("Question");
      for (int i = 1; i <= 100_000; i++) {
        s.createRow(i).createCell(0).setCellValue("Is data encrypted at rest? " + i);
      }
      try (OutputStream o = Files.newOutputStream(huge)) {
        wb.write(o);
      }
    }
    assertUsage(answer(huge, out), "huge.xlsx", "more than 5000 rows");

    assertThat(Files.readString(out)).isEqualTo("precious");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void aFormulaQuestionIsReviewedNotGuessed() throws Exception {
    Path sheet = dir.resolve("formula.xlsx");
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      Sheet s = wb.createSheet("Questions");
      Row head = s.createRow(0);
      head.createCell(0).setCellValue("Question");
      head.createCell(1).setCellValue("Answer");
      s.createRow(1).createCell(0).setCellValue("Is TLS 1.2 or higher required?");
      // A question computed by a formula: its text is whatever Excel last cached, if anything.
      s.createRow(2).createCell(0).setCellFormula("\"Do you \"&\"encrypt data in transit?\"");
      save(wb, sheet);
    }
    Path out = dir.resolve("formula-answered.xlsx");
    Cli.Result r = answer(sheet, out);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("2 questions").contains("1 need review");
    try (XSSFWorkbook wb = new XSSFWorkbook(Files.newInputStream(out))) {
      Row row = wb.getSheetAt(0).getRow(2);
      DataFormatter f = new DataFormatter();
      // Kept where it was, answered by no one: the reviewer sees why.
      assertThat(f.formatCellValue(row.getCell(1))).isEmpty();
      assertThat(f.formatCellValue(row.getCell(7))).contains("formula");
    }
  }

  private static void assertUsage(Cli.Result r, String... messages) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(messages);
  }

  /** Excel's "Encrypt with Password": agile encryption inside an OLE2 compound file. */
  private static void encrypt(XSSFWorkbook wb, Path file, String password) throws Exception {
    Path plain = file.resolveSibling("plain-" + file.getFileName());
    save(wb, plain);
    try (POIFSFileSystem fs = new POIFSFileSystem()) {
      EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
      Encryptor enc = info.getEncryptor();
      enc.confirmPassword(password);
      try (OPCPackage opc = OPCPackage.open(plain.toFile());
          OutputStream os = enc.getDataStream(fs)) {
        opc.save(os);
      }
      try (OutputStream o = Files.newOutputStream(file)) {
        fs.writeFilesystem(o);
      }
    }
    Files.delete(plain);
  }
}
