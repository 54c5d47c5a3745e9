package dev.secaudit.cli;

import dev.secaudit.compliance.FrameworkCatalog;
import dev.secaudit.evidence.OperatingEffectiveness;
import dev.secaudit.evidence.OperatingEffectiveness.Control;
import dev.secaudit.evidence.RunLedger;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.policy.UsageException;
import dev.secaudit.report.PeriodCsvReport;
import dev.secaudit.report.PeriodHtmlReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

final class PeriodCommand implements Callable<Integer> {
  static final String HTML = "period.html";
  static final String CONTROLS_CSV = "period-controls.csv";
  static final String EXCEPTIONS_CSV = "period-exceptions.csv";
  static final String FAILURES_CSV = "period-failures.csv";

  final Main main;
  Path history;
  String from;
  String to;
  String sample;
  Path output;
  List<String> formats;
  List<String> pins;
  final CsvBomOption csvBom = new CsvBomOption();

  PeriodCommand(Main main) {
    this.main = main;
  }

  /** The command's options (names, labels, help, defaults), each set into its field here. */
  CommandSpec model() {
    CommandModel model = CommandModel.of(this, "period", "The operating-effectiveness report"
        + " per control over a period, from a run history: runs, pass rate, exceptions, time to"
        + " remediate, coverage gaps and the state on a sampled date. Exit 0 written, 3 written"
        + " but with nothing to judge (no run in the period, or none on or before --sample), 2"
        + " bad usage or a history that does not verify or is not consistent.");
    model.add(CommandModel.option(Path.class, v -> history = v, "FILE", "The run history"
        + " written by 'secaudit scan --history FILE'.", "--history")
        .converters(CommandModel::path).required(true));
    model.add(CommandModel.option(String.class, v -> from = v, "DATE", "First day of the"
        + " period, YYYY-MM-DD (UTC).", "--from").required(true));
    model.add(CommandModel.option(String.class, v -> to = v, "DATE", "Last day of the period,"
        + " YYYY-MM-DD (UTC), included.", "--to").required(true));
    model.text(v -> sample = v, "DATE", "Also show every control's state on this day (the last"
        + " run on or before it).", "--sample");
    model.path(v -> output = v, "DIR", "Write period.html and the period-*.csv files into DIR"
        + " (else print a summary).", "-o", "--output");
    model.add(CommandModel.texts(() -> formats, v -> formats = v, List.of("html", "csv"),
        "FORMAT", "html, csv (default: both).", "-f", "--format").splitRegex(","));
    csvBom.addTo(model);
    model.add(CommandModel.texts(() -> pins, v -> pins = v, List.of(), "SHA256", "A head sha256"
        + " printed by an earlier 'history verify' (repeatable): that line must still be in the"
        + " history, and the report calls the history verified only when the head is pinned.",
        "--pin"));
    return model.withHelpOptions();
  }

  @Override
  public Integer call() throws IOException {
    ReportDestination.folderOnly(output, "period");
    OperatingEffectiveness.Period period;
    try {
      period = new OperatingEffectiveness.Period(date("--from", from), date("--to", to),
          sample == null ? null : date("--sample", sample));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--from/--to: " + e.getMessage());
    }
    for (String f : formats) {
      if (!f.equalsIgnoreCase("html") && !f.equalsIgnoreCase("csv")) {
        throw new UsageException("--format: '" + f + "' is not a period report format; use html"
            + " or csv");
      }
    }
    HistoryCommand.Verify.requirePins(pins);
    List<dev.secaudit.evidence.LedgerEntry> runs = RunLedger.readConsistent(history);
    OperatingEffectiveness.Report report = OperatingEffectiveness.of(runs, period,
        FrameworkCatalog.all(), Wiring.catalog()::mappings,
        Wiring.checkDescriptions().checksByRequirement())
        .pinned(RunLedger.unpinnedRuns(history, runs, pins));
    PrintWriter out = main.context.out();
    summary(report, out);
    if (output != null) {
      ReportOutput.folder(output, "-o");
      boolean html = formats.stream().anyMatch(f -> f.equalsIgnoreCase("html"));
      boolean csv = formats.stream().anyMatch(f -> f.equalsIgnoreCase("csv"));
      String name = history.getFileName().toString();
      CheckDescriptions checks = Wiring.checkDescriptions();
      if (html) {
        write(output.resolve(HTML), w -> new PeriodHtmlReport(checks).render(report, name, w), out);
      }
      if (csv) {
        PeriodCsvReport c = new PeriodCsvReport(checks, csvBom.bom);
        write(output.resolve(CONTROLS_CSV), w -> c.controls(report, w), out);
        write(output.resolve(EXCEPTIONS_CSV), w -> c.exceptions(report, w), out);
        write(output.resolve(FAILURES_CSV), w -> c.failures(report, w), out);
      }
    }
    return nothingToJudge(report) ? ExitCode.INCOMPLETE.code : ExitCode.PASSED.code;
  }

