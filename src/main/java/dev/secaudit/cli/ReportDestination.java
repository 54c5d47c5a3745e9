package dev.secaudit.cli;

import dev.secaudit.policy.UsageException;
import dev.secaudit.report.ReportSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the reports of a scan or a merge go, from {@code -o} and {@code -f}: a folder, standard
 * output (one format, for a pipe: {@code secaudit scan -f json | jq}), or nowhere (the console
 * summary only). When a report takes standard output, everything said for people goes to
 * standard error, so the pipe carries the report and nothing else.
 *
 * @param folder the folder the reports are written into, or null
 * @param formats the formats written there, or the one written to standard output
 */
record ReportDestination(Path folder, Set<ReportSet.Format> formats, boolean stdout) {
  /** The {@code -o} value that means standard output, as for most Unix tools. */
  static final String STANDARD_OUTPUT = "-";

  static final ReportDestination NONE = new ReportDestination(null, Set.of(), false);

  /**
   * @param output {@code -o} (or its default from the environment), or null
   * @param names {@code -f} (or its default from {@code SECAUDIT_FORMAT}, which means exactly
   *     what the option means), empty for every format
   * @param from where the names came from, as an error names it: -f or SECAUDIT_FORMAT
   */
  static ReportDestination of(Path output, List<String> names, String from) {
    Set<ReportSet.Format> formats = ScanCommand.formats(names, from);
    boolean dash = output != null && output.toString().equals(STANDARD_OUTPUT);
    if (output != null && !dash) {
      return new ReportDestination(output, formats, false);
    }
    if (!dash && names.isEmpty()) {
      return NONE;
    }
    if (names.isEmpty()) {
      throw new UsageException("-o -: standard output takes one report; choose it with -f ("
          + ReportSet.Format.names() + ")");
    }
    if (formats.size() > 1) {
      throw new UsageException(from + (from.startsWith("-") ? " " : "=") + formats.stream().map(f -> f.name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining(",")) + ": standard output takes one report at a time;"
          + " write several into a folder with -o DIR, or give one format");
    }
    return new ReportDestination(null, formats, true);
  }

  /**
   * {@code -o DIR} of a command that writes several files (demo, period, page): '-' is refused
   * by name, never made a folder called "-".
   */
  static Path folderOnly(Path output, String command) {
    if (output != null && output.toString().equals(STANDARD_OUTPUT)) {
      throw new UsageException(command + " -o -: " + command + " writes several files, so it"
          + " needs a folder; give one with -o DIR");
    }
    return output;
  }

  /** A folder of the given formats (the demo's, a URL scan's default). */
  static ReportDestination folder(Path dir, Set<ReportSet.Format> formats) {
    return new ReportDestination(dir, formats, false);
  }

  /** The one format written to standard output. */
  ReportSet.Format format() {
    return formats.iterator().next();
  }
}
