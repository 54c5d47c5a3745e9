package dev.secaudit.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cells secaudit adds to a sheet quote evidence, which a forged scan can fill with terminal
 * escapes and bidi overrides: they are written as codes, and a leading formula character is
 * still defused after that.
 */
class CsvCellsTest {
  @Test
  void controlCharactersAreWrittenAsCodesAndFormulasStayDefused() {
    assertThat(CsvQuestionnaire.safe("observed \u001b[2J\u202eevil"))
        .isEqualTo("observed \\u001B[2J\\u202Eevil");
    assertThat(CsvQuestionnaire.safe("=HYPERLINK(\"x\")\u0007")).isEqualTo("'=HYPERLINK(\"x\")\\u0007");
    assertThat(CsvQuestionnaire.safe("\rX")).isEqualTo("\\u000DX");
    assertThat(CsvQuestionnaire.safe("")).isEmpty();
  }

  /**
   * The customer's sheet is untrusted: a question cell that is a formula is written back as
   * text, through the same function as findings.csv's cells, never as a live formula.
   */
  @Test
  void theCustomersFormulaCellsAreWrittenBackDefused(@TempDir Path dir) throws Exception {
    Path in = Files.writeString(dir.resolve("q.csv"), "ID,Question,Answer\n"
        + "A-1,=cmd|' /C calc'!A0,\n"
        + "A-2,@SUM(1+1)*cmd|' /C calc'!A0,\n"
        + "+1+cmd,-2+3+cmd|x,\n"
        + "A-4,\"\tDo you use TLS 1.2?\",\n");
    Path out = dir.resolve("answered.csv");
    CsvQuestionnaire.read(in).write(out, Map.of());
    List<CSVRecord> rows = CSVFormat.RFC4180.parse(Files.newBufferedReader(out)).getRecords();
    assertThat(rows).hasSize(5);
    for (CSVRecord row : rows) {
      for (String cell : row) {
        assertThat(cell).as(row.toString()).doesNotStartWith("=").doesNotStartWith("@")
            .doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("\t");
      }
    }
    assertThat(rows.get(1).get(1)).isEqualTo("'=cmd|' /C calc'!A0");
    assertThat(rows.get(3).get(0)).isEqualTo("'+1+cmd");
  }

  @Test
  void aCellOverASpreadsheetsLimitIsCutWithAMarkerSayingWhereTheWholeIs() {
    String huge = "mailto:a@x.test, ".repeat(50_000);
    String cell = dev.secaudit.model.SpreadsheetCells.safe(huge);
    assertThat(cell).hasSize(dev.secaudit.model.SpreadsheetCells.MAX_CELL)
        .startsWith(huge.substring(0, 1000))
        .endsWith("…[cut here: the text is " + huge.length() + " characters, a spreadsheet cell"
            + " holds 32767; the whole is in scan.json, and what was received in the artifacts"
            + " named under evidence_ids]");
    String fits = "x".repeat(dev.secaudit.model.SpreadsheetCells.MAX_CELL);
    assertThat(dev.secaudit.model.SpreadsheetCells.safe(fits)).isSameAs(fits);
  }
}
