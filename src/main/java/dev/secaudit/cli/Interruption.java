package dev.secaudit.cli;

import dev.secaudit.report.ReportSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a scan stopped by Ctrl-C (SIGINT, or SIGTERM) says on its way out. The JVM runs this as a
 * shutdown hook and exits 130 (143 for SIGTERM); without it the run ended in silence and the
 * folder's reports of an earlier run looked like this one's. The reports of a run land together
 * or not at all ({@link ReportSet.Landing}): stopped before they landed, the folder keeps what it
 * held and the line says whose those files are; stopped after, the line says this run's reports
 * were written.
 *
 * <p>Registered for the length of one run and removed at its end, so an ordinary exit never says
 * it was interrupted.
 */
final class Interruption implements AutoCloseable, ReportSet.Landing {
  private final PrintWriter err;
  private final ReportDestination to;
  private final Thread hook = new Thread(this::stopped, "secaudit-interrupted");
  private final Object lock = new Object();
  private boolean stopped;
  private boolean printing;
  private boolean landed;

  private Interruption(PrintWriter err, ReportDestination to) {
    this.err = err;
    this.to = to;
  }

  /** Watches one run writing its reports where {@code to} says. */
  static Interruption watch(PrintWriter err, ReportDestination to) {
    Interruption i = new Interruption(err, to);
    try {
      Runtime.getRuntime().addShutdownHook(i.hook);
    } catch (IllegalStateException shuttingDown) {
      // Already on the way out: nothing is left to watch.
    }
    return i;
  }

  @Override
  public boolean land(ReportSet.Moves moves) throws IOException {
    synchronized (lock) {
      if (stopped) {
        return false;
      }
      moves.run();
      landed = true;
      return true;
    }
  }

  /** The report is being printed on standard output ({@code whole}: all of it was). */
  void printing(boolean whole) {
    synchronized (lock) {
      printing = true;
      landed = whole;
    }
  }

  private void stopped() {
    String line;
    synchronized (lock) {
      stopped = true;
      line = landed ? "secaudit: interrupted after this run's reports were written" + where()
          : "secaudit: interrupted: the scan was stopped before its end; "
              + (printing ? "its report was not finished" : "no report of this run was written")
              + earlier();
    }
    if (!landed && to.folder() != null) {
      // A format's thread may have rendered part of its file: never left behind.
      for (Path tmp : ReportSet.temporaryFiles(to.folder())) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The line below still says no report was written; a hidden .tmp file is all it leaves.
        }
      }
    }
    err.println(line);
    err.flush();
  }

  private String where() {
    return to.folder() == null ? "" : " to " + to.folder();
  }

  /** Whose files the folder holds when this run wrote none: an earlier run's, untouched. */
  private String earlier() {
    if (printing) {
      return " (what standard output holds is cut short)";
    }
    Path folder = to.folder();
    if (folder == null) {
      return "";
    }
    Path scan = folder.resolve(ReportSet.Format.JSON.fileName);
    Path any = Files.exists(scan) ? scan : null;
    if (any == null) {
      for (ReportSet.Format f : ReportSet.Format.values()) {
        if (Files.exists(folder.resolve(f.fileName))) {
          any = folder.resolve(f.fileName);
          break;
        }
      }
    }
    if (any == null) {
      return "";
    }
    try {
      Instant at = Files.getLastModifiedTime(any).toInstant().truncatedTo(ChronoUnit.SECONDS);
      return "; the reports in " + folder + " are an earlier run's (" + any.getFileName()
          + " written " + at + "), left as they were";
    } catch (IOException e) {
      return "; the reports in " + folder + " are an earlier run's, left as they were";
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: it said what it had to.
    }
  }
}
