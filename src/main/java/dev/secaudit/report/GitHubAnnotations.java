package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import java.io.PrintWriter;

/**
 * GitHub Actions workflow commands: an {@code ::error} line per FAIL and a {@code ::warning} line
 * per WARN, located at the policy rule, so the run's summary and the pull request show them
 * without any upload step. Waived findings are accepted risks and stay quiet.
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

  public static void print(ScanResult scanned, PrintWriter out) {
    ScanResult scan = PrintableText.of(scanned);
    String file = scan.run() == null ? null : scan.run().policyFile();
    for (Finding f : scan.findings()) {
      String command = f.status() == Status.FAIL ? "error"
          : f.status() == Status.WARN ? "warning" : null;
      if (command == null) {
        continue;
      }
      StringBuilder line = new StringBuilder("::").append(command).append(' ');
      if (file != null && !file.isBlank()) {
        line.append("file=").append(property(file.replace('\\', '/'))).append(',');
        if (f.policyLine() > 0) {
          line.append("line=").append(f.policyLine()).append(',');
        }
      }
      line.append("title=").append(property(f.checkId()));
      line.append("::").append(data(message(f)));
      out.println(line);
    }
    out.flush();
  }

  static String message(Finding f) {
    StringBuilder sb = new StringBuilder();
    sb.append(f.severity().label()).append(" [").append(f.target()).append("] ");
    if (!f.subject().isEmpty()) {
      sb.append(f.subject()).append(": ");
    }
    sb.append(f.title()).append(": ").append(f.observed());
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
