package dev.secaudit.probe.hygiene;

import dev.secaudit.probe.local.Deadline;
import dev.secaudit.probe.local.FolderWalk;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files a set of globs names, found by walking from each glob's fixed prefix with the shared
 * {@link FolderWalk} rules: symbolic links are followed (logs are often linked) while they stay
 * below that prefix, a loop is noted and not entered again, version-control and installed
 * dependency folders are skipped unless the glob names them, and every cap that leaves files out
 * is noted.
 */
public final class FileWalk {
  /** Data files are not read from these unless a glob names them: they hold no one's records. */
  static final FolderWalk.Rules RULES = new FolderWalk.Rules(FolderWalk.union(FolderWalk.VCS,
      FolderWalk.INSTALLED), true);

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
      FolderWalk.Result r = FolderWalk.walk(base, RULES.asking(segments(glob)),
          new FolderWalk.Limits(Math.max(0, limits.maxFiles() - files.size()),
              Integer.MAX_VALUE, limits.maxDepth(), limits.deadline()),
          (p, attrs) -> matcher.matches(p));
      files.addAll(r.files());
      for (FolderWalk.Unlisted u : r.unlisted()) {
        if (u.folder()) {
          unreadable.add(new FileProblem(u.path().toString(), "folder not listed: "
              + TextReader.describe(u.error())));
        } else if (matcher.matches(u.path())) {
          unreadable.add(new FileProblem(u.path().toString(), TextReader.describe(u.error())));
        }
      }
      notes.addAll(r.notes());
      notes.addAll(r.cuts());
    }
    return new Result(List.copyOf(files), unreadable, notes);
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

  /** The glob's literal folder names: a glob that says node_modules asks for it. */
  private static Set<String> segments(String glob) {
    Set<String> out = new HashSet<>();
    for (Path segment : Path.of(glob)) {
      out.add(segment.toString());
    }
    return out;
  }
}
