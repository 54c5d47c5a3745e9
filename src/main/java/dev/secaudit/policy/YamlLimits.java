package dev.secaudit.policy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.Parser;

/**
 * The limits a policy or waiver file is read within (aliases to blocks, nesting, size), and
 * their refusal in plain words at the place the limit was crossed. SnakeYAML stops with an
 * unplaced message in its own words ("Number of aliases for non-scalar nodes exceeds the
 * specified max=20"); the events it read up to then say where.
 */
public final class YamlLimits {
  private YamlLimits() {}

  /**
   * What a YAML parser refused, in plain words without place: its problem ("expected ',' or
   * ']', but got <stream end>") without its excerpt of the file and caret, or a limit crossed.
   */
  public static String describe(YAMLException e) {
    return describe(e, null);
  }

  /**
   * As {@link #describe(YAMLException)}, led by the field the refused line stands on when it is
   * known ({@code claims[0].statement: a quoted value opened here is never closed}): the words of
   * the fix then say what is wrong, without the parser's "not valid YAML".
   */
  static String describe(YAMLException e, String field) {
    if (e instanceof MarkedYAMLException m && m.getProblem() != null) {
      String words = plainWords(m);
      return field != null && !words.equals(m.getProblem()) ? field + ": " + words
          : "not valid YAML: " + words;
    }
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (m.contains("exceeds the limit")) {
      return "more characters of YAML than secaudit reads in one file";
    }
    return "not valid YAML: " + m.lines().findFirst().orElse("");
  }

  /**
   * Where a parser's problem is (else its context), or null. A quote never closed is placed where
   * it opened: the parser notices only at the end of the file, which names no line to fix.
   */
  public static Mark mark(MarkedYAMLException e) {
    if (unclosedQuote(e) && e.getContextMark() != null) {
      return e.getContextMark();
    }
    return e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
  }

  private static boolean unclosedQuote(MarkedYAMLException e) {
    return e.getContext() != null && e.getContext().contains("quoted scalar");
  }

  /**
   * The mistakes people make by hand, in the words of the fix rather than the parser's tokens
   * ("expected <block end>, but found '<block mapping start>'"); anything else as the parser said.
   */
  private static String plainWords(MarkedYAMLException e) {
    String problem = e.getProblem();
    if (unclosedQuote(e)) {
      return "a quoted value opened here is never closed: add the closing quote";
    }
    if (problem.startsWith("expected <block end>") && e.getContextMark() != null
        && e.getProblemMark() != null) {
      return "this line is indented to column " + (e.getProblemMark().getColumn() + 1)
          + ", which lines up with no key of the block above it (started on line "
          + (e.getContextMark().getLine() + 1) + "): indent it as its neighbours, with spaces";
    }
    if (problem.startsWith("mapping values are not allowed here")) {
      return "a ': ' inside a value that is not quoted (or a key indented under a value):"
          + " quote the value (\"...\") or fix the indentation";
    }
    return problem;
  }

  /**
   * Aliases (*name) to a list or mapping. Each can repeat a whole block, so twenty of them can
   * multiply a small file a million times (a "billion laughs"); a policy needs none.
   */
  static final int MAX_BLOCK_ALIASES = 20;

  /** Lists and mappings inside each other; a policy nests five or six deep. */
  static final int MAX_DEPTH = 40;

  /** Characters read; the policy itself is capped at 1 MiB before this. */
  static final int MAX_CODE_POINTS = 2 * 1024 * 1024;

  static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_BLOCK_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CODE_POINTS);
    // Composing builds no objects, so any tag is harmless here; SourceTree then refuses every
    // tag but the plain ones with the field it stands on.
    options.setTagInspector(tag -> true);
    return options;
  }

  /**
   * The parser's events as the composer takes them, keeping the last one looked at: when the
   * composer stops at a limit, that event is the alias or the block that crossed it.
   */
  static final class Watched implements Parser {
    private final Parser parser;
    private Event last;

    Watched(Parser parser) {
      this.parser = parser;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      last = parser.peekEvent();
      return last;
    }

    @Override
    public Event getEvent() {
      last = parser.getEvent();
      return last;
    }

    /** Where the last event looked at starts, or null before the first. */
    Mark at() {
      return last == null ? null : last.getStartMark();
    }
  }

  /** A limit's refusal at {@code at} (null: the file as a whole), in plain words. */
  static UsageException refusal(String file, Mark at, YAMLException e) {
    String where = at == null ? file : file + ":" + (at.getLine() + 1) + ":" + (at.getColumn() + 1);
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (m.startsWith("Number of aliases for non-scalar nodes")) {
      return new UsageException(where + ": more than " + MAX_BLOCK_ALIASES + " aliases (*name)"
          + " to lists or mappings: a policy or waiver file never needs them, and each can"
          + " repeat a whole block (an alias bomb?); write the values out instead");
    }
    if (m.startsWith("Nesting Depth exceeded")) {
      return new UsageException(where + ": lists and mappings nested more than " + MAX_DEPTH
          + " deep: a policy or waiver file nests a few levels (a forged file?)");
    }
    if (m.contains("exceeds the limit")) {
      return new UsageException(file + ": more than " + MAX_CODE_POINTS + " characters of YAML;"
          + " a policy or waiver file is far smaller: check the path");
    }
    return new UsageException(where + ": " + describe(e));
  }
}
