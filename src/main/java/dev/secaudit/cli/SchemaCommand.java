package dev.secaudit.cli;

import dev.secaudit.policy.PolicySchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class SchemaCommand implements Callable<Integer> {
  final Main main;
  String format;

  SchemaCommand(Main main) {
    this.main = main;
  }

  /** The command's options (names, labels, help, defaults), each set into its field here. */
  CommandSpec model() {
    CommandModel model = CommandModel.of(this, "schema",
        "Print the policy's JSON Schema (for editor completion and validation).");
    model.add(CommandModel.option(String.class, v -> format = v, "FORMAT",
        "json (JSON Schema) or markdown (docs/policy.md) (default: ${DEFAULT-VALUE}).",
        "--format").defaultValue("json"));
    return model.withHelpOptions();
  }

  @Override
  public Integer call() {
    main.context.out().print(format.equals("markdown")
        ? dev.secaudit.policy.PolicyDocs.markdown() : PolicySchema.json());
    return ExitCode.PASSED.code;
  }
}
