package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * Only the subcommand a command line names is built; everything that needs them all (top-level
 * help, {@code help <command>}, suggestions for a misspelt command) still sees every one.
 */
class SubcommandLoadingTest {
  @Test
  void theNamedCommandAloneEvenAfterATopLevelOption() {
    assertThat(Main.commandsFor("scan", "-p", "x.yaml")).containsExactly(ScanCommand.class);
    assertThat(Main.commandsFor("--debug", "validate", "x.yaml"))
        .containsExactly(ValidateCommand.class);
    assertThat(Main.commandsFor("--help")).isEqualTo(Main.COMMANDS);
    assertThat(Main.commandsFor("--version")).isEmpty();
    assertThat(Main.commandsFor("--debug", "-V")).isEmpty();
    assertThat(Main.commandsFor("--version", "--help")).isEqualTo(Main.COMMANDS);
    assertThat(Main.commandsFor("help", "scan")).isEqualTo(Main.COMMANDS);
    assertThat(Main.commandsFor("scna")).isEqualTo(Main.COMMANDS);
  }

  @Test
  void versionAloneBuildsNoCommand() {
    Cli.Result r = Cli.run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("secaudit ");
  }

  @Test
  void topLevelHelpListsEveryCommand() {
    Cli.Result r = Cli.run("--help");
    assertThat(r.code()).isZero();
    for (Class<?> c : Main.COMMANDS) {
      assertThat(r.out()).contains("  " + c.getAnnotation(Command.class).name() + " ");
    }
  }

  @Test
  void helpForOneCommandAndSuggestionsForAMisspeltOne() {
    Cli.Result help = Cli.run("help", "scan");
    assertThat(help.code()).isZero();
    assertThat(help.out()).startsWith("Usage: secaudit scan ");

    Cli.Result typo = Cli.run("scna");
    assertThat(typo.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(typo.err()).contains("Did you mean: secaudit scan");
  }
}
