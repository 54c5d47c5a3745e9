package dev.secaudit.questionnaire;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import dev.secaudit.model.ControlCharacters;
import gg.jte.output.WriterOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * One self-contained HTML page listing the questions a person must answer or check, with the
 * reason and the evidence; rendered by a precompiled jte template that escapes every value.
 */
public final class ReviewPage {
  private static final String TEMPLATE = "questionnaire/review.jte";

  /**
   * The counts of a sheet. {@code yes} are the answers from current, passing evidence; {@code
   * settled} counts every answer that needs no person, whatever its value: a No from a failing
   * check or a stated gap is settled but is not passing evidence, and the page once said so.
   */
  public record Summary(String sheet, String policy, String scanRun, String scanStarted,
      String answeredAt, int questions, int yes, int no, int na, int review, int unmatched,
      List<Item> items) {
    public Summary {
      items = List.copyOf(items);
    }
  }

  /** A row that needs a person; {@code row} is 1-based as a spreadsheet shows it. */
  public record Item(int row, String id, String question, String answer, String method,
      String confidence, String reason, String evidence) {}

  private ReviewPage() {}

  /** Written through a temporary file beside {@code out}, like the answered sheet. */
  public static void write(Summary summary, Path out) {
    AtomicFile.write(out, os -> {
      // Questions come from a sheet anyone may have written: control characters as codes.
      Writer w = ControlCharacters.writer(new OutputStreamWriter(os, StandardCharsets.UTF_8));
      TemplateEngine.createPrecompiled(ContentType.Html)
          .render(TEMPLATE, summary, new WriterOutput(w));
      w.flush();
    });
  }
}
