package dev.secaudit.cli;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckDocs;
import dev.secaudit.check.CheckInfo;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

final class ChecksCommand implements Callable<Integer> {
  final Main main;
  String format;

  ChecksCommand(Main main) {
    this.main = main;
  }

  /** The command's options (names, labels, help, defaults), each set into its field here. */
  CommandSpec model() {
    CommandModel model = CommandModel.of(this, "checks",
        "List every check id with its default severity and compliance mappings.");
    model.add(CommandModel.option(String.class, v -> format = v, "FORMAT",
        "text or markdown (default: ${DEFAULT-VALUE}).", "--format").defaultValue("text"));
    return model.withHelpOptions();
  }

  @Override
  public Integer call() {
    CheckCatalog catalog = Wiring.catalog();
    if (format.equals("markdown")) {
      main.context.out().print(CheckDocs.markdown(catalog));
      return ExitCode.PASSED.code;
    }
    for (CheckInfo c : catalog.all()) {
      main.context.out().printf(Locale.ROOT, "%-26s %-8s %s  [%s]%n", c.id(), c.severity().label(),
          c.title(), c.mappings().stream().map(Object::toString).collect(Collectors.joining(" ")));
    }
    return ExitCode.PASSED.code;
  }
}
