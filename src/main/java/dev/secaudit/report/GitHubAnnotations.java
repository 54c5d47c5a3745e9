package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.GateVerdict;
import java.io.PrintWriter;

/**
 * GitHub Actions workflow commands, so the run's summary and the pull request show findings
 * without any upload step: {@code ::error} only for a FAIL that fails the gate (at or above
 * {@code --fail-on}, and new with {@code --fail-on-new}), {@code ::warning} for a FAIL that does
 * not, {@code ::notice} for a WARN. A finding about a file is located at its file and line (the
 * nginx.conf directive), any other at the policy rule that states the claim. Waived findings are
 * accepted risks and stay quiet.
 *
 * <p>The runner parses {@code ::name key=value,key=value::data}: in the data {@code %}, CR and LF
 * must be percent-encoded; in property values {@code :} and {@code ,} too, or a value such as
 * "Set-Cookie: a, b" would end the property early.
 */
public final class GitHubAnnotations {
  private GitHubAnnotations() {}

  /** True when secaudit runs inside a GitHub Actions job. */
  public static boolean active(java.util.function.Function<String, String> env) {
    return "true".equals(env.apply("GITHUB_ACTIONS"));
  }

  public static void print(ScanResult scanned, GateVerdict gate, PrintWriter out) {
    print(scanned, gate, SourceRoot.ofWorkingFolder(), out);
  }

  /**
   * As above; files are named from {@code root} as SARIF names them: GitHub places an
   * annotation's {@code file} from the checkout's root, so a scan run in {@code site/} (or given
   * its policy or a config by an absolute path) must name {@code site/nginx.conf}.
   */
  static void print(ScanResult scanned, GateVerdict gate, SourceRoot root, PrintWriter out) {
    ScanResult scan = PrintableText.of(scanned);
    String policyFile = scan.run() == null ? null : scan.run().policyFile();
    java.util.Map<String, String> urls = new java.util.HashMap<>();
    scan.targets().forEach(t -> urls.putIfAbsent(t.name(), t.url()));
    // GitHub shows the first ten annotations of each kind a step writes: the ones that fail the
    // gate first, the most severe first, so a high FAIL is never the 13th warning of the list
    // (a CI review: in target order none of the four high findings showed).
    java.util.List<Told> told = new java.util.ArrayList<>();
    for (Finding f : scan.findings()) {
      String command = command(f, gate);
      if (command != null) {
        told.add(new Told(f, command));
      }
    }
    told.sort(java.util.Comparator.comparingInt((Told t) -> gate.fails(t.finding()) ? 0 : 1)
        .thenComparingInt(t -> ReportModel.fixRank(t.finding().status(),
            t.finding().severity())));
    for (Told t : told) {
      Finding f = t.finding();
      boolean inFile = f.location() != null && !f.location().path().isEmpty();
      String file = root.place(inFile ? f.location().path() : policyFile);
      int lineNo = inFile ? f.location().line() : f.policyLine();
      StringBuilder line = new StringBuilder("::").append(t.command()).append(' ');
      if (file != null) {
        line.append("file=").append(property(file)).append(',');
        if (lineNo > 0) {
          line.append("line=").append(lineNo).append(',');
        }
      }
      line.append("title=").append(property(f.checkId()));
      line.append("::").append(data(root.relativeText(message(f, urls.get(f.target())))));
      out.println(line);
    }
    out.flush();
  }

  /** A finding that is told, and as what ("error", "warning", "notice"). */
  private record Told(Finding finding, String command) {}

  private static String command(Finding f, GateVerdict gate) {
    return f.status() == Status.FAIL ? gate.fails(f) ? "error" : "warning"
        : f.status() == Status.WARN ? "notice" : null;
  }

  /**
   * @param url the target's URL, or null; only a live one (scheme://) is told, a file source is
   *     named by its location
   */
  static String message(Finding f, String url) {
    StringBuilder sb = new StringBuilder();
    sb.append(f.severity().label()).append(" [").append(f.target())
        .append(url == null || !url.contains("://") ? "" : " " + url).append("] ");
    if (!f.subject().isEmpty()) {
      sb.append(f.subject()).append(": ");
    }
    sb.append(f.headline()).append(": ").append(f.observed());
    if (!f.expected().isEmpty()) {
      sb.append(" (expected: ").append(f.expected()).append(')');
    }
    if (!f.remediation().isEmpty()) {
      sb.append("\nFix: ").append(f.remediation());
    }
    // Other control characters (a hostile server's ESC sequences) have no place in a CI log.
    return sb.toString().replaceAll("[\\p{Cntrl}&&[^\\n\\r]]", "?");
  }

  /** Escapes the message part of a workflow command. */
  public static String data(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** Escapes a property value of a workflow command. */
  public static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
