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
