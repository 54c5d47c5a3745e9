package dev.secaudit.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code SECAUDIT_*} environment variables as the defaults of the options a CI job or a shell
 * profile sets on every run; an option on the command line still wins. Only these options, and
 * only where they mean the same thing: {@code scan}'s, and {@code --color} of every command.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
  /** Option of {@code scan} → the variable that gives its default (docs/ci.md lists them). */
  static final Map<String, String> SCAN_OPTIONS = scanOptions();
  static final String COLOR = "SECAUDIT_COLOR";

  private final Function<String, String> env;

  EnvironmentDefaults(Function<String, String> env) {
    this.env = env;
  }

  private static Map<String, String> scanOptions() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String option : new String[] {"--policy", "--output", "--format", "--fail-on",
        "--ca-file", "--waivers", "--targets", "--shard", "--shard-count", "--color"}) {
      m.put(option, variable(option));
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** {@code --fail-on} → {@code SECAUDIT_FAIL_ON}. */
  static String variable(String option) {
    return "SECAUDIT_" + option.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || argSpec.command() == null) {
      return null;
    }
    String name = option.longestName();
    String variable = "scan".equals(argSpec.command().name()) ? SCAN_OPTIONS.get(name)
        : "--color".equals(name) ? COLOR : null;
    if (variable == null) {
      return null;
    }
    String value = env.apply(variable);
    return value == null || value.isBlank() ? null : value;
  }
}
