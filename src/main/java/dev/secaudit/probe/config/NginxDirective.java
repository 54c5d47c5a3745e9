package dev.secaudit.probe.config;

import java.util.List;

/**
 * One nginx directive as nginx reads it: the name, the arguments with quotes and escapes
 * resolved, where it was written, and the directives of its block ({@code null} for a simple
 * directive ending in ';'). Includes are already expanded in place, each directive keeping the
 * file it came from.
 */
public record NginxDirective(String name, List<String> args, String file, int line,
    List<NginxDirective> block) {

  public NginxDirective {
    args = List.copyOf(args);
    block = block == null ? null : List.copyOf(block);
  }

  /** file:line, as findings name it. */
  public String at() {
    return file + ":" + line;
  }

  public String arg(int i) {
    return i < args.size() ? args.get(i) : "";
  }

  /** The directives named {@code name} directly inside this block. */
  public List<NginxDirective> children(String name) {
    return block == null ? List.of()
        : block.stream().filter(d -> d.name().equals(name)).toList();
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

  private static String quote(String a) {
    return "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
