package dev.secaudit.questionnaire;

import dev.secaudit.policy.UsageException;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.WriterOutput;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * One self-contained HTML page listing the questions a person must answer or check, with the
 * reason and the evidence; rendered by a precompiled jte template that escapes every value.
 */
public final class ReviewPage {
  private static final String TEMPLATE = "questionnaire/review.jte";

  public record Summary(String sheet, String policy, String scanRun, String scanStarted,
      String answeredAt, int questions, int answered, int review, int unmatched,
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
    Path tmp = null;
    try {
      tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        TemplateEngine.createPrecompiled(ContentType.Html)
            .render(TEMPLATE, summary, new WriterOutput(w));
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new UsageException(out + ": cannot write: " + e.getMessage());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a hidden temporary file named after the output is all that can be left
        }
      }
    }
  }
}
