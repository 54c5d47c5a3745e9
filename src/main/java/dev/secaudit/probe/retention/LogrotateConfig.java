package dev.secaudit.probe.retention;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Redactor;
import dev.secaudit.probe.SourceArtifact;
import dev.secaudit.probe.Words;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How long logrotate keeps one log file, read from its configuration the way logrotate reads it:
 * global directives apply to the blocks that follow them (also across included files), a block's
 * own directives win, the first block naming the log applies, and an included directory is read
 * in file-name order without backup files.
 *
 * <p>The period is the longest any line can survive: {@code rotate N} rotated files plus the
 * current one, each spanning one interval, so {@code rotate 4} with {@code weekly} keeps up to 5
 * weeks; {@code maxage D} removes rotated files D days after their last write, so it bounds the
 * period at D days plus one interval. A month counts 31 days and a year 366.
 */
public final class LogrotateConfig {
  static final int MAX_FILES = 512;
  static final int MAX_INCLUDE_DEPTH = 8;

  /** Names logrotate skips in an included directory (package-manager leftovers, backups). */
  private static final List<String> TABOO_SUFFIXES = List.of(".dpkg-old", ".dpkg-dist",
      ".dpkg-new", ".dpkg-bak", ".dpkg-del", ".dpkg-tmp", ".rpmsave", ".rpmorig", ".rpmnew",
      ".swp", ".cfsaved", ".disabled", ",v", "~", ".bak", ".old", ".orig", ".ucf-old",
      ".ucf-dist", ".ucf-new");

  private static final List<String> SCRIPTS = List.of("postrotate", "prerotate", "firstaction",
      "lastaction", "preremove");

  private final Redactor redactor;
  private final Clock clock;

  public LogrotateConfig(Redactor redactor, Clock clock) {
    this.redactor = redactor;
    this.clock = clock;
  }

  /** A directive's value and where it was set (file:line). */
  record Setting(String value, String where) {}

  /** The directives in force: the globals, or a block's copy of them. */
  record Directives(Setting rotate, Setting interval, Setting maxage) {
    Directives with(String key, Setting s) {
      return switch (key) {
        case "rotate" -> new Directives(s, interval, maxage);
        case "maxage" -> new Directives(rotate, interval, s);
        default -> new Directives(rotate, s, maxage);
      };
    }
  }

  private final class Reading {
    final Path base;
    final String log;
    final StringBuilder evidence = new StringBuilder();
    int files;
    Directives globals = new Directives(null, null, null);
    String matchedAt;
    Directives matched;

    Reading(Path base, String log) {
      this.base = base;
      this.log = log;
    }

    String shown(Path file) {
      Path abs = file.toAbsolutePath().normalize();
      return base != null && abs.startsWith(base) ? base.relativize(abs).toString()
          : abs.toString();
    }
  }

