package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How often each place is told a scan's progress, for scans small and large. */
class ProgressLinesTest {
  private static String run(ProgressLines.Mode mode, int total) {
    StringWriter text = new StringWriter();
    ProgressLines progress = new ProgressLines(new PrintWriter(text), mode);
    for (int done = 1; done <= total; done++) {
      progress.probed(done, total);
    }
    return text.toString();
  }

  @Test
  void aLogGetsALineAtEachTenthAndTheLastCount() {
    for (int total : List.of(6, 7, 10, 11, 99, 100, 101, 1000, 12_345)) {
      List<String> lines = run(ProgressLines.Mode.LOG, total).lines().toList();
      assertThat(lines.size()).as("%d targets", total).isBetween(Math.min(total, 10) - 1, 10);
      assertThat(lines).allMatch(l -> l.matches("secaudit: probed \\d+/" + total + " targets"));
      assertThat(lines.get(lines.size() - 1)).isEqualTo("secaudit: probed " + total + "/"
          + total + " targets");
      // The first line comes at a tenth of the scan, not at its first target.
      int first = Integer.parseInt(lines.get(0).replaceAll(".*probed (\\d+)/.*", "$1"));
      assertThat(first * 10L).isGreaterThanOrEqualTo(total);
    }
    assertThat(run(ProgressLines.Mode.LOG, 100).lines()).containsExactly(
        "secaudit: probed 10/100 targets", "secaudit: probed 20/100 targets",
        "secaudit: probed 30/100 targets", "secaudit: probed 40/100 targets",
        "secaudit: probed 50/100 targets", "secaudit: probed 60/100 targets",
        "secaudit: probed 70/100 targets", "secaudit: probed 80/100 targets",
        "secaudit: probed 90/100 targets", "secaudit: probed 100/100 targets");
  }

  @Test
  void aTerminalGetsOneLineRewrittenInPlace() {
    for (int total : List.of(6, 100, 12_345)) {
      String text = run(ProgressLines.Mode.TERMINAL, total);
      assertThat(text).startsWith("\rsecaudit: probed 1/" + total + " targets")
          .endsWith("\rsecaudit: probed " + total + "/" + total + " targets\n");
      assertThat(text.chars().filter(c -> c == '\n')).hasSize(1);
      long rewrites = text.chars().filter(c -> c == '\r').count();
      assertThat(rewrites).isBetween((long) Math.min(total, 100), 101L);
    }
  }

  @Test
  void quietAndSmallScansSayNothing() {
    assertThat(run(ProgressLines.Mode.QUIET, 1000)).isEmpty();
    for (ProgressLines.Mode mode : ProgressLines.Mode.values()) {
      assertThat(run(mode, 5)).isEmpty();
    }
    StringWriter text = new StringWriter();
    new ProgressLines(new PrintWriter(text), ProgressLines.Mode.QUIET)
        .accept("active probe: rate limit 'login' on api");
    assertThat(text.toString()).isEmpty();
  }

  @Test
  void aNoteDuringTheTerminalLineGetsALineOfItsOwn() {
    StringWriter text = new StringWriter();
    ProgressLines progress = new ProgressLines(new PrintWriter(text),
        ProgressLines.Mode.TERMINAL);
    progress.probed(1, 10);
    progress.accept("active probe: rate limit 'login' on api");
    progress.probed(2, 10);
    assertThat(Arrays.asList(text.toString().split("\n", -1))).containsExactly(
        "\rsecaudit: probed 1/10 targets",
        "secaudit: active probe: rate limit 'login' on api",
        "\rsecaudit: probed 2/10 targets");
  }

  @Test
  void quietWinsAndOnlyAnInteractiveRunRewritesLines() {
    assertThat(ProgressLines.mode(true, true)).isEqualTo(ProgressLines.Mode.QUIET);
    assertThat(ProgressLines.mode(false, true)).isEqualTo(ProgressLines.Mode.TERMINAL);
    assertThat(ProgressLines.mode(false, false)).isEqualTo(ProgressLines.Mode.LOG);
  }
}
