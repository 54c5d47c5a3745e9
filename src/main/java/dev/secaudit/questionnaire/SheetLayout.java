package dev.secaudit.questionnaire;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a sheet keeps its questions: the header row (below any title rows) and the question, id
 * and answer columns in it. The same rules serve CSV and XLSX sheets.
 *
 * @param headerRow 0-based index of the header row
 * @param idColumn the sheet's own id column, or -1
 * @param answerColumn the sheet's answer column, or -1
 */
public record SheetLayout(int headerRow, int questionColumn, int idColumn, int answerColumn) {

  /** Rows searched for the header: title blocks are a handful of rows. */
  static final int HEADER_SEARCH_ROWS = 30;

  /** The first of the first rows with a question header cell, or empty. */
  static Optional<SheetLayout> find(List<List<String>> rows) {
    for (int i = 0; i < Math.min(HEADER_SEARCH_ROWS, rows.size()); i++) {
      List<String> row = rows.get(i);
      for (int c = 0; c < row.size(); c++) {
        if (isQuestionHeader(cell(row, c))) {
          return Optional.of(columns(row, i, c));
        }
      }
    }
    return Optional.empty();
  }

  /** Why no header was found, naming what the first non-empty row says. */
  static String noQuestionColumn(List<List<String>> rows) {
    String first = rows.stream().filter(r -> r.stream().anyMatch(c -> c != null && !c.isBlank()))
        .findFirst().map(r -> String.join(" | ", r)).orElse("");
    return "no question column: none of the first " + Math.min(HEADER_SEARCH_ROWS, rows.size())
        + " rows has a header cell such as 'Question' or 'Control question' (first row reads: "
        + first + ")";
  }

  private static SheetLayout columns(List<String> head, int header, int question) {
    int id = -1;
    int answer = -1;
    for (int c = 0; c < head.size(); c++) {
      if (c == question) {
        continue;
      }
      String h = QuestionMatcher.plain(cell(head, c));
      if (id < 0 && (isIdHeader(h) || cell(head, c).strip().equals("#"))) {
        id = c;
      } else if (answer < 0 && (h.contains("answer") || h.contains("response")
          || h.equals("yes no na") || h.equals("yes no n a"))) {
        answer = c;
      }
    }
    return new SheetLayout(header, question, id, answer);
  }

  /** The question rows below the header; rows with an empty question cell are section titles. */
  List<Questionnaire.Row> questions(List<List<String>> rows) {
    List<Questionnaire.Row> out = new java.util.ArrayList<>();
    for (int i = headerRow + 1; i < rows.size(); i++) {
      String q = cell(rows.get(i), questionColumn).strip();
      if (!q.isEmpty()) {
        out.add(new Questionnaire.Row(i, idColumn < 0 ? "" : cell(rows.get(i), idColumn).strip(),
            q));
      }
    }
    return out;
  }

  /** How the answers already in the sheet (and its header) write Yes, No and NA. */
  Map<Answer.Value, String> spelling(List<List<String>> rows) {
    StringBuilder seen = new StringBuilder();
    if (answerColumn >= 0) {
      for (int i = headerRow; i < rows.size(); i++) {
        seen.append(cell(rows.get(i), answerColumn)).append('\n');
      }
    }
    String all = seen.toString();
    boolean upper = all.contains("YES") || all.contains("NO\n");
    String na = all.contains("N/A") || all.contains("n/a") ? "N/A" : "NA";
    return Map.of(Answer.Value.YES, upper ? "YES" : "Yes", Answer.Value.NO, upper ? "NO" : "No",
        Answer.Value.NA, na, Answer.Value.NONE, "");
  }

  static String cell(List<String> row, int column) {
    return column >= 0 && column < row.size() && row.get(column) != null ? row.get(column) : "";
  }

  private static boolean isQuestionHeader(String cell) {
    String h = QuestionMatcher.plain(cell);
    return h.equals("question") || h.equals("questions") || h.equals("control question")
        || h.equals("question text") || h.equals("requirement") || h.equals("query")
        || isShortQuestionLabel(h);
  }

  /**
   * "Control Question", "Question (CAIQ)": the word itself, in a short cell. A title row such as
   * "Vendor Security Questionnaire" only contains the letters and is no header.
   */
  private static boolean isShortQuestionLabel(String h) {
    List<String> words = List.of(h.split(" "));
    return words.size() <= 4 && !words.contains("id")
        && (words.contains("question") || words.contains("questions"));
  }

  private static boolean isIdHeader(String h) {
    return h.equals("id") || h.endsWith(" id") || h.equals("ref") || h.equals("reference")
        || h.equals("no") || h.equals("number") || h.equals("item")
        || h.equals("control") || h.equals("question id") || h.equals("control id");
  }
}
