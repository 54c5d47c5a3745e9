package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The terminal view: one line per finding that needs attention, grouped by target, then the
 * counts and the gate. Colour only when asked (the CLI asks when stdout is a terminal and NO_COLOR
 * is unset). Observed values are printed as recorded, with control characters neutralised so a
 * hostile server cannot rewrite the terminal.
 */
public final class ConsoleReport {
  public enum Verbosity {
    QUIET,
    NORMAL,
    VERBOSE
  }

  private final boolean color;
  private final Verbosity verbosity;

  public ConsoleReport(boolean color, Verbosity verbosity) {
    this.color = color;
    this.verbosity = verbosity;
  }

  /** Whether the user asked for the summary and the gate only (the CLI then shows no progress). */
  public boolean quiet() {
    return verbosity == Verbosity.QUIET;
  }

  public void render(ScanResult scanned, GateVerdict gate, PrintWriter out) {
    ScanResult scan = PrintableText.of(scanned);
    if (verbosity != Verbosity.QUIET) {
      out.println(bold("secaudit " + scan.run().toolVersion()) + "  policy " + safe(scan.run().policyName())
          + " (" + safe(scan.run().policyFile()) + ")  " + scan.run().started());
      for (TargetState t : scan.targets()) {
        List<Finding> shown = scan.findings().stream()
            .filter(f -> f.target().equals(t.name()))
            .filter(f -> verbosity == Verbosity.VERBOSE || needsAttention(f.status()))
            .toList();
        out.println();
        out.println(bold(safe(t.name())) + "  " + safe(t.url())
            + (t.state() == TargetState.State.EVALUATED
                && (t.reason() == null || t.reason().isEmpty()) ? ""
                : "  " + paint(Status.ERROR,
                t.state().name() + ": " + safe(t.reason()))));
        print(shown, out);
      }
      List<Finding> policyLevel = scan.findings().stream()
          .filter(f -> scan.targets().stream().noneMatch(t -> t.name().equals(f.target())))
          .filter(f -> verbosity == Verbosity.VERBOSE || needsAttention(f.status()))
          .toList();
      if (!policyLevel.isEmpty()) {
        out.println();
        out.println(bold("claims"));
        print(policyLevel, out);
      }
      ScanResult.Baseline b = scan.baseline();
      if (b != null && !b.resolved().isEmpty()) {
        out.println();
        out.println(bold("resolved since the baseline"));
        for (Finding f : b.resolved()) {
          out.println("  " + paint(Status.PASS, "RESOLVED") + " " + safe(f.target()) + "  "
              + label(f) + dim("  (was " + f.status().name() + ": " + safe(f.observed()) + ")"));
        }
      }
      out.println();
    }
    out.println(summary(scan));
    if (scan.baseline() != null) {
      ScanResult.Baseline b = scan.baseline();
      out.println("baseline: " + b.newCount() + " new, " + b.unchangedCount() + " unchanged, "
          + b.resolved().size() + " resolved (against " + safe(b.file()) + ")");
    }
    out.println("gate: " + paint(gate.outcome() == GateVerdict.Outcome.PASSED ? Status.PASS
        : gate.outcome() == GateVerdict.Outcome.FAILED ? Status.FAIL : Status.ERROR,
        gate.describe()));
    out.flush();
  }

  private void print(List<Finding> findings, PrintWriter out) {
    int width = findings.stream().mapToInt(f -> label(f).length()).max().orElse(0);
    for (Finding f : findings) {
      StringBuilder line = new StringBuilder("  ");
      line.append(paint(f.status(), String.format(Locale.ROOT, "%-7s", f.status().name())));
      line.append(String.format(Locale.ROOT, "%-9s", f.severity().label()));
      line.append(String.format(Locale.ROOT, "%-" + width + "s", label(f)));
      if (f.baseline() == Finding.BaselineState.NEW) {
        line.append("  ").append(bold("new"));
      }
      line.append("  ").append(safe(f.observed()));
      if (!f.expected().isEmpty() && f.status() != Status.PASS) {
        line.append(dim("  (expected: " + safe(f.expected()) + ")"));
      }
      out.println(line);
    }
  }

  private static String label(Finding f) {
    return f.checkId() + (f.subject().isEmpty() ? "" : " [" + safe(f.subject()) + "]");
  }

  private static boolean needsAttention(Status s) {
    return s != Status.PASS && s != Status.SKIPPED && s != Status.INFO;
  }

  public static String summary(ScanResult scan) {
    Map<Status, Integer> c = scan.countByStatus();
    StringBuilder sb = new StringBuilder("summary: ");
    sb.append(scan.findings().size()).append(" findings on ").append(scan.targets().size())
        .append(scan.targets().size() == 1 ? " target" : " targets").append(":");
    for (Status s : Status.values()) {
      if (c.get(s) > 0) {
        sb.append(' ').append(c.get(s)).append(' ').append(s.name().toLowerCase(Locale.ROOT));
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
      case WAIVED, INFO, SKIPPED -> "36";
    };
    return "\u001b[" + code + "m" + text + "\u001b[0m";
  }

  private String bold(String text) {
    return color ? "\u001b[1m" + text + "\u001b[0m" : text;
  }

  private String dim(String text) {
    return color ? "\u001b[2m" + text + "\u001b[0m" : text;
  }
}