  /**
   * A period without a run, or a sampled day before the history's first run, has no evidence for
   * what was asked: the report says so, and the exit code keeps a pipeline from taking an empty
   * report for a clean one.
   */
  private static boolean nothingToJudge(OperatingEffectiveness.Report r) {
    return r.runs().isEmpty() || r.sample() != null && r.sample().run() == null;
  }

  private static LocalDate date(String flag, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new UsageException(flag + ": '" + text + "' is not a date; use YYYY-MM-DD (a UTC"
          + " day)");
    }
  }

  private static void summary(OperatingEffectiveness.Report r, PrintWriter out) {
    var p = r.period();
    out.println("period " + p.from() + " to " + p.to() + ": " + r.runs().size() + " run"
        + (r.runs().size() == 1 ? "" : "s") + ", " + r.overall().daysWithoutRun()
        + " day(s) without a run; history " + r.chain());
    for (Control c : r.controls()) {
      var t = c.tally();
      // "pass rate", not "pass": beside a 0.0 % control, a bare "pass" read as its status.
      out.println(String.format(Locale.ROOT, "  %-28s pass rate %6s (%d/%d tested runs), %d"
          + " exception run(s), %d open%s", c.checkId(), t.passRate(), t.operating(),
          t.tested(), t.exceptions(), c.openExceptions(), c.meanTimeToRemediate() == null ? ""
              : ", mean time to remediate "
                  + PeriodHtmlReport.duration(c.meanTimeToRemediate())));
    }
    if (r.runs().isEmpty()) {
      out.println("nothing to judge: the history has no run in the period");
    }
    OperatingEffectiveness.Sample s = r.sample();
    if (s != null && s.run() == null) {
      out.println("sample " + s.day() + ": nothing to judge: the history has no run on or before"
          + " " + s.day() + (r.historyRuns() == 0 ? "" : " (its first run started "
              + r.firstStarted() + ")"));
    } else if (s != null) {
      Map<OperatingEffectiveness.Outcome, Integer> by = new EnumMap<>(
          OperatingEffectiveness.Outcome.class);
      s.outcomes().values().forEach(o -> by.merge(o, 1, Integer::sum));
      out.println("sample " + s.day() + ": as run #" + s.run().seq() + " (" + s.run().started()
          + ") recorded it" + (s.sameDay() ? "" : ", the last run before that day") + ": "
          + by.getOrDefault(OperatingEffectiveness.Outcome.OPERATING, 0) + " operating, "
          + by.getOrDefault(OperatingEffectiveness.Outcome.EXCEPTION, 0) + " exception(s), "
          + by.getOrDefault(OperatingEffectiveness.Outcome.WAIVED, 0) + " waived, "
          + by.getOrDefault(OperatingEffectiveness.Outcome.NOT_TESTED, 0) + " not tested");
    }
  }

  /** Through a temporary file, so a crash never leaves half a report. */
  private static void write(Path target, Consumer<Writer> render, PrintWriter out)
      throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      render.accept(w);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out.println("wrote " + target);
  }
}
