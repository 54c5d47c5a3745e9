package dev.secaudit.questionnaire;

import dev.secaudit.policy.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A customer's questionnaire as an XLSX workbook: the first visible sheet with a question header
 * in its first rows (a cover or instructions sheet is skipped). It is written back as the same
 * workbook with the answer column filled where empty and our columns added after the header's
 * last column; every other part of the workbook is copied unchanged.
 *
 * @param allowed the answer column's validation list (empty when it has none): answers are
 *     written there only in one of these spellings
 * @param width the first column free for our columns: past the header and any merged area that
 *     reaches into the question rows
 */
public record XlsxQuestionnaire(
    Path file,
    XlsxWorkbook.Sheet sheet,
    List<List<String>> rows,
    SheetLayout layout,
    List<XlsxWorkbook.Area> merged,
    List<String> allowed,
    Map<Answer.Value, String> spelling,
    int width) implements Questionnaire {

  public static XlsxQuestionnaire read(Path file) {
    XlsxWorkbook book = XlsxWorkbook.open(file, CsvQuestionnaire.MAX_BYTES);
    if (book.sheets().isEmpty()) {
      throw new UsageException(file + ": empty workbook: no visible sheet to answer");
    }
    List<List<String>> firstRows = null;
    for (XlsxWorkbook.Sheet sheet : book.sheets()) {
      XlsxWorkbook.SheetContent content = book.read(sheet, CsvQuestionnaire.MAX_ROWS);
      List<List<String>> rows = content.rows();
      if (firstRows == null) {
        firstRows = rows;
      }
      var found = SheetLayout.find(rows);
      if (found.isEmpty()) {
        continue;
      }
      SheetLayout layout = found.get();
      List<String> allowed = List.of();
      if (layout.answerColumn() >= 0) {
        int firstQuestion = layout.questions(rows).stream().mapToInt(Row::index).findFirst()
            .orElse(layout.headerRow() + 1);
        allowed = content.lists().entrySet().stream()
            .filter(e -> e.getKey().contains(firstQuestion, layout.answerColumn()))
            .findFirst().map(e -> book.listValues(e.getValue(), sheet)).orElse(List.of());
      }
      int width = rows.get(layout.headerRow()).size();
      for (XlsxWorkbook.Area a : content.merged()) {
        if (a.lastRow() >= layout.headerRow()) {
          width = Math.max(width, a.lastColumn() + 1);
        }
      }
      return new XlsxQuestionnaire(file, sheet,
          List.copyOf(rows.stream().map(List::copyOf).toList()), layout, content.merged(),
          allowed, allowed.isEmpty() ? layout.spelling(rows) : spelling(allowed), width);
    }
    boolean empty = firstRows.stream().allMatch(r -> r.stream().allMatch(String::isBlank));
    if (empty && book.sheets().size() == 1) {
      throw new UsageException(file + ": empty sheet: no rows to answer");
    }
    throw new UsageException(file + ": " + (book.sheets().size() == 1
        ? "sheet '" + book.sheets().get(0).name() + "': " + SheetLayout.noQuestionColumn(firstRows)
        : "no question column on any of the sheets " + book.sheets().stream()
            .map(s -> "'" + s.name() + "'").toList() + ": none has a header cell such as"
            + " 'Question' or 'Control question' in its first " + SheetLayout.HEADER_SEARCH_ROWS
            + " rows"));
  }

  /** Each answer in the list's own spelling; a value the list lacks is left out. */
  static Map<Answer.Value, String> spelling(List<String> allowed) {
    Map<Answer.Value, String> out = new EnumMap<>(Answer.Value.class);
    out.put(Answer.Value.NONE, "");
    for (String v : allowed) {
      String k = v.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "");
      Answer.Value value = switch (k) {
        case "yes", "y", "true" -> Answer.Value.YES;
        case "no", "n", "false" -> Answer.Value.NO;
        case "na", "notapplicable" -> Answer.Value.NA;
        default -> null;
      };
      if (value != null) {
        out.putIfAbsent(value, v);
      }
    }
    return Map.copyOf(out);
  }

  @Override
  public List<Row> questions() {
    return layout.questions(rows);
  }

  @Override
  public void write(Path out, Map<Integer, Answer> answers) {
    int header = layout.headerRow();
    List<XlsxWorkbook.CellText> cells = new ArrayList<>();
    for (int k = 0; k < ADDED_COLUMNS.size(); k++) {
      cells.add(new XlsxWorkbook.CellText(header, width + k, ADDED_COLUMNS.get(k), header,
          layout.questionColumn()));
    }
    for (Row row : questions()) {
      Answer a = answers.get(row.index());
      if (a == null) {
        continue;
      }
      int r = row.index();
      String value = a.value() == Answer.Value.NONE ? "" : spelling.get(a.value());
      String reason = a.reviewReason();
      if (value == null) {
        value = a.value().name();
        reason = (reason.isEmpty() ? "" : reason + "; ") + "the sheet's answer list ("
            + String.join(", ", allowed) + ") has no " + value + ": answer by hand";
      } else if (layout.answerColumn() >= 0 && !value.isEmpty()
          && SheetLayout.cell(rows.get(r), layout.answerColumn()).isBlank()
          && !hiddenByMerge(r, layout.answerColumn())) {
        cells.add(new XlsxWorkbook.CellText(r, layout.answerColumn(), value, -1, -1));
      }
      List<String> ours = List.of(value, a.explanation(), a.evidence(), a.method().label(),
          CsvQuestionnaire.confidence(a), reason);
      for (int k = 0; k < ours.size(); k++) {
        if (!ours.get(k).isEmpty()) {
          cells.add(new XlsxWorkbook.CellText(r, width + k, ours.get(k), r,
              layout.questionColumn()));
        }
      }
    }
    XlsxWorkbook book = XlsxWorkbook.open(file, CsvQuestionnaire.MAX_BYTES);
    AtomicFile.write(out, os -> book.writeWith(sheet, cells, os));
  }

  /** A cell inside a merged area, other than its top-left one, shows nothing when written. */
  private boolean hiddenByMerge(int row, int column) {
    return merged.stream().anyMatch(a -> a.contains(row, column)
        && (a.firstRow() != row || a.firstColumn() != column));
  }
}
