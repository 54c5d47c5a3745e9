package dev.secaudit.probe.local;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * The one folder walk of the probes that read a tree on disk (data hygiene globs, a repository's
 * working tree without git, dependency manifests). Its rules: folders of version control and of
 * installed or generated code are skipped unless the caller asks for them by name; a symbolic
 * link is followed only when the caller wants links and only while it stays inside the root (a
 * loop is noted, not entered); every cap that leaves something out (files, entries, depth, time)
 * is said in {@link Result#cuts()}, never a silent truncation. Byte caps belong to the readers.
 * Links not followed and caps reached are also given as data, for a caller that must judge them
 * (a retention listing cut short cannot pass).
 */
public final class FolderWalk {
  /** Version-control data: never a product file, often large. */
  public static final Set<String> VCS = Set.of(".git", ".hg", ".svn");
  /** Installed or vendored dependencies: other people's files. */
  public static final Set<String> INSTALLED = Set.of("node_modules", "bower_components",
      "vendor", ".venv", "venv", "site-packages", "__pycache__", ".tox");
  /** Build output and tool state: generated from the tree, not part of it. */
  public static final Set<String> GENERATED = Set.of("target", "build", "dist", ".gradle",
      ".next", ".idea");
  /** Everything that is not the product's own source: what a repository walk skips. */
  public static final Set<String> NOT_SOURCE = union(VCS, INSTALLED, GENERATED);

  /**
   * What the walk skips and whether it follows links.
   *
   * @param skipFolders folder names not entered below the root
   * @param followLinks whether links to files and folders inside the root are followed (links
   *     out of the root never are); without it a link is handed to the filter as a link
   */
  public record Rules(Set<String> skipFolders, boolean followLinks) {
    public Rules {
      skipFolders = Set.copyOf(skipFolders);
    }

    /** The same rules without the folders the caller names (a glob that says node_modules). */
    public Rules asking(Collection<String> named) {
      Set<String> left = new HashSet<>(skipFolders);
      left.removeAll(named);
      return new Rules(left, followLinks);
    }
  }

  /**
   * @param maxFiles files accepted before the walk stops
   * @param maxEntries files and folders looked at before the walk stops
   * @param maxDepth folder levels below the root that are entered
   */
  public record Limits(int maxFiles, int maxEntries, int maxDepth, Deadline deadline) {}

  /** An entry that could not be listed or statted. */
  public record Unlisted(Path path, boolean folder, IOException error) {}

  /** The limit a walk reached. */
  public enum Cap { FILES, ENTRIES, DEPTH, TIME }

  /**
   * A cap that left something out.
   *
   * @param at the entry the walk stopped at, or for the depth cap the first folder not entered
   * @param text the cut as the walk's callers say it
   */
  public record Cut(Cap cap, Path at, String text) {}

  /**
   * A symbolic link not followed.
   *
   * @param loop whether it leads back to a folder above it (otherwise it leads out of the root)
   * @param folder whether it leads to a folder
   */
  public record Unfollowed(Path link, boolean loop, boolean folder) {}

  /**
   * @param files accepted files, sorted
   * @param unlisted entries the file system refused
   * @param notes links not followed (loops, targets out of the root)
   * @param caps every cap that left something out; empty when the walk is complete
   * @param unfollowed every link not followed, in walk order (the notes name the first ones)
   * @param entries files and folders looked at below the root
   */
  public record Result(List<Path> files, List<Unlisted> unlisted, List<String> notes,
      List<Cut> caps, List<Unfollowed> unfollowed, int entries) {
    public Result {
      files = List.copyOf(files);
      unlisted = List.copyOf(unlisted);
      notes = List.copyOf(notes);
      caps = List.copyOf(caps);
      unfollowed = List.copyOf(unfollowed);
    }

    /** The caps as sentences naming the cap and where the walk stopped. */
    public List<String> cuts() {
      return caps.stream().map(Cut::text).toList();
    }
  }

  /** Links out of the root named one by one; the rest are counted (a tree of links is no news). */
  static final int NOTED_LINKS = 10;

  private FolderWalk() {}

  /** The folder names of all the sets, to build skip rules from the named groups. */
  @SafeVarargs
  public static Set<String> union(Set<String>... sets) {
    Set<String> all = new HashSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return Set.copyOf(all);
  }

  /**
   * Walks {@code root}; {@code accept} sees every non-folder (with the link's own attributes for
   * a dangling link, so a caller can report it).
   */
  public static Result walk(Path root, Rules rules, Limits limits,
      BiPredicate<Path, BasicFileAttributes> accept) {
    Visitor v = new Visitor(root, rules, limits, accept);
    try {
      Files.walkFileTree(root, rules.followLinks() ? EnumSet.of(FileVisitOption.FOLLOW_LINKS)
          : EnumSet.noneOf(FileVisitOption.class), limits.maxDepth() + 1, v);
    } catch (IOException | RuntimeException e) {
      v.unlisted.add(new Unlisted(root, true, e instanceof IOException io ? io
          : new IOException(e.toString(), e)));
    }
    if (v.linksOut > NOTED_LINKS) {
      v.notes.add((v.linksOut - NOTED_LINKS) + " more symbolic links lead out of " + root
          + ": not followed");
    }
    return new Result(new ArrayList<>(v.files), v.unlisted, v.notes, v.cuts, v.unfollowed,
        v.entries);
  }

  /** Whether a relative path ('/' separated) runs through a folder the rules skip. */
  public static boolean skipped(String relative, Set<String> skipFolders) {
    String[] parts = relative.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (skipFolders.contains(parts[i])) {
        return true;
      }
    }
    return false;
  }

  private static final class Visitor extends SimpleFileVisitor<Path> {
    final Path root;
    final Rules rules;
    final Limits limits;
    final BiPredicate<Path, BasicFileAttributes> accept;
    final TreeSet<Path> files = new TreeSet<>();
    final List<Unlisted> unlisted = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<Cut> cuts = new ArrayList<>();
    final List<Unfollowed> unfollowed = new ArrayList<>();
    Path realRoot;
    int entries;
    int linksOut;
    boolean depthNoted;

    Visitor(Path root, Rules rules, Limits limits, BiPredicate<Path, BasicFileAttributes> accept) {
      this.root = root;
      this.rules = rules;
      this.limits = limits;
      this.accept = accept;
    }

    // Each entry is counted before it is used, so a cap is said only when an entry was left out
    // (exactly as many entries as the cap allows is a complete walk); the root is not an entry.
    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      if (dir.equals(root)) {
        return FileVisitResult.CONTINUE;
      }
      if (dir.getFileName() != null
          && rules.skipFolders().contains(dir.getFileName().toString())) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      FileVisitResult next = count(dir);
      if (next == FileVisitResult.CONTINUE && leavesRoot(dir, true)) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      return next;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      FileVisitResult next = count(file);
      if (next != FileVisitResult.CONTINUE) {
        return next;
      }
      if (attrs.isDirectory()) {
        // A folder at the depth cap arrives here and is not entered: say so once.
        if (!depthNoted && !rules.skipFolders().contains(file.getFileName().toString())) {
          depthNoted = true;
          cuts.add(new Cut(Cap.DEPTH, file, "folders more than " + limits.maxDepth()
              + " levels below " + root + " not entered (the depth cap), the first " + file));
        }
        return next;
      }
      if (!attrs.isSymbolicLink() && leavesRoot(file, false)) {
        return next;
      }
      if (accept.test(file, attrs)) {
        if (files.size() >= limits.maxFiles()) {
          cuts.add(new Cut(Cap.FILES, file, "stopped at " + limits.maxFiles()
              + " files (the file cap): the rest of " + root + " not listed"));
          return FileVisitResult.TERMINATE;
        }
        files.add(file);
      }
      return next;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      FileVisitResult next = count(file);
      if (next != FileVisitResult.CONTINUE) {
        return next;
      }
      if (e instanceof FileSystemLoopException) {
        notes.add("symbolic link loop at " + file + ": not followed");
        unfollowed.add(new Unfollowed(file, true, true));
      } else {
        unlisted.add(new Unlisted(file, Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS), e));
      }
      return next;
    }

    /** A followed link whose target is outside the root: noted, not entered or read. */
    private boolean leavesRoot(Path p, boolean folder) {
      if (!rules.followLinks() || !Files.isSymbolicLink(p)) {
        return false;
      }
      try {
        if (realRoot == null) {
          realRoot = root.toRealPath();
        }
        if (p.toRealPath().startsWith(realRoot)) {
          return false;
        }
      } catch (IOException e) {
        return false; // dangling or unreadable: the reader reports it
      }
      if (++linksOut <= NOTED_LINKS) {
        notes.add("symbolic link " + p + " leads out of " + root + ": not followed");
      }
      unfollowed.add(new Unfollowed(p, false, folder));
      return true;
    }

    private FileVisitResult count(Path at) {
      if (entries >= limits.maxEntries()) {
        cuts.add(new Cut(Cap.ENTRIES, at, "stopped after " + limits.maxEntries()
            + " files and folders (the entry cap): the rest of " + root + " not listed"));
        return FileVisitResult.TERMINATE;
      }
      if (limits.deadline().passed()) {
        cuts.add(new Cut(Cap.TIME, at, "stopped: the time budget ran out while listing "
            + root));
        return FileVisitResult.TERMINATE;
      }
      entries++;
      return FileVisitResult.CONTINUE;
    }
  }
}
