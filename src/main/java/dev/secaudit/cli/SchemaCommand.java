package dev.secaudit.cli;

import dev.secaudit.policy.PolicySchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "schema", mixinStandardHelpOptions = true,
    description = "Print the policy's JSON Schema (for editor completion and validation).")
final class SchemaCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @picocli.CommandLine.Option(names = "--format", defaultValue = "json", paramLabel = "FORMAT",
      description = "json (JSON Schema) or markdown (docs/policy.md) (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    main.context.out().print(format.equals("markdown")
        ? dev.secaudit.policy.PolicyDocs.markdown() : PolicySchema.json());
    return ExitCode.PASSED.code;
  }
}
