package dev.secaudit.probe.hygiene;

import dev.secaudit.probe.local.Deadline;
import dev.secaudit.probe.local.FolderWalk;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The files of a repository's working tree that could be committed: tracked files and untracked
 * ones that .gitignore does not exclude ({@code git ls-files --cached --others
 * --exclude-standard}). Ignored files (.env, build output, node_modules) are left out: they never
 * reach the repository, and keeping secrets in ignored files is the practice a scan should not
 * punish. Symbolic links are not followed (their target is in the tree or outside the repository).
 * A folder that is not a git repository is walked whole instead, without the folders
 * {@link FolderWalk#NOT_SOURCE} names (version control, installed dependencies, build output),
 * and says so.
 *
 * @param files paths relative to the root, with '/' separators, sorted
 * @param git whether git listed them (false: a plain folder walk)
 * @param failure why the tree could not be listed at all, or null
 */
public record WorkingTree(Path root, List<String> files, boolean git, String failure,
    List<String> notes) {

  /** @param include folder names the policy asks to read although a plain walk skips them */
  static WorkingTree list(Path root, String gitExecutable, int maxFiles, Deadline deadline,
      Collection<String> include) {
    if (!Files.isDirectory(root)) {
      return new WorkingTree(root, List.of(), false,
          Files.exists(root) ? "not a folder: " + root : "no such folder: " + root, List.of());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Git.Run run = new Git(root, gitExecutable).run(
        List.of("ls-files", "-z", "--cached", "--others", "--exclude-standard"),
        deadline.left(), in -> in.transferTo(new CappedSink(out, 64L << 20)));
    List<String> notes = new ArrayList<>();
    if (run.ok()) {
      TreeSet<String> files = new TreeSet<>();
      for (String f : out.toString(StandardCharsets.UTF_8).split("\0")) {
        if (!f.isEmpty() && Files.isRegularFile(root.resolve(f), LinkOption.NOFOLLOW_LINKS)) {
          files.add(f);
        }
      }
      return capped(root, files, true, maxFiles, notes);
    }
    notes.add("not read with git (" + firstLine(run.stderr()) + "): every file of the folder"
        + " read but version-control, dependency and build folders, .gitignore not applied,"
        + " no history");
    FolderWalk.Result walk = FolderWalk.walk(root, new FolderWalk.Rules(FolderWalk.NOT_SOURCE,
        false).asking(include), new FolderWalk.Limits(maxFiles, Integer.MAX_VALUE, 32, deadline),
        (p, attrs) -> attrs.isRegularFile());
    walk.unlisted().forEach(u -> notes.add("not listed: " + u.path() + " ("
        + (u.folder() ? "folder not listed: " : "") + TextReader.describe(u.error()) + ")"));
    notes.addAll(walk.notes());
    notes.addAll(walk.cuts());
    List<Path> found = walk.files();
    TreeSet<String> files = new TreeSet<>();
    for (Path p : found) {
      files.add(root.relativize(p).toString().replace('\\', '/'));
    }
    return capped(root, files, false, maxFiles, notes);
  }

  private static WorkingTree capped(Path root, TreeSet<String> files, boolean git, int maxFiles,
      List<String> notes) {
    List<String> list = new ArrayList<>(files);
    if (list.size() > maxFiles) {
      notes.add("only the first " + maxFiles + " of " + list.size() + " files read (file cap)");
      list = list.subList(0, maxFiles);
    }
    return new WorkingTree(root, List.copyOf(list), git, null, List.copyOf(notes));
  }

  static String firstLine(String s) {
    String line = s == null || s.isBlank() ? "no message" : s.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** Keeps at most {@code cap} bytes and drops the rest. */
  static final class CappedSink extends java.io.OutputStream {
    private final ByteArrayOutputStream out;
    private final long cap;

    CappedSink(ByteArrayOutputStream out, long cap) {
      this.out = out;
      this.cap = cap;
    }

    @Override
    public void write(int b) {
      if (out.size() < cap) {
        out.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      out.write(b, off, (int) Math.max(0, Math.min(len, cap - out.size())));
    }
  }
}
