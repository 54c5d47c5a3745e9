package dev.secaudit.report;

import dev.secaudit.model.Counted;
import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The terminal view, for a person who asks "did we pass, and what do I fix first". The gate comes
 * first; then, per target, what needs attention (FAIL, ERROR, WARN; {@code -v} lists every
 * finding), most urgent first, in aligned columns wrapped at word boundaries to the terminal's
 * width; an unreachable target is one line with its reason, not one ERROR per check. The end
 * repeats what a terminal shows after the run: the counts, the five findings to fix first and
 * the gate.
 *
 * <p>Colour only when asked (the CLI asks when stdout is a terminal and NO_COLOR is unset).
 * Observed values are printed as recorded, with control characters neutralised so a hostile
 * server cannot rewrite the terminal.
 */
public final class ConsoleReport {
  public enum Verbosity {
    QUIET,
    NORMAL,
    VERBOSE
  }

  /** The narrowest line width, and the width when stdout is not a terminal. */
  public static final int MIN_WIDTH = 80;

  /** Two spaces, status (6) and a space, severity (8) and a space: where a finding's text starts. */
  private static final int TEXT_COLUMN = 2 + 7 + 9;

  private final boolean color;
  private final Verbosity verbosity;
  private final int width;

  public ConsoleReport(boolean color, Verbosity verbosity) {
    this(color, verbosity, MIN_WIDTH);
  }

  /** @param width the terminal's columns; below {@link #MIN_WIDTH} lines are still that wide */
  public ConsoleReport(boolean color, Verbosity verbosity, int width) {
    this.color = color;
    this.verbosity = verbosity;
    this.width = Math.max(MIN_WIDTH, width);
  }

  /** Whether the user asked for the summary and the gate only (the CLI then shows no progress). */
  public boolean quiet() {
    return verbosity == Verbosity.QUIET;
  }

  public void render(ScanResult scanned, GateVerdict gate, PrintWriter out) {
    ScanResult scan = PrintableText.of(scanned);
    if (verbosity != Verbosity.QUIET) {
      for (String line : wrap("secaudit " + scan.run().toolVersion() + "  policy "
          + safe(scan.run().policyName()) + " (" + safe(scan.run().policyFile()) + ")  "
          + scan.run().started(), 0)) {
        out.println(line);
      }
      gateLine(gate, out);
      for (TargetState t : scan.targets()) {
        List<Finding> own = scan.findings().stream()
            .filter(f -> f.target().equals(t.name())).toList();
        out.println();
        header(t, own, out);
        print(shown(own, t), out);
      }
      List<Finding> policyLevel = scan.findings().stream()
          .filter(f -> scan.targets().stream().noneMatch(t -> t.name().equals(f.target())))
          .toList();
      List<Finding> claims = shown(policyLevel, null);
      if (!claims.isEmpty()) {
        out.println();
        out.println(bold("claims"));
        print(claims, out);
      }
      ScanResult.Baseline b = scan.baseline();
      if (b != null && !b.resolved().isEmpty()) {
        out.println();
        out.println(bold("resolved since the baseline"));
        for (Finding f : b.resolved()) {
          out.println(fit("  " + paint(Status.PASS, "RESOLVED") + " " + safe(f.target()) + "  "
              + label(f) + "  (was " + f.status().name() + ": " + safe(f.observed()) + ")",
              color ? 9 : 0));
        }
      }
      if (b != null && !b.notScanned().isEmpty() && verbosity == Verbosity.VERBOSE) {
        out.println();
        out.println(bold("in the baseline, not scanned this time (not resolved)"));
        for (Finding f : b.notScanned()) {
          out.println(fit("  NOT SCANNED " + safe(f.target()) + "  " + label(f) + "  (was "
              + f.status().name() + ": " + safe(f.observed()) + ")", 0));
        }
      }
      out.println();
    }
    paragraph(summary(scan), out);
    if (verbosity == Verbosity.NORMAL) {
      String hidden = hidden(scan);
      if (!hidden.isEmpty()) {
        paragraph("not listed: " + hidden + " (-v lists every finding)", out);
      }
      fixFirst(scan, gate, out);
    }
    if (scan.baseline() != null) {
      ScanResult.Baseline b = scan.baseline();
      for (String note : b.notes()) {
        paragraph("baseline note: " + safe(note), out);
      }
      paragraph("baseline: " + b.newCount() + " new, " + b.unchangedCount() + " unchanged, "
          + b.resolved().size() + " resolved" + (b.notScanned().isEmpty() ? ""
              : ", " + b.notScanned().size() + " not scanned this time") + " (against "
          + safe(b.file()) + ")", out);
    }
    // A waiver of every check silences the gate in one line: the last screen says so.
    for (ScanResult.WaiverRecord w : scan.blanketWaivers()) {
      paragraph(safe(w.blanketWarning()), out);
    }
    // A waiver's glob reaching what the baseline did not show it reaching: the last screen too.
    for (ScanResult.WaiverRecord w : scan.waivers()) {
      for (String line : w.beyondBaselineWarnings()) {
        paragraph(line, out);
      }
    }
    // The note naming each unmatched waiver is printed before the scan and has scrolled away
    // on a 24-line terminal by the end: one line here keeps it on the last screen.
    List<String> unmatched = scan.unmatchedWaivers().stream()
        .map(w -> safe(w.id())).toList();
    if (!unmatched.isEmpty()) {
      paragraph("waivers matching no failing finding: " + String.join(", ", unmatched)
          + " (stale or mistyped: see the notes above)", out);
    }
    gateLine(gate, out);
    out.flush();
  }

