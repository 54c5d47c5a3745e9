package dev.secaudit.probe.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One nginx directive as nginx reads it: the name, the arguments with quotes and escapes
 * resolved, where it was written, and the directives of its block ({@code null} for a simple
 * directive ending in ';'). Includes are already expanded in place, each directive keeping the
 * file it came from.
 */
public final class NginxDirective {
  private final String name;
  private final List<String> args;
  private final String file;
  private final int line;
  private final List<NginxDirective> block;
  /**
   * The block's directives by name: the checks look names up at every level of every server,
   * and an http block with thousands of servers would make a scan per lookup quadratic.
   */
  private final Map<String, List<NginxDirective>> byName;

  public NginxDirective(String name, List<String> args, String file, int line,
      List<NginxDirective> block) {
    this.name = name;
    this.args = List.copyOf(args);
    this.file = file;
    this.line = line;
    this.block = block == null ? null : List.copyOf(block);
    Map<String, List<NginxDirective>> index = new HashMap<>();
    if (block != null) {
      for (NginxDirective d : block) {
        index.computeIfAbsent(d.name(), k -> new ArrayList<>()).add(d);
      }
      index.replaceAll((k, v) -> List.copyOf(v));
    }
    this.byName = Map.copyOf(index);
  }

  public String name() {
    return name;
  }

  public List<String> args() {
    return args;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  /** The directives of the block, or null for a simple directive. */
  public List<NginxDirective> block() {
    return block;
  }

  /** file:line, as findings name it. */
  public String at() {
    return file + ":" + line;
  }

  /** The same directive with argument {@code i} replaced (a masked value, for the evidence). */
  public NginxDirective withArg(int i, String value) {
    List<String> changed = new ArrayList<>(args);
    changed.set(i, value);
    return new NginxDirective(name, changed, file, line, block);
  }

  public String arg(int i) {
    return i < args.size() ? args.get(i) : "";
  }

  /** The directives named {@code name} directly inside this block. */
  public List<NginxDirective> children(String name) {
    return byName.getOrDefault(name, List.of());
  }

  /** The first directive named {@code name} directly inside this block, or null. */
  public NginxDirective child(String name) {
    List<NginxDirective> c = children(name);
    return c.isEmpty() ? null : c.get(0);
  }

  /** As written: {@code add_header X-Frame-Options DENY always;}. */
  public String text() {
    StringBuilder b = new StringBuilder(name);
    for (String a : args) {
      b.append(' ');
      b.append(a.isEmpty() || a.chars().anyMatch(c -> c == ' ' || c == ';' || c == '"'
          || c == '{' || c == '}' || c == '#' || c == '\'') ? quote(a) : a);
    }
    return b.append(block == null ? ";" : " {").toString();
  }

  @Override
  public String toString() {
    return at() + " " + text();
  }

  private static String quote(String a) {
    return "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