  /** A configuration that cannot be read as logrotate reads it. */
  private static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message);
    }
  }

  public RetentionObservation read(String name, Path main, String log) {
    String location = "logrotate:" + main;
    Path base = main.toAbsolutePath().normalize().getParent();
    Reading r = new Reading(base, log);
    try {
      file(r, main, 0);
    } catch (Unreadable e) {
      return RetentionObservation.failed(name, location, e.getMessage(), List.of());
    }
    List<Artifact> artifacts = List.of(Artifact.of(SourceArtifact.CONFIG.id(name), name,
        ArtifactKind.Known.CONFIG_FILE,
        clock.instant(), r.files + " logrotate configuration file(s)", r.evidence.toString()));
    if (r.matched == null) {
      return new RetentionObservation(name, location, null, null, null, null,
          List.of("no block of " + r.files + " file(s) read names " + log
              + ", so logrotate never rotates or removes it"), artifacts);
    }
    return new RetentionObservation(name, location, null, null, null,
        kept(r.matchedAt, r.matched), List.of(), artifacts);
  }

  static RetentionObservation.Kept kept(String subject, Directives d) {
    if (d.interval() == null) {
      return new RetentionObservation.Kept(subject, null, "no rotation interval (daily, weekly,"
          + " monthly, yearly) applies, so nothing limits the age of what the log keeps", null,
          "no rotation interval applies, so nothing shows how long the log keeps its lines");
    }
    if (d.interval().value().equals("size")) {
      String bySize = "rotated by size (" + d.interval().where() + "), not by time, so ";
      return new RetentionObservation.Kept(subject, null, bySize + "nothing limits the age of"
          + " what the log keeps", null, bySize + "how long a line stays depends on how fast the"
          + " log grows: no time is shown that lines are kept at least");
    }
    Duration interval = switch (d.interval().value()) {
      case "hourly" -> Duration.ofHours(1);
      case "daily" -> Duration.ofDays(1);
      case "weekly" -> Duration.ofDays(7);
      case "monthly" -> Duration.ofDays(31);
      default -> Duration.ofDays(366);
    };
    int rotate = d.rotate() == null ? 0 : Integer.parseInt(d.rotate().value());
    String every = d.interval().value() + " (" + d.interval().where() + ")";
    String count = d.rotate() == null ? "rotate 0 (the default)"
        : "rotate " + rotate + " (" + d.rotate().where() + ")";
    Duration byCount = null;
    String how;
    // A line written just before a rotation lives in the rotated files only: rotate × interval
    // is the least any line is kept, the current file adding up to one interval for the rest.
    Duration floor = RetentionObservation.Kept.NEVER_REMOVED;
    String floorHow = count + " never removes rotated files";
    if (rotate >= 0) {
      byCount = interval.multipliedBy(rotate + 1L);
      how = count + " × " + every + ", plus the current file";
      floor = interval.multipliedBy(rotate);
      floorHow = count + " × " + every + ": a line written just before a rotation is removed"
          + " that long after";
    } else {
      how = floorHow;
    }
    if (d.maxage() != null) {
      Duration days = Duration.ofDays(Long.parseLong(d.maxage().value()));
      Duration byAge = days.plus(interval);
      String ageHow = "maxage " + d.maxage().value() + " (" + d.maxage().where()
          + ") plus one " + d.interval().value() + " interval";
      if (days.compareTo(floor) < 0) {
        floor = days;
        floorHow = "maxage " + d.maxage().value() + " (" + d.maxage().where() + ") removes a"
            + " rotated file that many days after its last line";
      }
      if (byCount == null || byAge.compareTo(byCount) < 0) {
        return new RetentionObservation.Kept(subject, byAge, ageHow + "; " + how, floor,
            floorHow);
      }
    }
    return new RetentionObservation.Kept(subject, byCount, how, floor, floorHow);
  }

  private void file(Reading r, Path file, int depth) throws Unreadable {
    if (++r.files > MAX_FILES) {
      throw new Unreadable("more than " + MAX_FILES + " configuration files through includes");
    }
    String text;
    try {
      text = ConfigFile.read(file);
    } catch (ConfigFile.Unreadable e) {
      throw new Unreadable(e.getMessage());
    }
    String shown = r.shown(file);
    r.evidence.append("# ").append(shown).append('\n');
    String[] lines = text.split("\r?\n", -1);
    Directives block = null;
    String blockAt = null;
    boolean blockMatches = false;
    boolean inScript = false;
    int scriptLines = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      String at = shown + ":" + (i + 1);
      if (inScript) {
        inScript = !line.equals("endscript");
        if (inScript) {
          scriptLines++;
          continue;
        }
        // Script bodies often carry credentials (curl -u, signed URLs) and decide no age,
        // so the evidence says they were there without keeping them.
        r.evidence.append("    [").append(scriptLines).append(" script line(s) not kept]\n");
      }
      if (i < lines.length - 1 || !lines[i].isEmpty()) {
        r.evidence.append(redactor.text(lines[i])).append('\n');
      }
      if (line.equals("endscript")) {
        continue;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.endsWith("{")) {
        if (block != null) {
          throw new Unreadable(at + ": a block opens inside the block of line "
              + blockAt.substring(blockAt.lastIndexOf(':') + 1) + " (missing '}')");
        }
        block = r.globals;
        blockAt = at;
        blockMatches = names(line.substring(0, line.length() - 1), file, r.log);
        continue;
      }
      if (line.equals("}")) {
        if (block == null) {
          throw new Unreadable(at + ": '}' without a block");
        }
        if (blockMatches && r.matched == null) {
          r.matched = block;
          r.matchedAt = blockAt;
        }
        block = null;
        continue;
      }
      String[] words = line.split("\\s+");
      String key = words[0].toLowerCase(Locale.ROOT);
      if (SCRIPTS.contains(key)) {
        inScript = true;
        scriptLines = 0;
        continue;
      }
      if (key.equals("include")) {
        if (words.length < 2) {
          throw new Unreadable(at + ": include needs a file or directory");
        }
        if (depth >= MAX_INCLUDE_DEPTH) {
          throw new Unreadable(at + ": includes nest deeper than " + MAX_INCLUDE_DEPTH);
        }
        include(r, file.toAbsolutePath().getParent().resolve(unquote(words[1])), depth, at);
        continue;
      }
      Setting s = setting(key, words, at);
      if (s != null) {
        String slot = key.equals("rotate") || key.equals("maxage") ? key : "interval";
        if (block != null) {
          block = block.with(slot, s);
        } else {
          r.globals = r.globals.with(slot, s);
        }
      }
    }
    if (block != null) {
      throw new Unreadable(blockAt + ": the block is never closed with '}'");
    }
  }

  private static Setting setting(String key, String[] words, String at) throws Unreadable {
    switch (key) {
      case "hourly", "daily", "weekly", "monthly", "yearly" -> {
        return new Setting(key, at);
      }
      case "size" -> {
        // logrotate keeps one rotation criterion: size replaces the time interval.
        return new Setting("size", at);
      }
      case "rotate", "maxage" -> {
        if (words.length < 2 || !words[1].matches("-?\\d{1,6}")) {
          throw new Unreadable(at + ": " + key + " needs a whole number");
        }
        return new Setting(words[1], at);
      }
      default -> {
        return null;
      }
    }
  }

  private void include(Reading r, Path target, int depth, String at) throws Unreadable {
    if (!Files.isDirectory(target)) {
      file(r, target, depth + 1);
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(target)) {
      files = s.filter(p -> Files.isRegularFile(p) && !skipped(p.getFileName().toString()))
          .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new Unreadable(at + ": cannot list " + target + ": " + e.getMessage());
    }
    for (Path f : files) {
      file(r, f, depth + 1);
    }
  }

  private static boolean skipped(String fileName) {
    return fileName.startsWith(".") || TABOO_SUFFIXES.stream().anyMatch(fileName::endsWith);
  }

  /** Whether one of a block's (possibly quoted) path globs names the log. */
  private static boolean names(String paths, Path file, String log) {
    for (String p : splitPaths(paths)) {
      PathMatcher m;
      try {
        m = FileSystems.getDefault().getPathMatcher("glob:" + p);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (m.matches(Path.of(log)) || p.equals(log)) {
        return true;
      }
    }
    return false;
  }

  /** Log paths of a logrotate block head: blank-separated, each optionally in quotes. */
  static List<String> splitPaths(String text) {
    return Words.split(text, Character::isWhitespace, "\"'");
  }

  private static String unquote(String s) {
    return s.length() > 1 && (s.startsWith("\"") || s.startsWith("'")) ? s.substring(1,
        s.length() - 1) : s;
  }
}
