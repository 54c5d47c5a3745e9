package dev.secaudit.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
