package dev.secaudit.questionnaire;

import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * @param headerRow index into rows of the header
 * @param idColumn the sheet's own id column, or -1
 * @param answerColumn the sheet's answer column, or -1
 * @param spelling how the sheet writes Yes, No and NA in its answer column
 */
public record CsvQuestionnaire(
    Path file,
    List<List<String>> rows,
    int headerRow,
    int questionColumn,
    int idColumn,
    int answerColumn,
    Map<Answer.Value, String> spelling,
    char delimiter,
    boolean byteOrderMark) {

  public static final long MAX_BYTES = 16L * 1024 * 1024;
  /** Questionnaires run to a few hundred questions; far more is a wrong file, not a long sheet. */
  public static final int MAX_ROWS = 5_000;
  /** Rows searched for the header: title blocks are a handful of rows. */
  static final int HEADER_SEARCH_ROWS = 30;

  public static final List<String> ADDED_COLUMNS = List.of("secaudit answer",
      "secaudit explanation", "secaudit evidence", "secaudit match method",
      "secaudit confidence", "secaudit review reason");

  /** A question row: its index in rows, the sheet's id for it (or empty) and its text. */
  public record Row(int index, String id, String text) {}

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
          throw new UsageException(file + ": more than " + MAX_ROWS + " rows: not a questionnaire"
              + " secaudit answers in one go (split it, or check that this is the right file)");
        }
        rows.add(rec.toList());
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UsageException(file + ": not a readable CSV: " + e.getMessage());
    }
    int header = -1;
    int question = -1;
    for (int i = 0; i < Math.min(HEADER_SEARCH_ROWS, rows.size()) && header < 0; i++) {
      List<String> row = rows.get(i);
      for (int c = 0; c < row.size(); c++) {
        if (isQuestionHeader(row.get(c))) {
          header = i;
          question = c;
          break;
        }
      }
    }
    if (header < 0) {
      throw new UsageException(file + ": no question column: none of the first "
          + Math.min(HEADER_SEARCH_ROWS, rows.size()) + " rows has a header cell such as"
          + " 'Question' or 'Control question' (row 1 reads: "
          + String.join(" | ", rows.get(0)) + ")");
    }
    List<String> head = rows.get(header);
    int id = -1;
    int answer = -1;
    for (int c = 0; c < head.size(); c++) {
      if (c == question) {
        continue;
      }
      String h = QuestionMatcher.plain(head.get(c));
      if (id < 0 && (isIdHeader(h) || head.get(c).strip().equals("#"))) {
        id = c;
      } else if (answer < 0 && (h.contains("answer") || h.contains("response")
          || h.equals("yes no na") || h.equals("yes no n a"))) {
        answer = c;
      }
    }
    return new CsvQuestionnaire(file, List.copyOf(rows.stream().map(List::copyOf).toList()),
        header, question, id, answer, spelling(rows, header, answer), delimiter, bom);
  }

  /** The question rows below the header; rows with an empty question cell are section titles. */
  public List<Row> questions() {
    List<Row> out = new ArrayList<>();
    for (int i = headerRow + 1; i < rows.size(); i++) {
      String q = cell(rows.get(i), questionColumn).strip();
      if (!q.isEmpty()) {
        out.add(new Row(i, idColumn < 0 ? "" : cell(rows.get(i), idColumn).strip(), q));
      }
    }
    return out;
  }

  /**
   * Writes the sheet with the answers; through a temporary file in the target's folder, so a
   * failure never leaves a half-written or clobbered file behind.
   *
   * @param answers by row index
   */
  public void write(Path out, Map<Integer, Answer> answers) {
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
          CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setDelimiter(delimiter)
              .get())) {
        if (byteOrderMark) {
          w.write('\uFEFF');
        }
        int width = rows.get(headerRow).size();
        for (int i = 0; i < rows.size(); i++) {
          List<String> row = new ArrayList<>(rows.get(i));
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
                row.set(answerColumn, spelling.get(a.value()));
              }
              row.add(a.value() == Answer.Value.NONE ? "" : spelling.get(a.value()));
              row.add(safe(a.explanation()));
              row.add(safe(a.evidence()));
              row.add(a.method().label());
              row.add(String.format(Locale.ROOT, "%.2f", a.confidence()));
              row.add(safe(a.reviewReason()));
            }
          }
          p.printRecord(row);
        }
      }
      try {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UsageException(out + ": cannot write: " + e.getMessage());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary file is hidden and named after the output; nothing else to do
        }
      }
    }
  }

  static String cell(List<String> row, int column) {
    return column >= 0 && column < row.size() && row.get(column) != null ? row.get(column) : "";
  }

  /** Our text can start with '-' or '='; a spreadsheet would run it as a formula. */
  static String safe(String s) {
    if (s.isEmpty()) {
      return s;
    }
    char c = s.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
  }

  private static String decode(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new UsageException(file + ": larger than " + MAX_BYTES / (1024 * 1024)
            + " MiB: not a questionnaire secaudit answers in one go");
      }
      byte[] bytes = Files.readAllBytes(file);
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        // Excel's "CSV" on Windows is often cp1252; Latin-1 keeps every byte readable.
        return new String(bytes, StandardCharsets.ISO_8859_1);
      }
    } catch (NoSuchFileException e) {
      throw new UsageException(file + ": no such file");
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read: " + e.getMessage());
    }
  }

  /** Excel writes ';' where ',' is the decimal mark: the first line tells which one. */
  private static char delimiter(String text) {
    String first = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    long commas = first.chars().filter(ch -> ch == ',').count();
    long semicolons = first.chars().filter(ch -> ch == ';').count();
    return semicolons > commas ? ';' : ',';
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

  private static Map<Answer.Value, String> spelling(List<List<String>> rows, int header,
      int answer) {
    StringBuilder seen = new StringBuilder();
    if (answer >= 0) {
      seen.append(rows.get(header).get(answer)).append('\n');
      for (int i = header + 1; i < rows.size(); i++) {
        seen.append(cell(rows.get(i), answer)).append('\n');
      }
    }
    String all = seen.toString();
    boolean upper = all.contains("YES") || all.contains("NO\n");
    String na = all.contains("N/A") || all.contains("n/a") ? "N/A" : "NA";
    return Map.of(Answer.Value.YES, upper ? "YES" : "Yes", Answer.Value.NO, upper ? "NO" : "No",
        Answer.Value.NA, na, Answer.Value.NONE, "");
  }
}
