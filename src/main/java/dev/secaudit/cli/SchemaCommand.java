package dev.secaudit.cli;

import dev.secaudit.policy.PolicySchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "schema", mixinStandardHelpOptions = true,
    description = "Print the policy's JSON Schema (for editor completion and validation).")
final class SchemaCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() {
    main.context.out().print(PolicySchema.json());
    return ExitCode.PASSED.code;
  }
}
