package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of 100 loopback addresses (127.0.0.1 .. 127.0.0.100) on a port where nothing listens,
 * scanned through the CLI: what stderr carries with -q, in a log and on a terminal.
 */
class ScanProgressEndToEndTest {
  static final int TARGETS = 100;
  @TempDir static Path dir;
  static Path policy;

  @BeforeAll
  static void writePolicy() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    StringBuilder y = new StringBuilder("version: 1\nname: refused\nsettings: {concurrency: 16,"
        + " timeouts: {connect: 2s, read: 2s, total: 5s}}\nheaders:\n"
        + "  X-Content-Type-Options: {required: true, value: nosniff}\ntargets:\n");
    for (int i = 1; i <= TARGETS; i++) {
      y.append("  - {name: t").append(i).append(", url: \"http://127.0.0.").append(i).append(':')
          .append(closed).append("/\"}\n");
    }
    policy = Files.writeString(dir.resolve("refused.yaml"), y.toString());
  }

  /** @param terminal whether the run is interactive, as a shell on a terminal would make it */
  private static Cli.Result scan(boolean terminal, String... more) {
    List<String> args = new ArrayList<>(List.of("--color", "never"));
    args.addAll(List.of(more));
    return scan(terminal, terminal, args.toArray(String[]::new));
  }

  /**
   * @param stdoutTerminal stdout takes colour
   * @param stderrTerminal stderr takes progress in place
   */
  private static Cli.Result scan(boolean stdoutTerminal, boolean stderrTerminal,
      String... more) {
    List<String> args = new ArrayList<>(List.of("scan", "-p", policy.toString()));
    args.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env = Map.of();
    int code = Main.execute(Main.Context.of(new PrintWriter(out), new PrintWriter(err), env::get,
        Clock.systemUTC(), stdoutTerminal, stderrTerminal), args.toArray(String[]::new));
    return new Cli.Result(code, out.toString(), err.toString());
  }

  @Test
  void stderrRedirectedToALogGetsLinesWhileStdoutKeepsItsColour() {
    Cli.Result r = scan(true, false, "--color", "auto");
    assertThat(r.out()).contains("\u001b[");
    assertThat(r.err()).doesNotContain("\r");
    assertThat(r.err().lines()).hasSize(10);
  }

  @Test
  void stdoutIntoAPipeLosesColourWhileStderrIsUpdatedInPlace() {
    Cli.Result r = scan(false, true, "--color", "auto");
    assertThat(r.out()).doesNotContain("\u001b[");
    assertThat(r.err()).startsWith("\rsecaudit: probed 1/100 targets")
        .endsWith("\rsecaudit: probed 100/100 targets\n");
  }

  @Test
  void quietMeansNothingOnStderr() {
    Cli.Result r = scan(false, "-q");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(r.out()).contains("summary:");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aLogGetsTenLines() {
    Cli.Result r = scan(false);
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(r.err().lines()).hasSize(10).allMatch(l -> l.startsWith("secaudit: probed "))
        .last().isEqualTo("secaudit: probed 100/100 targets");
    assertThat(r.err()).doesNotContain("\r");
  }

  @Test
  void aTerminalGetsOneLineUpdatedInPlace() {
    Cli.Result r = scan(true);
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(r.err().chars().filter(c -> c == '\n')).hasSize(1);
    assertThat(r.err().chars().filter(c -> c == '\r')).hasSize(TARGETS);
    assertThat(r.err()).startsWith("\rsecaudit: probed 1/100 targets")
        .endsWith("\rsecaudit: probed 100/100 targets\n");
  }
}
