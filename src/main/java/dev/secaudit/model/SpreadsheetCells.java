package dev.secaudit.model;

/**
 * A cell of a CSV secaudit writes, as a spreadsheet will open it. One function for every CSV
 * (findings.csv, the answered questionnaire), so no file secaudit writes holds a live formula.
 */
public final class SpreadsheetCells {
  private SpreadsheetCells() {}

  /**
   * Spreadsheets run a cell that starts with = + - @ (and, in some, a leading tab or CR) as a
   * formula, so a server's header value or a customer's question could launch a command or leak
   * data when the file is opened. Following OWASP's "CSV Injection" guidance
   * (https://owasp.org/www-community/attacks/CSV_Injection) such cells get a leading single
   * quote, which makes the spreadsheet show them as text; quoting and doubling of embedded
   * quotes is left to the CSV writer.
   */
  public static String safe(String cell) {
    return capped(neutralise(cell));
  }

  /** The most characters a cell holds in Excel; it drops the rest without a word. */
  public static final int MAX_CELL = 32_767;

  /**
   * The cell cut to {@link #MAX_CELL} characters with a marker that says so, how long it was,
   * and where the whole is: a spreadsheet would cut it silently, and the auditor would read part
   * of a finding as all of it.
   */
  public static String capped(String cell) {
    if (cell == null || cell.length() <= MAX_CELL) {
      return cell;
    }
    String marker = " …[cut here: the text is " + cell.length() + " characters, a spreadsheet"
        + " cell holds " + MAX_CELL + "; the whole is in scan.json, and what was received in"
        + " the artifacts named under evidence_ids]";
    int keep = MAX_CELL - marker.length();
    if (Character.isHighSurrogate(cell.charAt(keep - 1))) {
      keep--;
    }
    return cell.substring(0, keep) + marker;
  }

  /**
   * {@link #safe} without the cap, for a cell that is short by construction. A value that is
   * quotes before a formula character ('=1) gets one more too: else it and the neutralised =1
   * were one cell, and "strip one leading quote" turned it into =1. So the rule a consumer
   * undoes it by is exact: a cell of one or more quotes and then = + - @ tab or CR lost one
   * quote; every other cell, 'nosniff' among them, is the value as recorded.
   */
  public static String neutralise(String cell) {
    if (cell == null || cell.isEmpty()) {
      return cell;
    }
    int i = 0;
    while (i < cell.length() && cell.charAt(i) == '\'') {
      i++;
    }
    if (i == cell.length()) {
      return cell;
    }
    char c = cell.charAt(i);
    boolean formula = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    return formula ? "'" + cell : cell;
  }
}
