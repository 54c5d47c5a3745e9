package dev.secaudit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code evidence verify}): alone it is a slip, exit 2. */
@Command
abstract class CommandGroup implements Runnable {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  /** The command line to suggest instead, such as {@code secaudit evidence verify DIR}. */
  abstract String suggestion();

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: try '" + suggestion()
        + "'");
  }
}
