package dev.secaudit.report;

import dev.secaudit.evidence.LedgerEntry;
import dev.secaudit.evidence.OperatingEffectiveness.ControlException;
import dev.secaudit.evidence.OperatingEffectiveness.Control;
import dev.secaudit.evidence.OperatingEffectiveness.DayRange;
import dev.secaudit.evidence.OperatingEffectiveness.Outcome;
import dev.secaudit.evidence.OperatingEffectiveness.Report;
import dev.secaudit.evidence.OperatingEffectiveness;
import dev.secaudit.evidence.OperatingEffectiveness.Requirement;
import dev.secaudit.evidence.OperatingEffectiveness.RunTally;
import dev.secaudit.evidence.OperatingEffectiveness.Sample;
import dev.secaudit.evidence.OperatingEffectiveness.Tally;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.Status;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.WriterOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operating-effectiveness report over a period as one self-contained HTML page, laid out by
 * the precompiled jte template report/period.jte (escaped by HTML context) with the scan
 * report's style and content security policy. Everything shown is computed by
 * {@code OperatingEffectiveness}; this class only formats it.
 */
public final class PeriodHtmlReport {
  private static final String PAGE = "report/period.jte";

  /** The page, every value already formatted as text. */
  public record Page(String contentSecurityPolicy, String title, List<String[]> meta,
      Top top, Trend trend, List<ControlRow> controls, List<FrameworkBlock> frameworks,
      List<ExceptionBlock> exceptions, String gaps, SampleBlock sample, List<RunRow> runs,
      boolean verified) {}

  /**
   * The first screen: the latest run's gate (as that run recorded it), the period's pass rate,
   * the latest run's counts, and the open exceptions to fix first.
   *
   * @param counts [status, count, css] of the latest run, in status order
   */
  public record Top(String gate, String gateCss, String gateRun, String passRate,
      String passDetail, long open, List<String[]> counts, List<OpenRow> fixFirst,
      int openTotal) {}

  /** An exception still open at the end of the period. */
  public record OpenRow(String anchor, String checkId, String title, String target,
      String subject, String status, String statusCss, String since, int failingRuns,
      String remediation) {}

  /**
   * The pass rate of each run over time, as an SVG line: x by start time, y from 0% (bottom) to
   * 100% (top); runs that tested nothing are not drawn.
   */
  public record Trend(int width, int height, String line, List<TrendPoint> points,
      String firstDay, String lastDay) {
    public Trend {
      points = List.copyOf(points);
    }

    /** The y of a pass rate in percent, for the grid lines and their labels. */
    public String y(int percent) {
      return ReportCharts.number(TREND_TOP + (TREND_HEIGHT - TREND_TOP - TREND_BOTTOM)
          * (1 - percent / 100.0));
    }

    public int left() {
      return TREND_LEFT;
    }

    public int right() {
      return TREND_WIDTH - 10;
    }

    public int bottom() {
      return TREND_HEIGHT - 4;
    }
  }

  public record TrendPoint(String x, String y, String label) {}

  public record ControlRow(String anchor, String checkId, String title, String requirements,
      int tested, int operating, int exceptions, int waived, String passRate, String passCss,
      long daysWithoutRun, String gaps, long openExceptions, String meanTimeToRemediate,
      int partlyTested, String untested) {}

  public record FrameworkBlock(String id, String name, List<RequirementRow> rows) {}

  public record RequirementRow(String id, String title, String checks, boolean manual, int tested,
      int exceptions, int waived, String passRate, String passCss, long daysWithoutRun,
      int partlyTested, String notRun) {}

  public record ExceptionBlock(String anchor, String checkId, List<ExceptionRow> rows) {}

  public record ExceptionRow(String target, String subject, String status, String statusCss,
      String firstFailure, String lastFailure, int failingRuns, String fixedBy, String ttr) {}

  public record SampleBlock(String day, String run, String note, List<String[]> outcomes,
      List<String[]> failing) {}

