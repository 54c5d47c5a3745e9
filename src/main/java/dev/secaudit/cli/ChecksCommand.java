package dev.secaudit.cli;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.check.CheckDocs;
import dev.secaudit.check.CheckInfo;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "checks", mixinStandardHelpOptions = true,
    description = "List every check id with its default severity and compliance mappings.")
final class ChecksCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @picocli.CommandLine.Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text or markdown (default: ${DEFAULT-VALUE}).")
  String format;

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
