package dev.secaudit.questionnaire;

import dev.secaudit.model.SpreadsheetCells;
import dev.secaudit.policy.InputFile;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A customer's questionnaire as a CSV sheet: title rows, then a header row naming a question
 * column (and often an id and an answer column), then the questions. It is written back as the
 * same sheet with our columns appended, so the customer's layout and wording survive untouched.
 *
 * @param rows every row as read, title rows included
 * @param spelling how the sheet writes Yes, No and NA in its answer column
 */
public record CsvQuestionnaire(
    Path file,
    List<List<String>> rows,
    SheetLayout layout,
    Map<Answer.Value, String> spelling,
    char delimiter,
    boolean byteOrderMark) implements Questionnaire {

  public static final long MAX_BYTES = 16L * 1024 * 1024;
  /** Questionnaires run to a few hundred questions; far more is a wrong file, not a long sheet. */
  public static final int MAX_ROWS = 5_000;

  public static CsvQuestionnaire read(Path file) {
    String text = decode(file);
    boolean bom = text.startsWith("\uFEFF");
    if (bom) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      throw new UsageException(file + ": empty sheet: no rows to answer");
    }
    char delimiter = delimiter(text);
    List<List<String>> rows = new ArrayList<>();
    CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).get();
    try (Reader r = new StringReader(text)) {
      for (CSVRecord rec : format.parse(r)) {
        if (rows.size() >= MAX_ROWS) {
          throw tooManyRows(file);
        }
        rows.add(rec.toList());
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UsageException(file + ": not a readable CSV: " + e.getMessage());
    }
    SheetLayout layout = SheetLayout.find(rows).orElseThrow(
        () -> new UsageException(file + ": " + SheetLayout.noQuestionColumn(rows)));
    return new CsvQuestionnaire(file, List.copyOf(rows.stream().map(List::copyOf).toList()),
        layout, layout.spelling(rows), delimiter, bom);
  }

  static UsageException tooManyRows(Path file) {
    return new UsageException(file + ": more than " + MAX_ROWS + " rows: not a questionnaire"
        + " secaudit answers in one go (split it, or check that this is the right file)");
  }

  @Override
  public List<Row> questions() {
    return layout.questions(rows);
  }

  /**
   * Writes the sheet with the answers; through a temporary file in the target's folder, so a
   * failure never leaves a half-written or clobbered file behind.
   *
   * @param answers by row index
   */
  @Override
  public void write(Path out, Map<Integer, Answer> answers) {
    int headerRow = layout.headerRow();
    int answerColumn = layout.answerColumn();
    AtomicFile.write(out, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
      CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setDelimiter(delimiter).get());
      if (byteOrderMark) {
        w.write('\uFEFF');
      }
      int width = rows.get(headerRow).size();
      for (int i = 0; i < rows.size(); i++) {
        List<String> row = new ArrayList<>(rows.get(i));
        // The customer's own cells too: the sheet comes from outside, and the file written is
        // secaudit's, opened by someone who trusts it.
        row.replaceAll(SpreadsheetCells::neutralise);
        if (i < headerRow) {
          p.printRecord(row);
          continue;
        }
        while (row.size() < width) {
          row.add("");
        }
        if (i == headerRow) {
          row.addAll(ADDED_COLUMNS);
        } else {
          Answer a = answers.get(i);
          if (a == null) {
            row.addAll(List.of("", "", "", "", "", ""));
          } else {
            if (answerColumn >= 0 && cell(row, answerColumn).isBlank()
                && a.value() != Answer.Value.NONE) {
              row.set(answerColumn, SpreadsheetCells.neutralise(spelling.get(a.value())));
            }
            row.add(a.value() == Answer.Value.NONE ? "" : spelling.get(a.value()));
            row.add(safe(a.explanation()));
            row.add(safe(a.evidence()));
            row.add(a.method().label());
            row.add(confidence(a));
            row.add(safe(a.reviewReason()));
          }
        }
        p.printRecord(row);
      }
      p.flush();
    });
  }

  static String confidence(Answer a) {
    return String.format(Locale.ROOT, "%.2f", a.confidence());
  }

  static String cell(List<String> row, int column) {
    return SheetLayout.cell(row, column);
  }

  /**
   * Our text can start with '-' or '='; a spreadsheet would run it as a formula. It may quote a
   * forged scan, whose control characters are written as codes, as every other output does.
   */
  static String safe(String text) {
    if (text.isEmpty()) {
      return text;
    }
    return SpreadsheetCells.neutralise(dev.secaudit.model.ControlCharacters.escape(text));
  }

  private static String decode(Path file) {
    byte[] bytes = InputFile.read(file, "questionnaire", MAX_BYTES,
        "Give the customer's questionnaire (CSV or XLSX)");
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      // Excel's "CSV" on Windows is often cp1252; Latin-1 keeps every byte readable.
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /** Excel writes ';' where ',' is the decimal mark: the first line tells which one. */
  private static char delimiter(String text) {
    String first = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    long commas = first.chars().filter(ch -> ch == ',').count();
    long semicolons = first.chars().filter(ch -> ch == ';').count();
    return semicolons > commas ? ';' : ',';
  }
}
