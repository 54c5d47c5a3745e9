package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Terminals decides stdout and stderr apart from each descriptor's /proc link target, injected
 * here as a map from descriptor to target; the last tests read this JVM's own /proc.
 */
class TerminalsTest {
  private static IntFunction<String> links(String stdout, String stderr) {
    return fd -> fd == Terminals.STDOUT ? stdout : fd == Terminals.STDERR ? stderr : null;
  }

  private static final Map<String, String> PLAIN = Map.of("TERM", "xterm-256color");

  @Test
  void terminalDevicesAreTerminalsAndEverythingElseIsNot() {
    for (String device : new String[] {"/dev/pts/0", "/dev/pts/17", "/dev/tty1", "/dev/tty",
        "/dev/ttyS0", "/dev/ttyUSB0", "/dev/console"}) {
      assertThat(Terminals.of(links(device, device), false)).as(device)
          .isEqualTo(new Terminals(true, true));
    }
    for (String other : new String[] {"pipe:[40213]", "socket:[8812]", "/dev/null",
        "/tmp/scan.log", "/dev/pts/ptmx", "/dev/ttyx/1", "/home/me/dev/pts/1"}) {
      // The console rule would say yes; a link that can be read overrides it.
      assertThat(Terminals.of(links(other, other), true)).as(other)
          .isEqualTo(new Terminals(false, false));
    }
  }

  @Test
  void stderrRedirectedToAFileKeepsColourAndLogsProgressAsLines() {
    Terminals t = Terminals.of(links("/dev/pts/3", "/home/me/scan.log"), true);
    assertThat(t.colour(PLAIN::get)).isTrue();
    assertThat(t.progressInPlace(PLAIN::get)).isFalse();
  }

  @Test
  void stdoutIntoAPipeDropsColourAndKeepsProgressInPlace() {
    Terminals t = Terminals.of(links("pipe:[77]", "/dev/pts/3"), false);
    assertThat(t.colour(PLAIN::get)).isFalse();
    assertThat(t.progressInPlace(PLAIN::get)).isTrue();
  }

  @Test
  void unreadableLinksFallBackToTheConsoleRule() {
    assertThat(Terminals.of(fd -> null, true)).isEqualTo(new Terminals(true, true));
    assertThat(Terminals.of(fd -> null, false)).isEqualTo(new Terminals(false, false));
    // One unreadable link falls back alone.
    assertThat(Terminals.of(links(null, "pipe:[9]"), true)).isEqualTo(new Terminals(true, false));
  }

  @Test
  void noColorTurnsOffColourOnlyAndDumbTurnsOffBoth() {
    Terminals both = new Terminals(true, true);
    Map<String, String> noColor = Map.of("NO_COLOR", "", "TERM", "xterm");
    assertThat(both.colour(noColor::get)).isFalse();
    assertThat(both.progressInPlace(noColor::get)).isTrue();
    Map<String, String> dumb = Map.of("TERM", "dumb");
    assertThat(both.colour(dumb::get)).isFalse();
    assertThat(both.progressInPlace(dumb::get)).isFalse();
    Map<String, String> none = Map.of();
    assertThat(both.colour(none::get)).isTrue();
    assertThat(both.progressInPlace(none::get)).isTrue();
  }

  @Test
  void offLinuxNoLinkIsReadSoTheConsoleRuleStands() {
    assertThat(Terminals.procLinks("Mac OS X").apply(Terminals.STDERR)).isNull();
    assertThat(Terminals.procLinks("Windows 11").apply(Terminals.STDOUT)).isNull();
  }

  @Test
  void thisJvmsStderrIsNotATerminalUnderMaven() {
    // Surefire's forked JVM writes stderr into a pipe to Maven; elsewhere (no /proc) the console
    // rule applies, and a forked test JVM has no console either.
    assertThat(Terminals.system().stderr()).isFalse();
    if (System.getProperty("os.name", "").startsWith("Linux")
        && java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fd"))) {
      assertThat(Terminals.procLinks("Linux").apply(Terminals.STDERR)).isNotNull()
          .doesNotStartWith("/dev/pts/");
    }
  }

  @Test
  void theConsoleIsAsWideAsColumnsOrTheTerminalSaysAndNeverNarrowerThanEighty() {
    Terminals tty = new Terminals(true, true);
    Terminals piped = new Terminals(false, true);
    assertThat(tty.columns(java.util.Map.of("COLUMNS", "132")::get, () -> 100)).isEqualTo(132);
    assertThat(tty.columns(java.util.Map.<String, String>of()::get, () -> 100)).isEqualTo(100);
    assertThat(tty.columns(java.util.Map.<String, String>of()::get, () -> 0)).isEqualTo(80);
    assertThat(tty.columns(java.util.Map.of("COLUMNS", "40")::get, () -> 40)).isEqualTo(80);
    assertThat(tty.columns(java.util.Map.of("COLUMNS", "wide")::get, () -> 90)).isEqualTo(90);
    assertThat(piped.columns(java.util.Map.<String, String>of()::get, () -> 200)).isEqualTo(80);
  }
}
