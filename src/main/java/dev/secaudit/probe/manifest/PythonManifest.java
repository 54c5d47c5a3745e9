package dev.secaudit.probe.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * requirements*.txt and pyproject.toml (PEP 621 {@code [project]} dependencies and optional
 * dependencies; Poetry's dependency tables). pyproject is read line by line for the few shapes
 * these tables take, not as full TOML: what matters is each package's name, version and line.
 */
public final class PythonManifest {
  private static final Pattern NAME = RequirementsFile.NAME;
  private static final Pattern TABLE = Pattern.compile("^\\[\\[?\\s*([^\\]]+?)\\s*\\]\\]?\\s*(#.*)?$");
  private static final Pattern KEY = Pattern.compile("^(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_.-]+)\\s*=\\s*(.*)$");
  private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'");

  private PythonManifest() {}

  /**
   * Named requirements (section "requirements"), as written without their per-line options;
   * options, includes, editables, URLs and local paths name no PyPI package by themselves.
   */
  public static List<Declaration> requirements(String text) {
    return named(RequirementsFile.parse(text));
  }

  /** The named requirements of a parsed requirements file. */
  public static List<Declaration> named(List<RequirementsFile.Line> lines) {
    List<Declaration> out = new ArrayList<>();
    for (RequirementsFile.Line l : lines) {
      if (l.kind() == RequirementsFile.Kind.PINNED || l.kind() == RequirementsFile.Kind.UNPINNED) {
        out.add(new Declaration("requirements", l.name(), l.spec(), l.line()));
      }
    }
    return out;
  }

  /**
   * Dependencies of [project] (section "project"), [project.optional-dependencies] and Poetry's
   * tables (the table's name), each with its requirement or version as written.
   */
  public static List<Declaration> pyproject(String text) throws MalformedManifest {
    List<Declaration> out = new ArrayList<>();
    String table = "";
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = stripComment(lines[i]).strip();
      if (l.isEmpty()) {
        continue;
      }
      if (l.startsWith("[")) {
        Matcher t = TABLE.matcher(l);
        if (!t.matches()) {
          throw new MalformedManifest(i + 1, "a table header that does not close: " + l);
        }
        table = t.group(1).replace("\"", "").replace("'", "");
        continue;
      }
      Matcher kv = KEY.matcher(l);
      if (!kv.matches()) {
        if (isDependencyTable(table) || table.equals("project")) {
          throw new MalformedManifest(i + 1, "expected key = value in [" + table + "]");
        }
        continue;
      }
      String key = kv.group(1).replace("\"", "").replace("'", "");
      String value = kv.group(2);
      if ((table.equals("project") && key.equals("dependencies"))
          || table.equals("project.optional-dependencies")) {
        i = pep508Array(table, lines, i, value, out);
      } else if (isDependencyTable(table)) {
        if (!key.equalsIgnoreCase("python")) {
          out.add(new Declaration(table, key, stripComment(value).strip(), i + 1));
        }
        i = skipValue(lines, i, value);
      } else {
        i = skipValue(lines, i, value);
      }
    }
    return out;
  }

  private static boolean isDependencyTable(String table) {
    return table.equals("tool.poetry.dependencies") || table.equals("tool.poetry.dev-dependencies")
        || (table.startsWith("tool.poetry.group.") && table.endsWith(".dependencies"));
  }

  /** Reads a (possibly multi-line) array of PEP 508 strings; returns the index of its last line. */
  private static int pep508Array(String table, String[] lines, int start, String value,
      List<Declaration> out) throws MalformedManifest {
    if (!value.startsWith("[")) {
      throw new MalformedManifest(start + 1, "dependencies must be an array of strings");
    }
    int i = start;
    String rest = value.substring(1);
    while (true) {
      String part = stripComment(rest);
      Matcher s = STRING.matcher(part);
      while (s.find()) {
        String req = s.group(1) != null ? s.group(1) : s.group(2);
        Matcher n = NAME.matcher(req.strip());
        if (!n.find()) {
          throw new MalformedManifest(i + 1, "'" + req + "' is not a requirement");
        }
        out.add(new Declaration(table, n.group(1), req.strip(), i + 1));
      }
      if (part.contains("]")) {
        return i;
      }
      if (++i >= lines.length) {
        throw new MalformedManifest(start + 1, "the array opened here never closes");
      }
      rest = lines[i];
    }
  }

  /** Skips a multi-line array or inline table value; returns the index of its last line. */
  private static int skipValue(String[] lines, int start, String value) throws MalformedManifest {
    String v = stripComment(value).strip();
    int depth = depth(v);
    int i = start;
    while (depth > 0) {
      if (++i >= lines.length) {
        throw new MalformedManifest(start + 1, "the value opened here never closes");
      }
      depth += depth(stripComment(lines[i]));
    }
    return i;
  }

  private static int depth(String s) {
    int d = 0;
    boolean inString = false;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\' && quote == '"') {
          i++;
        } else if (c == quote) {
          inString = false;
        }
      } else if (c == '"' || c == '\'') {
        inString = true;
        quote = c;
      } else if (c == '[' || c == '{') {
        d++;
      } else if (c == ']' || c == '}') {
        d--;
      }
    }
    return d;
  }

  /** The line without a '#' comment (a '#' inside quotes is kept). */
  static String stripComment(String line) {
    boolean inString = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inString) {
        if (c == quote) {
          inString = false;
        }
      } else if (c == '"' || c == '\'') {
        inString = true;
        quote = c;
      } else if (c == '#') {
        return line.substring(0, i);
      }
    }
    return line;
  }
}
