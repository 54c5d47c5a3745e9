package dev.secaudit.probe.retention;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.Retention;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Reads the modification times of the files a retention entry names. Symbolic links are
 * followed (reports are often linked in from a volume), so a link back to an ancestor is a loop
 * that makes the listing unreliable: it is a failure, as is a folder that cannot be read.
 */
public final class DirectoryAges {
  /** Deeper trees are not report stores; the cap keeps a runaway link chain finite. */
  static final int MAX_DEPTH = 64;

  private final Redactor redactor;
  private final Clock clock;
  private final Duration budget;

  public DirectoryAges(Redactor redactor, Clock clock, Duration budget) {
    this.redactor = redactor;
    this.clock = clock;
    this.budget = budget;
  }

  public RetentionObservation read(String name, Path root, Retention.RetentionDirectory spec) {
    String location = "dir:" + root;
    if (!Files.exists(root)) {
      return RetentionObservation.failed(name, location, "no such directory: " + root, List.of());
    }
    if (!Files.isDirectory(root)) {
      return RetentionObservation.failed(name, location, "not a directory: " + root, List.of());
    }
    Matching matching = new Matching(spec.glob());
    List<RetentionObservation.Dated> dated = new ArrayList<>();
    String[] stop = new String[2]; // [0] failure, [1] incomplete
    int[] visited = {0};
    long deadline = System.nanoTime() + budget.toNanos();
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH,
          new SimpleFileVisitor<>() {
            private FileVisitResult count() {
              if (++visited[0] > spec.maxFiles()) {
                stop[1] = "stopped after " + spec.maxFiles() + " files and folders (max_files)";
                return FileVisitResult.TERMINATE;
              }
              if (System.nanoTime() > deadline) {
                stop[1] = "stopped after " + budget.toSeconds() + "s of listing (time cap)";
                return FileVisitResult.TERMINATE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return dir.equals(root) ? FileVisitResult.CONTINUE : count();
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              FileVisitResult next = count();
              Path rel = root.relativize(file);
              if (next == FileVisitResult.CONTINUE && attrs.isRegularFile()
                  && matching.matches(rel)) {
                dated.add(new RetentionObservation.Dated(
                    redactor.text(rel.toString().replace('\\', '/')),
                    attrs.lastModifiedTime().toInstant()));
              }
              return next;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              stop[0] = describe(relative(root, file), e);
              return FileVisitResult.TERMINATE;
            }
          });
    } catch (IOException e) {
      stop[0] = describe(root.toString(), e);
    }
    if (stop[0] != null) {
      return RetentionObservation.failed(name, location, stop[0], List.of());
    }
    dated.sort(java.util.Comparator.comparing(RetentionObservation.Dated::time)
        .thenComparing(RetentionObservation.Dated::label));
    return new RetentionObservation(name, location, null, dated, stop[1], null, List.of(),
        List.of(listing(name, root, spec.glob(), dated, visited[0], stop[1])));
  }

  private Artifact listing(String name, Path root, String glob,
      List<RetentionObservation.Dated> dated, int visited, String incomplete) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(dated.size()).append(" files match ").append(glob).append(" under ")
        .append(root).append(" (").append(visited).append(" entries visited")
        .append(incomplete == null ? "" : "; " + incomplete).append(")\n");
    sb.append("# oldest first: modified (UTC), path\n");
    int shown = Math.min(dated.size(), RetentionProbe.LISTED);
    for (int i = 0; i < shown; i++) {
      sb.append(dated.get(i).time()).append("  ").append(dated.get(i).label()).append('\n');
    }
    if (shown < dated.size()) {
      sb.append("# ... ").append(dated.size() - shown).append(" newer files not listed\n");
    }
    return Artifact.of(name + "/listing", name, "file-listing", clock.instant(),
        dated.size() + " files match " + glob, sb.toString());
  }

  static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }

  private static String describe(String where, IOException e) {
    if (e instanceof FileSystemLoopException) {
      return "symbolic link loop at " + where + " (it leads back to a folder above it); the"
          + " listing cannot be trusted";
    }
    if (e instanceof AccessDeniedException) {
      return "cannot read " + where + ": permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return where + " disappeared while it was listed";
    }
    return "cannot read " + where + ": " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
  }

  /**
   * Globs as the policy documents them: without '/', a file name at any depth; with '/', the
   * path below the directory, where a leading "**&#47;" also matches the top folder.
   */
  static final class Matching {
    private final boolean byName;
    private final PathMatcher whole;
    private final PathMatcher top;

    Matching(String glob) {
      this.byName = !glob.contains("/");
      this.whole = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      this.top = glob.startsWith("**/")
          ? FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)) : null;
    }

    boolean matches(Path rel) {
      if (byName) {
        return whole.matches(rel.getFileName());
      }
      return whole.matches(rel) || (top != null && top.matches(rel));
    }
  }
}
