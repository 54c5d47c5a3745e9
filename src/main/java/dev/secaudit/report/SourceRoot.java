package dev.secaudit.report;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What SARIF's %SRCROOT% stands for. GitHub code scanning resolves a relative {@code uri} against
 * the checkout's root, not against the folder secaudit ran from, so a scan run in {@code site/}
 * must write {@code site/secaudit.yaml}, not {@code secaudit.yaml}. The root is the nearest folder
 * at or above the working folder that holds a {@code .git} entry (a clone or a worktree); with
 * none, the working folder itself.
 *
 * @param top the repository's root, or null when the working folder is in none
 * @param cwd the folder relative paths were given from
 */
record SourceRoot(Path top, Path cwd) {
  /** Relative paths taken as they are: for renders with no working folder of their own. */
  static final SourceRoot AS_GIVEN = new SourceRoot(null, null);

  static SourceRoot of(Path workingFolder) {
    Path cwd = workingFolder.toAbsolutePath().normalize();
    for (Path p = cwd; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        return new SourceRoot(p, cwd);
      }
    }
    return new SourceRoot(null, cwd);
  }

  static SourceRoot ofWorkingFolder() {
    return of(Path.of(""));
  }

  /**
   * A relative path as the repository root sees it, with '/' separators; null when it leads out
   * of the repository (the caller then writes an absolute file: URI).
   */
  String fromRoot(String relative) {
    if (top == null) {
      return relative;
    }
    Path abs = cwd.resolve(relative).normalize();
    return abs.startsWith(top) ? top.relativize(abs).toString().replace('\\', '/') : null;
  }

  /**
   * An absolute path as the root sees it, with '/' separators ("" for the root itself); null
   * when it is outside the root, or there is no root ({@link #AS_GIVEN}).
   */
  String insideRoot(Path absolute) {
    Path base = top != null ? top : cwd;
    Path p = absolute.normalize();
    return base == null || !p.startsWith(base) ? null
        : base.relativize(p).toString().replace('\\', '/');
  }

  /**
   * {@code text} with every absolute path inside the root written relative to it, as the SARIF
   * locations' URIs are ("dir:/home/runner/work/app/app/reports" is "dir:reports", the root
   * itself "."): in CI the runner's folders are nobody's business, and the reader finds the
   * file from the checkout. Paths outside the root (a server's /srv/reports, as the policy
   * names it) stay as they are.
   */
  String relativeText(String text) {
    Path base = top != null ? top : cwd;
    if (base == null || text == null || base.getParent() == null) {
      return text;
    }
    String prefix = base.toString();
    int at = text.indexOf(prefix);
    if (at < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    for (; at >= 0; at = text.indexOf(prefix, at + 1)) {
      int end = at + prefix.length();
      boolean starts = at == 0 || !isPathChar(text.charAt(at - 1));
      boolean ends = end == text.length() || !isPathChar(text.charAt(end))
          || text.charAt(end) == '/' || text.charAt(end) == java.io.File.separatorChar;
      if (!starts || !ends || at < from) {
        continue;
      }
      out.append(text, from, at);
      boolean child = end < text.length()
          && (text.charAt(end) == '/' || text.charAt(end) == java.io.File.separatorChar);
      if (child) {
        end++;
      } else {
        out.append('.');
      }
      from = end;
    }
    return out.append(text, from, text.length()).toString();
  }

  /** A character that continues a path's name: the root /work/app is not in /work/app-2. */
  private static boolean isPathChar(char c) {
    return Character.isLetterOrDigit(c) || "-_.~+@%/\\".indexOf(c) >= 0;
  }

  /**
   * A file as CI formats name it (SARIF's location URIs, JUnit's "at:" lines, GitHub's
   * annotations): relative to this root with '/' separators when it is inside it, given relative
   * to the working folder or absolute; otherwise absolute. Null for none.
   */
  String place(String file) {
    if (file == null || file.isBlank()) {
      return null;
    }
    String p = file.replace('\\', '/');
    String inRepo;
    if (p.startsWith("/") || p.matches("[A-Za-z]:/.*")) {
      inRepo = insideRoot(Path.of(file));
      if (inRepo == null) {
        return p;
      }
    } else {
      inRepo = fromRoot(p);
      if (inRepo == null) {
        return absolute(p).replace('\\', '/');
      }
    }
    return inRepo.startsWith("./") ? inRepo.substring(2) : inRepo;
  }

  /** The absolute form of a relative path that leads out of the repository. */
  String absolute(String relative) {
    return cwd.resolve(relative).normalize().toString();
  }

  String description() {
    return top == null
        ? "The folder secaudit was run from; relative paths start there."
        : "The repository's root (the git top-level above the folder secaudit was run from);"
            + " relative paths start there.";
  }
}
