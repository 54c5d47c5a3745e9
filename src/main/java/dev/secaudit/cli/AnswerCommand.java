package dev.secaudit.cli;

import dev.secaudit.model.ControlCharacters;
import dev.secaudit.model.ScanResult;
import dev.secaudit.policy.Policy;
import dev.secaudit.questionnaire.Answer;
import dev.secaudit.questionnaire.AnswerSource;
import dev.secaudit.questionnaire.MatchMethod;
import dev.secaudit.questionnaire.QuestionBank;
import dev.secaudit.questionnaire.QuestionMatcher;
import dev.secaudit.questionnaire.Questionnaire;
import dev.secaudit.questionnaire.ReviewPage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class AnswerCommand implements Callable<Integer> {
  final Main main;
  Path questionnaire;
  final PolicyScanOptions evidence = new PolicyScanOptions();
  Path output;
  Path reviewHtml;

  AnswerCommand(Main main) {
    this.main = main;
  }

  /** The command's options (names, labels, help, defaults), each set into its field here. */
  CommandSpec model() {
    CommandModel model = CommandModel.of(this, "answer", "Answer a customer's security"
        + " questionnaire (CSV or XLSX) from the policy's claims and the latest scan. Writes the"
        + " same sheet with answer, explanation, evidence, match method, confidence and review"
        + " reason columns added. 'Yes' only from current, passing evidence; everything else is"
        + " left for a person with the reason.");
    model.requiredPath(v -> questionnaire = v, "QUESTIONNAIRE", "The sheet, as CSV or XLSX (by"
        + " its extension).");
    evidence.addTo(model);
    model.add(CommandModel.option(Path.class, v -> output = v, "OUT", "Where the answered sheet"
        + " goes (written whole or not at all).", "-o", "--output").converters(CommandModel::path)
        .required(true));
    model.path(v -> reviewHtml = v, "FILE", "Also write one HTML page of the questions a person"
        + " must answer or check.", "--review-html");
    return model.withHelpOptions();
  }

  @Override
  public Integer call() {
    PolicyScan loaded = evidence.load(main.context);
    Policy p = loaded.policy();
    ScanResult result = loaded.scan();
    Questionnaire sheet = Questionnaire.read(questionnaire);
    QuestionMatcher matcher = new QuestionMatcher(QuestionBank.builtIn());
    AnswerSource source = new AnswerSource(p, result, main.context.clock().instant(),
        loaded.maxScanAge());
    Map<Integer, Answer> answers = new LinkedHashMap<>();
    for (Questionnaire.Row row : sheet.questions()) {
      answers.put(row.index(), source.answer(matcher, row.id(), row.text()));
    }
    sheet.write(output, answers);
    if (reviewHtml != null) {
      ReviewPage.write(reviewSummary(sheet, answers, p, result), reviewHtml);
    }
    summary(sheet, answers, main.context.out());
    if (reviewHtml != null) {
      main.context.out().println("wrote " + reviewHtml);
    }
    return ExitCode.PASSED.code;
  }

  private ReviewPage.Summary reviewSummary(Questionnaire sheet, Map<Integer, Answer> answers,
      Policy p, ScanResult result) {
    java.util.List<ReviewPage.Item> items = new java.util.ArrayList<>();
    Map<Answer.Value, Integer> settled = new java.util.EnumMap<>(Answer.Value.class);
    int unmatched = 0;
    for (Questionnaire.Row r : sheet.questions()) {
      Answer a = answers.get(r.index());
      if (a.method() == MatchMethod.UNMATCHED) {
        unmatched++;
      } else if (!a.needsReview()) {
        settled.merge(a.value(), 1, Integer::sum);
        continue;
      }
      items.add(new ReviewPage.Item(r.index() + 1, r.id(), r.text(),
          sheet.label(a.value()), a.method().label(),
          String.format(java.util.Locale.ROOT, "%.2f", a.confidence()), a.reviewReason(),
          a.evidence()));
    }
    return new ReviewPage.Summary(String.valueOf(questionnaire.getFileName()), p.name(),
        result.run() == null ? "" : result.run().id(),
        result.run() == null ? "" : String.valueOf(result.run().started()),
        main.context.clock().instant().toString(), answers.size(),
        settled.getOrDefault(Answer.Value.YES, 0), settled.getOrDefault(Answer.Value.NO, 0),
        settled.getOrDefault(Answer.Value.NA, 0), answers.size() - unmatched
            - settled.values().stream().mapToInt(Integer::intValue).sum(), unmatched, items);
  }

  private void summary(Questionnaire sheet, Map<Integer, Answer> answers, PrintWriter out) {
    // Counted as the sheet shows them: a No flagged for review is still a No in the sheet.
    Map<Answer.Value, Integer> values = new java.util.EnumMap<>(Answer.Value.class);
    int review = 0;
    int unmatched = 0;
    for (Answer a : answers.values()) {
      values.merge(a.value(), 1, Integer::sum);
      if (a.method() == MatchMethod.UNMATCHED) {
        unmatched++;
      } else if (a.needsReview()) {
        review++;
      }
    }
    out.println(answers.size() + " questions: yes " + values.getOrDefault(Answer.Value.YES, 0)
        + ", no " + values.getOrDefault(Answer.Value.NO, 0) + ", na "
        + values.getOrDefault(Answer.Value.NA, 0) + ", left empty "
        + values.getOrDefault(Answer.Value.NONE, 0) + "; " + review + " need review, "
        + unmatched + " unmatched");
    Map<Integer, Questionnaire.Row> rows = new LinkedHashMap<>();
    sheet.questions().forEach(r -> rows.put(r.index(), r));
    for (boolean listUnmatched : new boolean[] {false, true}) {
      boolean first = true;
      for (Map.Entry<Integer, Answer> e : answers.entrySet()) {
        Answer a = e.getValue();
        boolean isUnmatched = a.method() == MatchMethod.UNMATCHED;
        if (isUnmatched != listUnmatched || !a.needsReview()) {
          continue;
        }
        if (first) {
          out.println(listUnmatched ? "unmatched (answer by hand):" : "needs review:");
          first = false;
        }
        Questionnaire.Row r = rows.get(e.getKey());
        String id = r.id().isEmpty() ? "" : " " + r.id();
        String text = r.text().length() > 70 ? r.text().substring(0, 67) + "..." : r.text();
        // A sheet's cell may carry terminal escapes (an OSC 52 clipboard write): printed as codes.
        out.println(ControlCharacters.escape("  row " + (e.getKey() + 1) + id + ": " + text
            + (listUnmatched ? "" : " -- " + a.reviewReason())));
      }
    }
    out.println("wrote " + output);
  }
}
