package dev.secaudit.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** A command that only groups subcommands ({@code evidence verify}): alone it is a slip, exit 2. */
abstract class CommandGroup implements Runnable {
  final Main main;
  private CommandSpec spec;

  CommandGroup(Main main) {
    this.main = main;
  }

  /** The command line to suggest instead, such as {@code secaudit evidence verify DIR}. */
  abstract String suggestion();

  /** The group's model, with its one subcommand {@code verify}. */
  CommandSpec model(String name, String description, CommandSpec verify) {
    spec = CommandModel.of(this, name, description).withHelpOptions();
    spec.addSubcommand("verify", verify);
    return spec;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: try '" + suggestion()
        + "'");
  }
}
