package dev.secaudit.questionnaire;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A customer's questionnaire sheet, whatever its file format: the questions found below its
 * header, and a way to write the same sheet back with our answers added.
 */
public sealed interface Questionnaire permits CsvQuestionnaire, XlsxQuestionnaire {

  /** The columns every answered sheet gains, after the header's last column. */
  List<String> ADDED_COLUMNS = List.of("secaudit answer", "secaudit explanation",
      "secaudit evidence", "secaudit match method", "secaudit confidence",
      "secaudit review reason");

  /** A question row: its 0-based row index, the sheet's id for it (or empty) and its text. */
  record Row(int index, String id, String text) {}

  List<Row> questions();

  /** How the sheet writes Yes, No and NA; a value the sheet cannot hold is absent. */
  Map<Answer.Value, String> spelling();

  /** The answer as this sheet spells it, or its plain name when the sheet cannot hold it. */
  default String label(Answer.Value value) {
    return value == Answer.Value.NONE ? "" : spelling().getOrDefault(value, value.name());
  }

  /**
   * Writes the answered sheet whole or not at all: a failure leaves {@code out} as it was.
   *
   * @param answers by row index
   */
  void write(Path out, Map<Integer, Answer> answers);

  /** By the file's extension: a workbook saved as .xlsx/.xlsm, anything else read as CSV. */
  static Questionnaire read(Path file) {
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    if (name.endsWith(".xlsx") || name.endsWith(".xlsm")) {
      return XlsxQuestionnaire.read(file);
    }
    return CsvQuestionnaire.read(file);
  }
}
