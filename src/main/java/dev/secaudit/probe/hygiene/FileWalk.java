package dev.secaudit.probe.hygiene;

import dev.secaudit.probe.local.Deadline;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files a set of globs names, found by walking from each glob's fixed prefix within caps:
 * files, depth and time. Symbolic links are followed (logs are often linked) and a link that
 * leads back into its own ancestors is noted and not entered again.
 */
public final class FileWalk {
  /** Caps for one walk. */
  public record Limits(int maxFiles, int maxDepth, Deadline deadline) {}

  /**
   * The files found (sorted), folders that could not be listed, and notes on what the caps or
   * symlink loops left out.
   */
  public record Result(List<Path> files, List<FileProblem> unreadable, List<String> notes) {}

  private FileWalk() {}

  /** @param globs absolute glob patterns ({@code /var/log/app/*.log}, {@code /srv/x/**}) */
  public static Result expand(List<String> globs, Limits limits) {
    TreeSet<Path> files = new TreeSet<>();
    List<FileProblem> unreadable = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String glob : globs) {
      Path base = fixedPrefix(glob);
      if (base.toString().equals(glob)) {
        files.add(base);
        continue;
      }
      if (!Files.isDirectory(base)) {
        notes.add("nothing matches " + glob + ": " + base + " is not a folder");
        continue;
      }
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      walk(base, limits, p -> matcher.matches(p), Set.of(), files, unreadable, notes);
    }
    return new Result(List.copyOf(files), unreadable, notes);
  }

  interface Filter {
    boolean accept(Path file);
  }

  /** Walks {@code base}, adding accepted regular files (and dangling links, to report them). */
  static void walk(Path base, Limits limits, Filter filter, Set<String> skipFolders,
      TreeSet<Path> files, List<FileProblem> unreadable, List<String> notes) {
    try {
      Files.walkFileTree(base, EnumSet.of(FileVisitOption.FOLLOW_LINKS), limits.maxDepth() + 1,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (!dir.equals(base) && dir.getFileName() != null
                  && skipFolders.contains(dir.getFileName().toString())) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              return stop() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (stop()) {
                return FileVisitResult.TERMINATE;
              }
              // Non-directories at the depth cap arrive here too; a folder there is not entered.
              if (!attrs.isDirectory() && filter.accept(file)) {
                files.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              if (e instanceof FileSystemLoopException) {
                notes.add("symbolic link loop at " + file + ": not followed");
              } else if (filter.accept(file)) {
                unreadable.add(new FileProblem(file.toString(), TextReader.describe(e)));
              } else if (Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                unreadable.add(new FileProblem(file.toString(), "folder not listed: "
                    + TextReader.describe(e)));
              }
              return stop() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            private boolean stop() {
              if (files.size() >= limits.maxFiles()) {
                notes.add("stopped at " + limits.maxFiles() + " files (max_files): the rest of "
                    + base + " was not read");
                return true;
              }
              if (limits.deadline().passed()) {
                notes.add("stopped: time budget spent while listing " + base);
                return true;
              }
              return false;
            }
          });
    } catch (IOException e) {
      unreadable.add(new FileProblem(base.toString(), TextReader.describe(e)));
    }
  }

  /** The glob's leading folders without any of * ? [ { in them. */
  static Path fixedPrefix(String glob) {
    Path p = Path.of(glob);
    Path out = p.getRoot();
    for (Path segment : p) {
      if (segment.toString().matches(".*[*?\\[{].*")) {
        return out == null ? Path.of(".") : out;
      }
      out = out == null ? segment : out.resolve(segment);
    }
    return out;
  }
}