  /** "gate: ..." wrapped like the summary; the verdict's words keep their colour on every line. */
  private void gateLine(GateVerdict gate, PrintWriter out) {
    Status tone = gate.outcome() == GateVerdict.Outcome.PASSED ? Status.PASS
        : gate.outcome() == GateVerdict.Outcome.FAILED ? Status.FAIL : Status.ERROR;
    List<String> lines = wrap("gate: " + safe(gate.reason()), 2);
    lines.set(0, "gate: " + paint(tone, lines.get(0).substring("gate: ".length())));
    for (int i = 1; i < lines.size(); i++) {
      lines.set(i, paint(tone, lines.get(i)));
    }
    lines.forEach(new Indented(out)::println);
  }

  /**
   * A note for people (where reports went, how to ask for them) in lines of at most the width,
   * the second and later indented like the summary's.
   */
  public void paragraph(String text, PrintWriter out) {
    wrap(text, 2).forEach(new Indented(out)::println);
  }

  /**
   * The target's name and URL, and its state: an unreachable target says why and how many checks
   * it could not judge on this one line; one with nothing listed says what its findings were.
   */
  private void header(TargetState t, List<Finding> own, PrintWriter out) {
    StringBuilder line = new StringBuilder(safe(t.name())).append("  ").append(safe(t.url()));
    boolean unreachable = t.state() == TargetState.State.UNREACHABLE;
    String note = "";
    if (t.state() != TargetState.State.EVALUATED || t.reason() != null && !t.reason().isEmpty()) {
      note = t.state().name() + ": " + safe(t.reason());
      if (unreachable && verbosity != Verbosity.VERBOSE) {
        long notJudged = own.stream().filter(f -> f.status() == Status.ERROR).count();
        note += notJudged == 0 ? "" : " (" + Counted.of(notJudged, "check")
            + " not judged)";
      }
    } else if (verbosity == Verbosity.NORMAL && shown(own, t).isEmpty() && !own.isEmpty()) {
      note = "nothing to fix: " + counts(own);
    }
    List<String> lines = new ArrayList<>(wrap(line + (note.isEmpty() ? "" : "  " + note), 2));
    int name = Math.min(lines.get(0).length(), safe(t.name()).length());
    lines.set(0, bold(lines.get(0).substring(0, name)) + lines.get(0).substring(name));
    lines.forEach(new Indented(out)::println);
  }

