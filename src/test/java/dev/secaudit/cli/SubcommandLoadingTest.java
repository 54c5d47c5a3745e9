package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Only the subcommand a command line names is built; everything that needs them all (top-level
 * help, {@code help <command>}, suggestions for a misspelt command) still sees every one.
 */
class SubcommandLoadingTest {
  @Test
  void theNamedCommandAloneEvenAfterATopLevelOption() {
    assertThat(Main.commandsFor("scan", "-p", "x.yaml")).extracting(Main.Subcommand::name)
        .containsExactly("scan");
    assertThat(Main.commandsFor("--debug", "validate", "x.yaml"))
        .extracting(Main.Subcommand::name).containsExactly("validate");
    assertThat(Main.commandsFor("--help")).isEqualTo(Main.Subcommand.ALL);
    assertThat(Main.commandsFor("--version")).isEmpty();
    assertThat(Main.commandsFor("--debug", "-V")).isEmpty();
    assertThat(Main.commandsFor("--version", "--help")).isEqualTo(Main.Subcommand.ALL);
    assertThat(Main.commandsFor("help", "scan")).isEqualTo(Main.Subcommand.ALL);
    assertThat(Main.commandsFor("scna")).isEqualTo(Main.Subcommand.ALL);
  }

  /** Each command answers to the name it is listed under, whether declared in code or not. */
  @Test
  void everyCommandIsListedUnderItsOwnName() {
    Main main = new Main(Main.Context.of(new java.io.PrintWriter(java.io.Writer.nullWriter()),
        new java.io.PrintWriter(java.io.Writer.nullWriter()), name -> null,
        java.time.Clock.systemUTC(), false));
    for (Main.Subcommand c : Main.Subcommand.ALL) {
      Object made = c.make().apply(main);
      String name = made instanceof picocli.CommandLine.Model.CommandSpec spec ? spec.name()
          : ((Class<?>) made).getAnnotation(picocli.CommandLine.Command.class).name();
      assertThat(name).isEqualTo(c.name());
    }
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
    for (Main.Subcommand c : Main.Subcommand.ALL) {
      assertThat(r.out()).contains("  " + c.name() + " ");
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
