package dev.secaudit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Whether stdout and stderr are each a terminal. Colour goes to stdout and progress to stderr, and
 * either may be redirected alone ({@code secaudit scan 2>scan.log} keeps stdout on the terminal,
 * {@code secaudit scan | tee} keeps stderr there), so one answer for both is wrong for one of them.
 *
 * <p>Java 17 can only say whether stdin and stdout are both terminals ({@code System.console()}).
 * On Linux each descriptor's target is readable as the symbolic link /proc/self/fd/N, which points
 * at /dev/pts/N or /dev/ttyN for a terminal and at a pipe, socket or file otherwise. Where that
 * link cannot be read (another OS, no /proc) the console rule stands for both.
 *
 * @param stdout file descriptor 1 is a terminal
 * @param stderr file descriptor 2 is a terminal
 */
record Terminals(boolean stdout, boolean stderr) {
  static final int STDOUT = 1;
  static final int STDERR = 2;

  /** Pseudo-terminals, virtual consoles, serial lines, the controlling terminal, the console. */
  private static final Pattern TERMINAL_DEVICE =
      Pattern.compile("/dev/(pts/\\d+|tty[A-Za-z]*\\d*|console)");

  /** This process's descriptors, read from /proc on Linux. */
  static Terminals system() {
    return of(procLinks(System.getProperty("os.name", "")), System.console() != null);
  }

  /**
   * @param linkTarget a descriptor's link target, or null when it cannot be read
   * @param console the rule to fall back on: stdin and stdout are terminals
   */
  static Terminals of(IntFunction<String> linkTarget, boolean console) {
    return new Terminals(isTerminal(linkTarget.apply(STDOUT), console),
        isTerminal(linkTarget.apply(STDERR), console));
  }

  private static boolean isTerminal(String target, boolean console) {
    return target == null ? console : TERMINAL_DEVICE.matcher(target).matches();
  }

  /** Reads /proc/self/fd/N on Linux; elsewhere, and when that fails, every answer is null. */
  static IntFunction<String> procLinks(String osName) {
    if (!osName.startsWith("Linux")) {
      return fd -> null;
    }
    return fd -> {
      try {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return null;
      }
    };
  }

  /**
   * Colour on stdout when it is a terminal, unless NO_COLOR is set (no-color.org: any value) or
   * TERM=dumb (a terminal without escape sequences).
   */
  boolean colour(Function<String, String> env) {
    return stdout && env.apply("NO_COLOR") == null && !dumb(env);
  }

  /**
   * A progress line rewritten in place on stderr when it is a terminal, unless TERM=dumb. NO_COLOR
   * does not apply: a carriage return is not colour.
   */
  boolean progressInPlace(Function<String, String> env) {
    return stderr && !dumb(env);
  }

  /**
   * The width of the console report: COLUMNS when set, else the terminal's own (asked of
   * {@code stty}, which reads /dev/tty) when stdout is a terminal; 80 when neither says, and never
   * less than 80.
   */
  int columns(Function<String, String> env, java.util.function.IntSupplier terminalColumns) {
    int columns = 0;
    String set = env.apply("COLUMNS");
    if (set != null && set.matches("[1-9]\\d{0,4}")) {
      columns = Integer.parseInt(set);
    } else if (stdout) {
      columns = terminalColumns.getAsInt();
    }
    return Math.max(dev.secaudit.report.ConsoleReport.MIN_WIDTH, columns);
  }

  /** "24 80" from {@code stty size} on the controlling terminal: its columns, or 0. */
  static int sttyColumns() {
    try {
      Process p = new ProcessBuilder("stty", "size")
          .redirectInput(new java.io.File("/dev/tty"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String answer = new String(p.getInputStream().readNBytes(64),
          java.nio.charset.StandardCharsets.US_ASCII).trim();
      if (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return 0;
      }
      String[] rowsColumns = answer.split("\\s+");
      return rowsColumns.length == 2 && rowsColumns[1].matches("\\d{1,5}")
          ? Integer.parseInt(rowsColumns[1]) : 0;
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return 0;
    }
  }

  private static boolean dumb(Function<String, String> env) {
    return "dumb".equals(env.apply("TERM"));
  }
}