  /** What the listing shows of these findings, most urgent first. */
  private List<Finding> shown(List<Finding> findings, TargetState target) {
    boolean unreachable = target != null && target.state() == TargetState.State.UNREACHABLE;
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      if (verbosity == Verbosity.VERBOSE
          || needsAttention(f.status()) && !(unreachable && f.status() == Status.ERROR)) {
        out.add(f);
      }
    }
    out.sort(URGENCY);
    return out;
  }

  /** Status in the enum's order (FAIL first), then the higher severity; the scan's order stays. */
  private static final Comparator<Finding> URGENCY = Comparator
      .comparing(Finding::status)
      .thenComparing(Finding::severity, Comparator.reverseOrder());

  private void print(List<Finding> findings, PrintWriter out) {
    for (Finding f : findings) {
      StringBuilder text = new StringBuilder(label(f));
      if (f.baseline() == Finding.BaselineState.NEW) {
        text.append(" (new)");
      }
      text.append(": ").append(safe(f.observed()));
      if (!f.expected().isEmpty() && f.status() != Status.PASS) {
        text.append(" (expected: ").append(safe(f.expected())).append(')');
      }
      List<String> lines = wrap(text.toString(), TEXT_COLUMN);
      // "NOT_APPLICABLE" would push the row past its columns: the short form every reader knows.
      String status = String.format(Locale.ROOT, "%-6s",
          f.status() == Status.NOT_APPLICABLE ? "N/A" : f.status().name());
      String severity = String.format(Locale.ROOT, "%-8s", f.severity().label());
      out.println("  " + paint(f.status(), status) + " " + severity + " " + lines.get(0));
      for (int i = 1; i < lines.size(); i++) {
        out.println(" ".repeat(TEXT_COLUMN) + lines.get(i));
      }
    }
  }

  /**
   * The five fixes first, one line each: failures of the gate first, then other failures, errors
   * and warnings, the higher severity first. One thing to do is one line ({@link
   * VerdictScreen.Fixes}): naming its first target and how many more, and the pages (or other
   * places) it is needed in (five lines of one host's missing header, on a fleet or on five
   * pages, hid every other fix).
   */
  private void fixFirst(ScanResult scan, GateVerdict gate, PrintWriter out) {
    List<Finding> candidates = new ArrayList<>(scan.findings().stream()
        .filter(f -> f.status() == Status.FAIL || f.status() == Status.ERROR
            || f.status() == Status.WARN)
        .filter(f -> f.status() != Status.ERROR || reachable(scan, f.target()))
        .toList());
    if (candidates.isEmpty()) {
      return;
    }
    candidates.sort(Comparator.<Finding, Boolean>comparing(f -> !gate.fails(f)).thenComparing(URGENCY)
        .thenComparing(f -> !VerdictScreen.fresh(f)));
    // One fix a line, as the HTML's first screen folds them; a failure of the gate is never
    // folded into one below it.
    VerdictScreen.Fixes fixes = new VerdictScreen.Fixes();
    candidates.forEach(f -> fixes.add(f, gate.fails(f)));
    out.println("fix first:");
    for (VerdictScreen.Fixes.Fix fix : fixes.shown()) {
      Finding f = fix.first;
      int more = fix.targets.size() - 1;
      String where = safe(f.target())
          + (more == 0 ? "" : " and " + more + " more target" + (more == 1 ? "" : "s"));
      String what = fix.where().isEmpty() ? label(f) : f.checkId()
          + (fix.subject().isEmpty() ? "" : " [" + safe(fix.subject()) + "]") + " "
          + safe(fix.where());
      String line = "  " + String.format(Locale.ROOT, "%-6s %-8s ", f.status().name(),
          f.severity().label()) + where + ": " + what + (VerdictScreen.fresh(f) ? " (new)" : "");
      String cut = line.length() > width ? line.substring(0, width - 1) + "…" : line;
      out.println("  " + paint(f.status(), cut.substring(2, 8)) + cut.substring(8));
    }
  }

  private static boolean reachable(ScanResult scan, String target) {
    return scan.targets().stream().noneMatch(t -> t.name().equals(target)
        && t.state() == TargetState.State.UNREACHABLE);
  }

  /** "3 manual, 5 info, 107 pass": the findings the listing leaves out, by status. */
  private static String hidden(ScanResult scan) {
    return counts(scan.findings().stream().filter(f -> !needsAttention(f.status())).toList());
  }

  private static String counts(List<Finding> findings) {
    Map<Status, Integer> c = new EnumMap<>(Status.class);
    findings.forEach(f -> c.merge(f.status(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    c.forEach((s, n) -> parts.add(n + " " + s.words()));
    return String.join(", ", parts);
  }

  /**
   * Words of {@code text} in lines of at most the width, the first starting at column
   * {@code indent} and the rest there too; a word longer than a line is cut.
   */
  List<String> wrap(String text, int indent) {
    int room = width - indent;
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      while (word.length() > room) {
        if (line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
        }
        lines.add(word.substring(0, room));
        word = word.substring(room);
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > room) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0 || lines.isEmpty()) {
      lines.add(line.toString());
    }
    lines.replaceAll(String::stripTrailing);
    return lines;
  }

  /** Prints wrapped lines, the second and later ones indented by two spaces. */
  private static final class Indented {
    private final PrintWriter out;
    private boolean first = true;

    Indented(PrintWriter out) {
      this.out = out;
    }

    void println(String line) {
      out.println(first ? line : "  " + line);
      first = false;
    }
  }

  /** One line cut to the width; {@code invisible} counts escape characters in it. */
  private String fit(String line, int invisible) {
    return line.length() - invisible > width ? line.substring(0, width + invisible - 1) + "…"
        : line;
  }

  /** "cookie.secure [_tracking]", "config.nginx.tls_protocols [nginx.conf:4 server a]". */
  private static String label(Finding f) {
    String subject = f.subjectAtLine();
    if (f.location() != null && subject.equals(f.subject())) {
      subject += " at " + f.location().at();
    }
    return f.checkId() + (subject.isEmpty() ? "" : " [" + safe(subject) + "]");
  }

  private static boolean needsAttention(Status s) {
    return s == Status.FAIL || s == Status.ERROR || s == Status.WARN;
  }

  public static String summary(ScanResult scan) {
    Map<Status, Integer> c = scan.countByStatus();
    StringBuilder sb = new StringBuilder("summary: ");
    sb.append(Counted.of(scan.findings().size(), "finding")).append(" on ")
        .append(Counted.of(scan.targets().size(), "target")).append(":");
    for (Status s : Status.values()) {
      if (c.get(s) > 0) {
        sb.append(' ').append(c.get(s)).append(' ').append(s.words());
      }
    }
    return sb.toString();
  }

  /** Strips terminal escape sequences and other control characters from recorded text. */
  static String safe(String s) {
    if (s == null) {
      return "";
    }
    // One finding is one line: what PrintableText keeps for multi-line formats is folded here.
    StringBuilder sb = new StringBuilder(s.length());
    for (char ch : PrintableText.of(s).toCharArray()) {
      sb.append(ch == '\n' || ch == '\t' || ch == '\u2028' || ch == '\u2029' ? '?' : ch);
    }
    return sb.length() > 300 ? sb.substring(0, 300) + "…" : sb.toString();
  }

  private String paint(Status s, String text) {
    if (!color) {
      return text;
    }
    String code = switch (s) {
      case FAIL, ERROR -> "31";
      case WARN, MANUAL -> "33";
      case PASS -> "32";
      case WAIVED, INFO, SKIPPED, NOT_APPLICABLE -> "36";
    };
    return "\u001b[" + code + "m" + text + "\u001b[0m";
  }

  private String bold(String text) {
    return color ? "\u001b[1m" + text + "\u001b[0m" : text;
  }
}
