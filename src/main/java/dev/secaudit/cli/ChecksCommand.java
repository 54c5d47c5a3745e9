package dev.secaudit.cli;

import dev.secaudit.check.CheckCatalog;
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

  @Override
  public Integer call() {
    for (CheckInfo c : CheckCatalog.all()) {
      main.context.out().printf(Locale.ROOT, "%-26s %-8s %s  [%s]%n", c.id(), c.severity().label(),
          c.title(), c.mappings().stream().map(Object::toString).collect(Collectors.joining(" ")));
    }
    return ExitCode.PASSED.code;
  }
}