  public record RunRow(long seq, String started, String runId, String gate, int fail, int error,
      int waived, int pass, String passRate, String policySha256, String manifestSha256,
      String lineSha256) {}

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);
  private final CheckDescriptions checks;

  /** With the check catalogue's descriptions, which give each control its title. */
  public PeriodHtmlReport(CheckDescriptions checks) {
    this.checks = checks;
  }

  public void render(Report report, String historyName, Writer out) {
    try {
      // Its values come from a run history, which a forger can rewrite and re-chain.
      java.io.Writer printable = PrintableText.writer(out);
      engine.render(PAGE, page(report, historyName, new HtmlReport().contentSecurityPolicy(),
          checks), new WriterOutput(printable));
      printable.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Target names as a row lists them; policy-wide findings have none. */
  static String targets(List<String> names) {
    return String.join(" ", names.stream().map(n -> n.isEmpty() ? "(policy-wide)" : n).toList());
  }

  static Page page(Report r, String historyName, String csp, CheckDescriptions checks) {
    var p = r.period();
    List<String[]> meta = new ArrayList<>();
    meta.add(new String[] {"Period (UTC days, inclusive)", p.from() + " to " + p.to() + " ("
        + days(p.to().toEpochDay() - p.from().toEpochDay() + 1) + ")"});
    meta.add(new String[] {"History", historyName});
    meta.add(new String[] {"Chain", r.chain()});
    meta.add(new String[] {"Runs in the period", Integer.toString(r.runs().size())});
    meta.add(new String[] {"Days without any run", r.overall().daysWithoutRun() + " of "
        + (p.to().toEpochDay() - p.from().toEpochDay() + 1)});
    meta.add(new String[] {"Policies", r.policies().isEmpty() ? "none"
        : String.join("; ", r.policies())});

    List<ControlRow> controls = new ArrayList<>();
    List<ExceptionBlock> exceptions = new ArrayList<>();
    for (Control c : r.controls()) {
      String anchor = "ctl-" + c.checkId().replaceAll("[^A-Za-z0-9._-]", "-");
      Tally t = c.tally();
      controls.add(new ControlRow(anchor, c.checkId(), checks.title(c.checkId()),
          String.join(", ", c.mappings().stream().map(Mapping::toString).toList()), t.tested(),
          t.operating(), t.exceptions(), t.waived(), t.passRate(), passCss(t), t.daysWithoutRun(),
          ranges(t.gaps()), c.openExceptions(), duration(c.meanTimeToRemediate()),
          t.partlyTested(), c.untestedTargets().isEmpty() ? ""
              : "Not tested on every target: a run judged it elsewhere but not on "
              + targets(c.untestedTargets())));
      if (!c.exceptions().isEmpty()) {
        List<ExceptionRow> rows = new ArrayList<>();
        for (ControlException e : c.exceptions()) {
          rows.add(new ExceptionRow(e.target().isEmpty() ? "(policy-wide)" : e.target(),
              e.subject(), e.worst().name(), ReportModel.cssClass("st-", e.worst()),
              runLabel(e.first()), runLabel(e.last()), e.failingRuns(),
              e.fixed() == null ? "open at the end of the period" : runLabel(e.fixed()),
              duration(e.timeToRemediate())));
        }
        exceptions.add(new ExceptionBlock("exc-" + anchor.substring(4), c.checkId(), rows));
      }
    }

    Map<String, List<RequirementRow>> byFramework = new LinkedHashMap<>();
    for (Requirement q : r.requirements()) {
      Tally t = q.tally();
      byFramework.computeIfAbsent(q.framework(), k -> new ArrayList<>()).add(new RequirementRow(
          q.id(), q.title(), String.join(", ", q.checks()), q.manual(), t.tested(),
          t.exceptions(), t.waived(), t.passRate(), passCss(t), t.daysWithoutRun(),
          t.partlyTested(), q.notRun().isEmpty() ? "" : (q.checks().isEmpty()
              ? "None of the " + q.notRun().size() + " checks mapped to it ran in the period"
              : "Not run in the period: " + q.notRun().size() + " of the "
                  + (q.checks().size() + q.notRun().size()) + " checks mapped to it")
              + ": " + String.join(", ", q.notRun())));
    }
    List<FrameworkBlock> frameworks = new ArrayList<>();
    Map<String, String> names = new LinkedHashMap<>();
    dev.secaudit.compliance.FrameworkCatalog.all()
        .forEach(f -> names.put(f.id(), f.name() + " " + f.version()));
    byFramework.forEach((id, rows) -> frameworks.add(new FrameworkBlock(id,
        names.getOrDefault(id, id), rows)));

    List<RunTally> tallies = r.runTallies();
    List<RunRow> runs = new ArrayList<>();
    for (RunTally t : tallies) {
      LedgerEntry e = t.run();
      runs.add(new RunRow(e.seq(), ReportModel.utc(e.started()), e.runId(), e.gate(),
          count(e, Status.FAIL), count(e, Status.ERROR), count(e, Status.WAIVED),
          count(e, Status.PASS), percent(t), e.policySha256(),
          e.evidenceManifestSha256() == null ? "" : e.evidenceManifestSha256(), e.lineSha256()));
    }
    return new Page(csp, "Operating effectiveness " + p.from() + " to " + p.to(), meta, top(r, checks),
        trend(tallies, p.from(), p.to()), controls, frameworks, exceptions,
        r.overall().gaps().isEmpty() ? "none: every day has a run"
            : ranges(r.overall().gaps()), sample(r.sample()), runs, r.verified());
  }

  private static Top top(Report r, CheckDescriptions checks) {
    LedgerEntry last = r.runs().isEmpty() ? null : r.runs().get(r.runs().size() - 1);
    int tested = 0;
    int operating = 0;
    List<OpenRow> open = new ArrayList<>();
    for (Control c : r.controls()) {
      tested += c.tally().tested();
      operating += c.tally().operating();
      String anchor = "exc-" + c.checkId().replaceAll("[^A-Za-z0-9._-]", "-");
      for (ControlException e : c.exceptions()) {
        if (e.fixed() == null) {
          dev.secaudit.model.CheckDescription d = checks.find(c.checkId());
          String remediation = d == null ? "" : d.remediation();
          open.add(new OpenRow(anchor, c.checkId(), checks.title(c.checkId()),
              e.target().isEmpty() ? "(policy-wide)" : e.target(), e.subject(), e.worst().name(),
              ReportModel.cssClass("st-", e.worst()), runLabel(e.first()), e.failingRuns(),
              remediation == null ? "" : remediation));
        }
      }
    }
    // Failures before errors, then the longest open: what has been wrong longest comes first.
    open.sort(java.util.Comparator.comparing(OpenRow::status,
            java.util.Comparator.comparingInt(s -> Status.valueOf(s).ordinal()))
        .thenComparing(OpenRow::since).thenComparing(OpenRow::checkId)
        .thenComparing(OpenRow::target).thenComparing(OpenRow::subject));
    List<String[]> counts = new ArrayList<>();
    if (last != null) {
      for (Status s : Status.values()) {
        counts.add(new String[] {s.name(), Integer.toString(count(last, s)),
            ReportModel.cssClass("st-", s)});
      }
    }
    String gate = last == null ? "no run in the period" : last.gate();
    String css = last == null ? "gate-incomplete" : switch (last.gate()) {
      case "PASSED" -> "gate-passed";
      case "FAILED" -> "gate-failed";
      default -> "gate-incomplete";
    };
    String rate = tested == 0 ? "n/a"
        : String.format(Locale.ROOT, "%.1f%%", 100.0 * operating / tested);
    return new Top(gate, css, last == null ? "" : runLabel(last) + ", run " + last.runId(),
        rate, operating + " of " + tested + " tested control-runs operated (a control-run is one"
            + " check in one run)", open.size(), counts, open.subList(0, Math.min(5,
                open.size())), open.size());
  }

  static final int TREND_WIDTH = 640;
  static final int TREND_HEIGHT = 160;
  private static final int TREND_LEFT = 40;
  private static final int TREND_TOP = 8;
  private static final int TREND_BOTTOM = 20;

  private static Trend trend(List<RunTally> tallies, java.time.LocalDate from,
      java.time.LocalDate to) {
    long start = from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
    long end = to.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
    double plotWidth = TREND_WIDTH - TREND_LEFT - 10;
    double plotHeight = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM;
    List<TrendPoint> points = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (RunTally t : tallies) {
      if (t.tested() == 0) {
        continue;
      }
      double x = TREND_LEFT + plotWidth * Math.max(0, Math.min(1,
          (t.run().started().toEpochMilli() - start) / (double) Math.max(1, end - start)));
      double y = TREND_TOP + plotHeight * (1 - t.passRate());
      String sx = ReportCharts.number(x);
      String sy = ReportCharts.number(y);
      line.append(line.length() == 0 ? "" : " ").append(sx).append(',').append(sy);
      points.add(new TrendPoint(sx, sy, runLabel(t.run()) + ": " + percent(t) + " ("
          + t.operating() + " of " + t.tested() + " controls operating)"));
    }
    return new Trend(TREND_WIDTH, TREND_HEIGHT, line.toString(), points, from.toString(),
        to.toString());
  }

  private static String percent(RunTally t) {
    return t.tested() == 0 ? "n/a"
        : String.format(Locale.ROOT, "%.1f%%", 100.0 * t.operating() / t.tested());
  }

  private static SampleBlock sample(Sample s) {
    if (s == null) {
      return null;
    }
    if (s.run() == null) {
      return new SampleBlock(s.day().toString(), "", "The history has no run on or before "
          + s.day() + ".", List.of(), List.of());
    }
    String note = s.sameDay() ? "State as recorded by the last run of that day."
        : "No run on " + s.day() + ": state as recorded by the last run before it.";
    List<String[]> outcomes = new ArrayList<>();
    s.outcomes().forEach((check, o) -> outcomes.add(new String[] {check, o.name(),
        o == Outcome.EXCEPTION ? "st-fail" : o == Outcome.OPERATING ? "st-pass"
            : o == Outcome.WAIVED ? "st-waived" : "st-skipped"}));
    List<String[]> failing = new ArrayList<>();
    for (LedgerEntry.Result res : s.run().results()) {
      if (Outcome.deviates(res.status()) || res.status() == Status.WAIVED) {
        failing.add(new String[] {res.check(), res.target(), res.subject(), res.status().name()});
      }
    }
    return new SampleBlock(s.day().toString(), runLabel(s.run()) + ", run " + s.run().runId()
        + ", line sha256 " + s.run().lineSha256(), note, outcomes, failing);
  }

  static String runLabel(LedgerEntry e) {
    return ReportModel.utc(e.started()) + " (#" + e.seq() + ")";
  }

  private static String passCss(Tally t) {
    return t.tested() == 0 ? "st-skipped" : t.exceptions() > 0 ? "st-fail"
        : t.waived() > 0 ? "st-waived" : "st-pass";
  }

  static String ranges(List<DayRange> gaps) {
    return String.join(", ", gaps.stream().map(DayRange::toString).toList());
  }

  private static int count(LedgerEntry e, Status s) {
    return e.counts().getOrDefault(s.name(), 0);
  }

  private static String days(long n) {
    return n + (n == 1 ? " day" : " days");
  }

  /** "2d 3h 15m" (minutes rounded down); empty for none. */
  public static String duration(Duration d) {
    if (d == null) {
      return "";
    }
    long m = d.toMinutes();
    if (m == 0) {
      // "0m" for a fix made between two runs 48 s apart read as "instant".
      return d.isZero() ? "0s" : d.toSeconds() == 0 ? "<1s" : d.toSeconds() + "s";
    }
    StringBuilder b = new StringBuilder();
    if (m >= 1440) {
      b.append(m / 1440).append("d ");
    }
    if (m >= 60) {
      b.append((m % 1440) / 60).append("h ");
    }
    b.append(m % 60).append('m');
    return b.toString().toLowerCase(Locale.ROOT);
  }
}
