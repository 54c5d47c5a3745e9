package dev.secaudit.probe.hygiene;

import dev.secaudit.probe.local.Deadline;
import dev.secaudit.probe.local.FolderWalk;
import dev.secaudit.probe.local.NoFiles;
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
   * The files found (sorted), folders that could not be listed, notes on what the caps or
   * symlink loops left out, and each glob that found no file.
   */
  public record Result(List<Path> files, List<FileProblem> unreadable, List<String> notes,
      List<NoFiles> empty) {}

  private FileWalk() {}

  /** @param globs absolute glob patterns ({@code /var/log/app/*.log}, {@code /srv/x/**}) */
  public static Result expand(List<String> globs, Limits limits) {
    TreeSet<Path> files = new TreeSet<>();
    List<FileProblem> unreadable = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<NoFiles> empty = new ArrayList<>();
    for (String glob : globs) {
      Path base = fixedPrefix(glob);
      if (base.toString().equals(glob)) {
        files.add(base);
        continue;
      }
      if (!Files.isDirectory(base)) {
        empty.add(new NoFiles(glob, base + (Files.exists(base) ? " is not a folder"
            : " does not exist"), true));
        continue;
      }
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      FolderWalk.Result r = FolderWalk.walk(base, RULES.asking(segments(glob)),
          new FolderWalk.Limits(Math.max(0, limits.maxFiles() - files.size()),
              Integer.MAX_VALUE, limits.maxDepth(), limits.deadline()),
          (p, attrs) -> matcher.matches(p));
      // Counted per glob: files another glob found do not make this one's place judged.
      if (r.files().isEmpty() && r.unlisted().isEmpty()) {
        empty.add(new NoFiles(glob, "no file under " + base + " matches", false));
      }
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
    return new Result(List.copyOf(files), unreadable, notes, List.copyOf(empty));
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
