package dev.secaudit.probe.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An sshd_config as sshd reads it: {@code Keyword value} or {@code Keyword=value} lines,
 * keywords case-insensitive, '#' starting a comment where an argument could start, double quotes
 * around arguments with blanks; {@code Include} expanded in place (globs sorted, relative paths
 * from the main file's folder); {@code Match} opening a block that runs to the next Match (or
 * the end of the included file it is in). sshd keeps the first value it reads for a keyword, so
 * {@link #global} returns the first one outside any Match block; a matching Match block's value
 * overrides it, and "Match all" ({@link #matchAll}) matches every connection.
 */
public record SshdConfig(List<Setting> settings, List<MatchBlock> blocks) {

  public SshdConfig {
    settings = List.copyOf(settings);
    blocks = List.copyOf(blocks);
  }

  /** OpenSSH's old spellings of a keyword, read as the new one. */
  static final Map<String, String> ALIASES = Map.of(
      "challengeresponseauthentication", "kbdinteractiveauthentication",
      "skeyauthentication", "kbdinteractiveauthentication");

  /** A Match block: its criteria as written and where it starts. */
  public record MatchBlock(String criteria, String file, int line) {
    public String at() {
      return file + ":" + line;
    }

    /** Whether the block is "Match all", which every connection matches. */
    public boolean all() {
      return criteria.equalsIgnoreCase("all");
    }
  }

  /**
   * One keyword line. {@code keyword} is lower case with old spellings mapped to the current
   * one; {@code written} is the keyword as the file spells it; {@code block} is the Match block
   * it belongs to, or null.
   */
  public record Setting(String keyword, String written, List<String> args, String file, int line,
      MatchBlock block) {
    public Setting {
      args = List.copyOf(args);
    }

    public String at() {
      return file + ":" + line;
    }

    public String value() {
      return args.isEmpty() ? "" : args.get(0);
    }
  }

  /** The first setting of {@code keyword} outside Match blocks, or null (sshd's default applies). */
  public Setting global(String keyword) {
    for (Setting s : settings) {
      if (s.block() == null && s.keyword().equals(keyword)) {
        return s;
      }
    }
    return null;
  }

  /**
   * The first setting of {@code keyword} in a "Match all" block, or null: every connection that
   * no earlier Match block setting the keyword matches gets this value, whatever the global one.
   */
  public Setting matchAll(String keyword) {
    for (Setting s : settings) {
      if (s.block() != null && s.block().all() && s.keyword().equals(keyword)) {
        return s;
      }
    }
    return null;
  }

  /** The first setting of {@code keyword} in {@code block}, or null. */
  public Setting in(MatchBlock block, String keyword) {
    for (Setting s : settings) {
      if (s.block() == block && s.keyword().equals(keyword)) {
        return s;
      }
    }
    return null;
  }

  /** Parses the main file and what it includes. */
  public static SshdConfig parse(ConfigFiles files, Path main) throws ConfigProblem {
    Builder b = new Builder(files);
    b.file(main, null, null);
    return new SshdConfig(b.settings, b.blocks);
  }

  private static final class Builder {
    private final ConfigFiles files;
    private final List<Setting> settings = new ArrayList<>();
    private final List<MatchBlock> blocks = new ArrayList<>();

    Builder(ConfigFiles files) {
      this.files = files;
    }

    /** Reads one file in the Match context {@code block}; a Match inside ends with the file. */
    void file(Path file, String at, MatchBlock block) throws ConfigProblem {
      String text = files.enter(file, at);
      String shown = files.shown(file);
      try {
        MatchBlock current = block;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
          List<String> words = words(lines[n], shown + ":" + (n + 1));
          if (words.isEmpty()) {
            continue;
          }
          String written = words.get(0);
          String key = written.toLowerCase(Locale.ROOT);
          key = ALIASES.getOrDefault(key, key);
          List<String> args = words.subList(1, words.size());
          String where = shown + ":" + (n + 1);
          if (key.equals("match")) {
            // "Match all" is a block too: its keywords override the global ones for every
            // connection, as any matching Match block's do (sshd_config(5)).
            current = new MatchBlock(String.join(" ", args), shown, n + 1);
            blocks.add(current);
          } else if (key.equals("include")) {
            if (args.isEmpty()) {
              throw new ConfigProblem(where, "Include without a file name");
            }
            for (String pattern : args) {
              for (Path p : files.glob(pattern, where)) {
                file(p, where, current);
              }
            }
          } else {
            settings.add(new Setting(key, written, args, shown, n + 1, current));
          }
        }
      } finally {
        files.leave();
      }
    }

    /** Splits a line into words: blanks or one '=' after the keyword, quotes, '#' comments. */
    private static List<String> words(String line, String where) throws ConfigProblem {
      List<String> out = new ArrayList<>();
      int i = 0;
      int n = line.length();
      while (i < n) {
        char c = line.charAt(i);
        if (c == ' ' || c == '\t' || c == '\r' || (c == '=' && out.size() == 1)) {
          i++;
          continue;
        }
        if (c == '#') {
          break;
        }
        StringBuilder w = new StringBuilder();
        if (c == '"') {
          int close = line.indexOf('"', i + 1);
          if (close < 0) {
            throw new ConfigProblem(where, "unterminated quote");
          }
          w.append(line, i + 1, close);
          i = close + 1;
        } else {
          while (i < n) {
            char d = line.charAt(i);
            if (d == ' ' || d == '\t' || d == '\r' || (d == '=' && out.isEmpty())) {
              break;
            }
            w.append(d);
            i++;
          }
        }
        out.add(w.toString());
      }
      return out;
    }
  }
}
