package dev.secaudit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command's model built with picocli's programmatic API: each option's names, label, help and
 * default are declared once, here in code, and its value is set into the command's own field.
 * Annotations would have picocli read every field and annotation of the command by reflection
 * in each run (annotation proxies, generated accessors): about 80 ms of CPU before a scan could
 * start (docs/benchmarks.md).
 */
final class CommandModel {
  private final CommandSpec spec;

  private CommandModel(CommandSpec spec) {
    this.spec = spec;
  }

  /** The model of {@code command}, which picocli runs (a Runnable or Callable). */
  static CommandModel of(Object command, String name, String description) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
    spec.usageMessage().description(description);
    return new CommandModel(spec);
  }

  /** The model so far, for an option that asks the parse result whether it was typed. */
  CommandSpec spec() {
    return spec;
  }

  /**
   * The finished model: -h and -V added last, where {@code mixinStandardHelpOptions} puts them
   * (completion lists options in this order), declared here so that picocli reads no annotation
   * of its own either.
   */
  CommandSpec withHelpOptions() {
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("Show this help message and exit.").build());
    spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
        .description("Print version information and exit.").build());
    return spec;
  }

  /** An option that takes a file or folder. */
  CommandModel path(Consumer<Path> into, String label, String help, String... names) {
    return add(option(Path.class, into, label, help, names).converters(CommandModel::path));
  }

  /** A path as picocli's own converter makes it, with its words when the text is no path. */
  static Path path(String text) {
    try {
      return Path.of(text);
    } catch (java.nio.file.InvalidPathException e) {
      throw new CommandLine.TypeConversionException("cannot convert '" + text + "' to "
          + Path.class + " (" + e + ")");
    }
  }

  /** An option that takes a text, checked by the command. */
  CommandModel text(Consumer<String> into, String label, String help, String... names) {
    return add(option(String.class, into, label, help, names));
  }

  /** An option that takes a whole number. */
  CommandModel number(Consumer<Integer> into, String label, String help, String... names) {
    return add(option(Integer.class, into, label, help, names));
  }

  /** An option without a value: true when given. */
  CommandModel flag(Consumer<Boolean> into, String help, String... names) {
    return add(flagOption(into, help, names));
  }

  /** A flag as {@link #flag} adds it, for one that needs more (a scope). */
  static OptionSpec.Builder flagOption(Consumer<Boolean> into, String help, String... names) {
    return OptionSpec.builder(names).type(boolean.class).initialValue(false)
        .setter(new Binding<>(() -> null, into)).description(help);
  }

  /**
   * An option given any number of times, kept in the list {@code values} holds (picocli appends
   * to it, so it reads it back); {@code initial} until the option is given.
   */
  static OptionSpec.Builder texts(Supplier<List<String>> values, Consumer<List<String>> into,
      List<String> initial, String label, String help, String... names) {
    Binding<List<String>> binding = new Binding<>(values, into);
    return OptionSpec.builder(names).type(List.class).auxiliaryTypes(String.class)
        .initialValue(new ArrayList<>(initial)).getter(binding).setter(binding)
        .paramLabel(label).description(help);
  }

  /** An option of {@code type}, for the few that need more than the forms above. */
  static <T> OptionSpec.Builder option(Class<T> type, Consumer<T> into, String label,
      String help, String... names) {
    return OptionSpec.builder(names).type(type).setter(new Binding<>(() -> null, into))
        .paramLabel(label).description(help);
  }

  CommandModel add(OptionSpec.Builder option) {
    spec.addOption(option.build());
    return this;
  }

  /** The one positional parameter, a text, optional. */
  CommandModel optionalText(Consumer<String> into, String label, String help) {
    spec.addPositional(PositionalParamSpec.builder().arity("0..1").type(String.class)
        .setter(new Binding<>(() -> null, into)).paramLabel(label).description(help).build());
    return this;
  }

  /**
   * The first positional parameter, one file or folder, required. Index 0 given, not implied:
   * picocli names a missing one alone ("Missing required parameter") only then.
   */
  CommandModel requiredPath(Consumer<Path> into, String label, String help) {
    spec.addPositional(PositionalParamSpec.builder().index("0").arity("1").required(true)
        .type(Path.class)
        .converters(CommandModel::path).setter(new Binding<>(() -> null, into)).paramLabel(label)
        .description(help).build());
    return this;
  }

  /**
   * The positional parameters: files, as many as {@code arity} allows ("1..*", "0..*"), none
   * but an empty list until one is given.
   */
  CommandModel paths(Supplier<List<Path>> values, Consumer<List<Path>> into, String arity,
      String label, String help) {
    Binding<List<Path>> binding = new Binding<>(values, into);
    spec.addPositional(PositionalParamSpec.builder().arity(arity)
        .required(!arity.startsWith("0")).type(List.class).auxiliaryTypes(Path.class)
        .converters(CommandModel::path).initialValue(new ArrayList<Path>()).getter(binding)
        .setter(binding).paramLabel(label).description(help).build());
    return this;
  }

  /**
   * A field of the command as picocli's getter and setter. The setter's value is the one picocli
   * converted for this option's type, so the cast holds.
   */
  private record Binding<T>(Supplier<T> field, Consumer<T> into)
      implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {
    @Override
    @SuppressWarnings("unchecked")
    public <V> V get() {
      return (V) field.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V set(V value) {
      V old = get();
      into.accept((T) value);
      return old;
    }
  }
}
