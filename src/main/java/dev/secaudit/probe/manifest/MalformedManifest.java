package dev.secaudit.probe.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.secaudit.model.JsonFault;
import dev.secaudit.policy.YamlLimits;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Thrown by a manifest reader for input it cannot read; each probe records it in its own words
 * (a problem with file and line, a note), never as the end of the scan. Its message is plain
 * words and names the field where it knows one; a parser's own words (Jackson's, SnakeYAML's
 * excerpts, the TOML parser's token names) are translated, as scan.json's are by
 * {@link JsonFault}, never passed on.
 */
public final class MalformedManifest extends Exception {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final int column;

  public MalformedManifest(int line, String message) {
    this(line, 0, message);
  }

  public MalformedManifest(int line, int column, String message) {
    super(message);
    this.line = line;
    this.column = column;
  }

  /**
   * A Jackson read of a {@code format} (JSON, YAML, TOML) file that failed: at the parser's line
   * and column when it knew them, else the file as a whole.
   */
  static MalformedManifest of(String format, IOException e) {
    return of(format, e, null);
  }

  /**
   * As {@link #of(String, IOException)}, with the parser that stopped (or null): a limit crossed
   * names no place of its own, the parser's is where it was crossed.
   */
  static MalformedManifest of(String format, IOException e,
      com.fasterxml.jackson.core.JsonParser stopped) {
    if (!(e instanceof JsonProcessingException j)) {
      return new MalformedManifest(0, "cannot read: " + e.getClass().getSimpleName());
    }
    JsonLocation at = JsonFault.location(j);
    if (at == null && stopped != null && stopped.currentLocation().getLineNr() > 0) {
      at = stopped.currentLocation();
    }
    int line = at == null ? 0 : at.getLineNr();
    int column = at == null ? 0 : Math.max(at.getColumnNr(), 0);
    String what;
    if (format.equals("YAML") && yamlCause(j) instanceof MarkedYAMLException y) {
      Mark m = YamlLimits.mark(y);
      if (m != null) {
        line = m.getLine() + 1;
        column = m.getColumn() + 1;
      }
      what = YamlLimits.describe(y);
    } else if (format.equals("TOML") && !(j instanceof StreamConstraintsException)) {
      what = "not valid TOML: " + toml(j.getOriginalMessage());
    } else {
      what = "not valid " + format + ": " + JsonFault.describe(j);
    }
    String field = format.equals("TOML") ? "" : JsonFault.field(j);
    return new MalformedManifest(line, column, field.isEmpty() ? what : field + ": " + what);
  }

  private static Throwable yamlCause(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof MarkedYAMLException) {
        return c;
      }
    }
    return null;
  }

  private static final Pattern UNEXPECTED =
      Pattern.compile("^Unexpected token: Got (\\w+), expected (\\w+)");
  /** The TOML parser's token names, as a file shows them. */
  private static final Map<String, String> TOKENS = Map.ofEntries(
      Map.entry("STD_TABLE_CLOSE", "']'"), Map.entry("ARRAY_TABLE_CLOSE", "']]'"),
      Map.entry("STD_TABLE_OPEN", "'['"), Map.entry("ARRAY_TABLE_OPEN", "'[['"),
      Map.entry("KEY_VAL_SEP", "'='"), Map.entry("ARRAY_OPEN", "'['"),
      Map.entry("ARRAY_CLOSE", "']'"), Map.entry("ARRAY_SEP", "','"),
      Map.entry("INLINE_TABLE_OPEN", "'{'"), Map.entry("INLINE_TABLE_CLOSE", "'}'"),
      Map.entry("INLINE_TABLE_SEP", "','"), Map.entry("DOT_SEP", "'.'"),
      Map.entry("UNQUOTED_KEY", "a key"));

  /** The TOML parser's refusal, in the words of the TOML format. */
  private static String toml(String message) {
    String m = message == null ? "" : message;
    Matcher x = UNEXPECTED.matcher(m);
    if (x.find()) {
      return "expected " + TOKENS.getOrDefault(x.group(2), "something else") + ", got "
          + TOKENS.getOrDefault(x.group(1), "something else");
    }
    if (m.startsWith("Duplicate key")) {
      return "a key defined twice in one table: which one is meant is not for secaudit to guess";
    }
    if (m.startsWith("Table redefined")) {
      return "a table defined twice";
    }
    if (m.startsWith("Newline not permitted")) {
      return "a line break inside a one-line string or value (an unclosed quote?)";
    }
    if (m.startsWith("Unknown token") || m.startsWith("Unexpected token")) {
      return "expected a key, a value or a [table] header";
    }
    return "a value or key this format does not allow here";
  }

  /** 1-based line of the fault, or 0 when the file as a whole is at fault. */
  public int line() {
    return line;
  }

  /** 1-based column of the fault, or 0 when not known. */
  public int column() {
    return column;
  }

  /** "line 3, column 7: " or "line 3: ", or "" when the file as a whole is at fault. */
  public String where() {
    return line <= 0 ? "" : "line " + line + (column > 0 ? ", column " + column : "") + ": ";
  }
}
