package dev.secaudit.probe.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pip's requirements file format, read once for every feature that needs it: each logical line
 * (continuations joined, comments dropped) with what it is, so the vendor scan can keep the named
 * packages and the pinning rules can judge every line that installs something.
 */
public final class RequirementsFile {
  /** What a logical line asks pip to do. */
  public enum Kind {
    /** A named package with exactly one {@code ==} or {@code ===} version. */
    PINNED,
    /** A named package with a range, a wildcard or no version. */
    UNPINNED,
    /** {@code -e} / {@code --editable}: a local folder or VCS URL installed in place. */
    EDITABLE,
    /** A URL, a local path or archive, or {@code name @ url} (PEP 508 direct reference). */
    URL,
    /** {@code -r} / {@code -c} (and long forms): another requirements or constraints file. */
    INCLUDE,
    /** Any other option ({@code --index-url}, {@code --hash} on a line of its own, ...). */
    OPTION,
    /** Text that starts with nothing pip names: pip would refuse it too. */
    UNPARSED
  }

  /**
   * One logical line.
   *
   * @param name the package (PINNED, UNPINNED, URL with a name), else null
   * @param spec the requirement without its per-line options, or an option's argument
   * @param options per-line options after the requirement ({@code --hash=sha256:...})
   * @param line 1-based number of the line it starts on
   */
  public record Line(Kind kind, String name, String spec, List<String> options, int line) {
    public Line {
      options = List.copyOf(options);
    }

    /** Whether this line installs a package (as opposed to pointing pip somewhere). */
    public boolean installs() {
      return kind != Kind.INCLUDE && kind != Kind.OPTION;
    }
  }

  /** A PEP 508 requirement starts with its name. */
  static final Pattern NAME =
      Pattern.compile("^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)");
  /** After the name: optional extras, then the version specifier up to a marker. */
  private static final Pattern EXACT =
      Pattern.compile("\\s*(\\[[^\\]]*\\])?\\s*\\(?\\s*===?\\s*[^*,;\\s()]+\\s*\\)?\\s*(;.*)?");
  /** pip's rule: '#' starts a comment at the start of a line or after whitespace. */
  private static final Pattern COMMENT = Pattern.compile("(^|\\s)#.*$");
  /** A per-line option: whitespace, then --name (pip allows --hash, --config-settings ...). */
  private static final Pattern LINE_OPTION = Pattern.compile("\\s--[A-Za-z]");

  private RequirementsFile() {}

  public static List<Line> parse(String text) {
    List<Line> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int first = i;
      StringBuilder logical = new StringBuilder();
      String raw = lines[i];
      // A backslash at the very end continues the line; a comment ends it (as in pip).
      while (true) {
        String bare = COMMENT.matcher(raw).replaceFirst("");
        boolean joined = bare.equals(raw) && raw.endsWith("\\");
        logical.append(joined ? raw.substring(0, raw.length() - 1) + " " : bare);
        if (!joined || i + 1 >= lines.length) {
          break;
        }
        raw = lines[++i];
      }
      String l = logical.toString().strip();
      if (!l.isEmpty()) {
        out.add(classify(l, first + 1));
      }
    }
    return out;
  }

  private static Line classify(String l, int line) {
    if (l.startsWith("-")) {
      String[] parts = l.split("[\\s=]+", 2);
      String opt = parts[0];
      boolean attached = !opt.startsWith("--") && opt.length() > 2; // -rbase.txt, -e.
      Kind kind = switch (attached ? opt.substring(0, 2) : opt) {
        case "-e", "--editable" -> Kind.EDITABLE;
        case "-r", "--requirement", "-c", "--constraint" -> Kind.INCLUDE;
        default -> Kind.OPTION;
      };
      String arg = attached ? opt.substring(2) : parts.length > 1 ? parts[1].strip() : "";
      return new Line(kind, null, kind == Kind.OPTION ? l : arg, List.of(), line);
    }
    String spec = l;
    List<String> options = new ArrayList<>();
    Matcher o = LINE_OPTION.matcher(l);
    if (o.find()) {
      spec = l.substring(0, o.start()).strip();
      for (String opt : l.substring(o.start()).strip().split("\\s+(?=--)")) {
        options.add(opt.strip());
      }
    }
    Matcher n = NAME.matcher(spec);
    boolean path = spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("~");
    if (spec.contains("://") || path || spec.matches("\\S+\\.(whl|zip|tar\\.gz|tgz)")) {
      String named = !path && n.find() && spec.substring(n.end()).matches(
          "\\s*(\\[[^\\]]*\\])?\\s*@.*") ? n.group(1) : null;
      return new Line(Kind.URL, named, spec, options, line);
    }
    if (!n.find()) {
      return new Line(Kind.UNPARSED, null, spec, options, line);
    }
    Kind kind = EXACT.matcher(spec.substring(n.end())).matches() ? Kind.PINNED : Kind.UNPINNED;
    return new Line(kind, n.group(1), spec, options, line);
  }
}
