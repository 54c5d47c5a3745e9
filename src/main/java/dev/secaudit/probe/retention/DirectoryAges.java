package dev.secaudit.probe.retention;

import dev.secaudit.model.Counted;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.Retention;
import dev.secaudit.probe.SourceArtifact;
import dev.secaudit.probe.local.Deadline;
import dev.secaudit.probe.local.FolderWalk;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the modification times of the files a retention entry names, with the shared
 * {@link FolderWalk}. A retention source is a folder of the company's own stored files, so the
 * walk judges that folder and nothing else: every folder in it is read (none is skipped by name),
 * a symbolic link is followed only while it stays inside, and anything that keeps a file from
 * being seen makes the listing incomplete (it may still FAIL on an old file, never PASS): a cap,
 * or a link out of the folder that could hold matching files. A link back to a folder above it
 * is a loop, and a folder that cannot be read leaves a hole of unknown size: both are failures.
 */
public final class DirectoryAges {
  /** Deeper trees are not report stores; the cap keeps a runaway link chain finite. */
  static final int MAX_DEPTH = 64;
  /** Links out of the folder named in the finding; the rest are counted. */
  static final int NAMED_LINKS = 3;

  private static final FolderWalk.Rules RULES = new FolderWalk.Rules(Set.of(), true);

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
    Map<Path, Instant> modified = new HashMap<>();
    FolderWalk.Result walk = FolderWalk.walk(root, RULES,
        new FolderWalk.Limits(Integer.MAX_VALUE, spec.maxFiles(), MAX_DEPTH,
            Deadline.in(budget)),
        (file, attrs) -> {
          if (!attrs.isRegularFile() || !matching.matches(root.relativize(file))) {
            return false;
          }
          modified.put(file, attrs.lastModifiedTime().toInstant());
          return true;
        });
    String failure = failure(root, walk);
    if (failure != null) {
      return RetentionObservation.failed(name, location, failure, List.of());
    }
    List<RetentionObservation.Dated> dated = new ArrayList<>();
    for (Path file : walk.files()) {
      dated.add(new RetentionObservation.Dated(redactor.text(relative(root, file)),
          modified.get(file)));
    }
    dated.sort(Comparator.comparing(RetentionObservation.Dated::time)
        .thenComparing(RetentionObservation.Dated::label));
    String incomplete = incomplete(root, walk, spec, matching);
    Instant since = since(root);
    return new RetentionObservation(name, location, null, dated, incomplete, null, List.of(),
        List.of(listing(name, root, spec.glob(), dated, walk.entries(), incomplete, since)),
        since);
  }

  /**
   * How long the folder itself has been there, at least: its creation time where the file
   * system and runtime report one, else its last change (a folder is never changed before it
   * exists). Files all younger than the window show no deletion unless the folder was there
   * before them (a blind review, founder24: "verified" from a folder whose oldest file was 20
   * days old, under a 30-day window).
   */
  static Instant since(Path root) {
    try {
      BasicFileAttributes a = Files.readAttributes(root, BasicFileAttributes.class);
      Instant created = a.creationTime().toInstant();
      Instant changed = a.lastModifiedTime().toInstant();
      return created.isBefore(changed) ? created : changed;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The first (by path, so the same tree always names the same one) entry that could not be
   * read, else the first loop, else null.
   */
  private static String failure(Path root, FolderWalk.Result walk) {
    Optional<FolderWalk.Unlisted> unlisted =
        walk.unlisted().stream().min(Comparator.comparing(FolderWalk.Unlisted::path));
    if (unlisted.isPresent()) {
      Path at = unlisted.get().path();
      return describe(at.equals(root) ? root.toString() : relative(root, at),
          unlisted.get().error());
    }
    return walk.unfollowed().stream().filter(FolderWalk.Unfollowed::loop)
        .map(FolderWalk.Unfollowed::link).min(Comparator.naturalOrder())
        .map(link -> describe(relative(root, link), new FileSystemLoopException(link.toString())))
        .orElse(null);
  }

  /** Why files may be missing from the listing, or null when it is complete. */
  private String incomplete(Path root, FolderWalk.Result walk, Retention.RetentionDirectory spec,
      Matching matching) {
    List<String> why = new ArrayList<>();
    for (FolderWalk.Cut cut : walk.caps()) {
      why.add(switch (cut.cap()) {
        case ENTRIES -> "stopped after " + spec.maxFiles() + " files and folders (max_files)";
        case TIME -> "stopped after " + budget.toSeconds() + "s of listing (time cap)";
        case DEPTH -> "folders more than " + MAX_DEPTH + " levels down not entered (depth"
            + " cap), the first " + redactor.text(relative(root, cut.at()));
        case FILES -> cut.text();
      });
    }
    // A link to a file the glob does not name hides nothing the window is about.
    List<String> out = walk.unfollowed().stream()
        .filter(l -> !l.loop() && (l.folder() || matching.matches(root.relativize(l.link()))))
        .map(l -> redactor.text(relative(root, l.link()))).sorted().toList();
    if (!out.isEmpty()) {
      why.add((out.size() == 1 ? "symbolic link " : "symbolic links ")
          + String.join(", ", out.subList(0, Math.min(NAMED_LINKS, out.size())))
          + (out.size() > NAMED_LINKS ? " and " + (out.size() - NAMED_LINKS) + " more" : "")
          + (out.size() == 1 ? " leads" : " lead") + " out of the directory, not followed"
          + " (point path at the folder where the files are kept)");
    }
    return why.isEmpty() ? null : String.join("; ", why);
  }

  private Artifact listing(String name, Path root, String glob,
      List<RetentionObservation.Dated> dated, int visited, String incomplete, Instant since) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(Counted.doing(dated.size(), "file", "matches", "match")).append(' ')
        .append(glob).append(" under ")
        .append(root).append(" (").append(visited).append(" entries visited")
        .append(incomplete == null ? "" : "; " + incomplete).append(")\n");
    if (since != null) {
      sb.append("# the folder itself: created or last changed ").append(since).append('\n');
    }
    sb.append("# oldest first: modified (UTC), path\n");
    int shown = Math.min(dated.size(), RetentionProbe.LISTED);
    for (int i = 0; i < shown; i++) {
      sb.append(dated.get(i).time()).append("  ").append(dated.get(i).label()).append('\n');
    }
    if (shown < dated.size()) {
      sb.append("# ... ").append(Counted.of(dated.size() - shown, "newer file"))
          .append(" not listed\n");
    }
    return Artifact.of(SourceArtifact.FILE_LISTING.id(name), name,
        ArtifactKind.Known.FILE_LISTING, clock.instant(),
        Counted.doing(dated.size(), "file", "matches", "match") + " " + glob, sb.toString());
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
