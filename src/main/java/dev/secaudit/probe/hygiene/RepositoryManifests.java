package dev.secaudit.probe.hygiene;

import dev.secaudit.probe.local.CappedFile;
import dev.secaudit.probe.local.Deadline;
import dev.secaudit.probe.local.FolderWalk;
import dev.secaudit.probe.manifest.MalformedManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dependency manifests, lock files and update configs of one repository, listed by one walk
 * and each parsed once, for every probe that reads them (the pinning and update rules, the
 * subprocessor scan). The walk is the working tree's ({@link WorkingTree}: git's list of files
 * that could be committed, or a plain walk without git), without the folders
 * {@link FolderWalk#NOT_SOURCE} names unless the policy's include_folders asks for them (git
 * lists a committed vendor/ too: its manifests are not the product's). One cap set:
 * {@link Limits#DEFAULTS}.
 */
public final class RepositoryManifests {
  /**
   * @param maxEntries files of the working tree listed before the listing stops
   * @param maxManifests manifests and lock files kept
   * @param maxFileBytes a manifest larger than this is a problem, not read
   * @param budget wall-clock time of the listing and the reading together
   */
  public record Limits(int maxEntries, int maxManifests, long maxFileBytes, Duration budget) {
    public static final Limits DEFAULTS = new Limits(100_000, 2_000, 8L << 20,
        Duration.ofSeconds(60));
  }

  /** A file's parsed form, or why it could not be had. */
  public interface Parser<T> {
    T parse(String text) throws MalformedManifest;
  }

  private final Path root;
  private final List<String> files;
  private final String failure;
  private final List<String> notes;
  private final String cut;
  private final Limits limits;
  private final Deadline deadline;
  private final Map<String, Object> parsed = new ConcurrentHashMap<>();
  private final Map<String, Object> texts = new ConcurrentHashMap<>();

  private RepositoryManifests(Path root, List<String> files, String failure, List<String> notes,
      String cut, Limits limits, Deadline deadline) {
    this.root = root;
    this.files = List.copyOf(files);
    this.failure = failure;
    this.notes = List.copyOf(notes);
    this.cut = cut;
    this.limits = limits;
    this.deadline = deadline;
  }

  /** Lists the repository once (git when it is a repository, else a folder walk). */
  public static RepositoryManifests list(Path root, List<String> include, String gitExecutable,
      Limits limits) {
    Deadline deadline = Deadline.in(limits.budget());
    WorkingTree tree = WorkingTree.list(root, gitExecutable, limits.maxEntries(), deadline,
        include);
    if (tree.failure() != null) {
      return new RepositoryManifests(root, List.of(), tree.failure(), List.of(), null, limits,
          deadline);
    }
    var skip = new FolderWalk.Rules(FolderWalk.NOT_SOURCE, false).asking(include).skipFolders();
    List<String> kept = new ArrayList<>();
    List<String> cuts = new ArrayList<>();
    for (String f : tree.files()) {
      if (FolderWalk.skipped(f, skip) || !isManifest(f)) {
        continue;
      }
      if (kept.size() >= limits.maxManifests()) {
        cuts.add("only the first " + limits.maxManifests() + " manifests read (manifest cap)");
        break;
      }
      kept.add(f);
    }
    tree.notes().stream().filter(n -> n.contains("cap") || n.contains("budget")
        || n.contains("stopped")).forEach(cuts::add);
    return new RepositoryManifests(root, kept, null, tree.notes(), cuts.isEmpty() ? null
        : String.join("; ", cuts), limits, deadline);
  }

  /** Whether a path is a file these probes read (by name; any folder). */
  static boolean isManifest(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("package.json") || n.equals("package-lock.json")
        || n.equals("npm-shrinkwrap.json") || n.equals("pom.xml") || n.equals("pyproject.toml")
        || n.equals("pipfile") || n.equals("go.mod") || n.equals("gemfile")
        || n.equals("cargo.toml") || LockFiles.isLockFile(path)
        || n.startsWith("requirements") && n.endsWith(".txt")
        || path.matches("(.*/)?requirements/[\\w.-]+\\.txt")
        || RepositoryDependenciesProbe.RENOVATE.contains(path)
        || RepositoryDependenciesProbe.DEPENDABOT.contains(path);
  }

  public Path root() {
    return root;
  }

  /** The manifests, lock files and update configs, relative to the root, sorted. */
  public List<String> files() {
    return files;
  }

  /** Why the repository could not be listed at all, or null. */
  public String failure() {
    return failure;
  }

  /** What the listing said (not a git repository, links not followed, caps). */
  public List<String> notes() {
    return notes;
  }

  /** Which cap left files out, or null. */
  public String cut() {
    return cut;
  }

  /** Whether the time budget is spent: callers stop reading and say so. */
  public boolean outOfTime() {
    return deadline.passed();
  }

  /** The budget, for the message of a caller that stopped. */
  public Duration budget() {
    return limits.budget();
  }

  /**
   * The file parsed by {@code parser}, read and parsed once whichever probe asks first; the same
   * fault for every caller when it cannot be read.
   */
  public <T> T parse(String rel, String kind, Parser<T> parser) throws MalformedManifest {
    return once(parsed, rel + "\0" + kind, () -> parser.parse(text(rel)));
  }

  /** The file as UTF-8 text, read once; binary, oversized or unreadable is the same fault. */
  private String text(String rel) throws MalformedManifest {
    return once(texts, rel, () -> decode(rel));
  }

  /** A reading of the repository that may find the file malformed. */
  private interface Reading<T> {
    T read() throws MalformedManifest;
  }

  /**
   * The value under {@code key}, read by the first caller; a fault is kept like a value, so every
   * later caller gets the same fault without reading the file again.
   */
  @SuppressWarnings("unchecked")
  private static <T> T once(Map<String, Object> memo, String key, Reading<T> reading)
      throws MalformedManifest {
    Object result = memo.computeIfAbsent(key, k -> {
      try {
        return reading.read();
      } catch (MalformedManifest e) {
        return e;
      }
    });
    if (result instanceof MalformedManifest e) {
      throw new MalformedManifest(e.line(), e.column(), e.getMessage());
    }
    return (T) result;
  }

  /** The file as UTF-8 text, read no further than the cap. */
  private String decode(String rel) throws MalformedManifest {
    byte[] bytes;
    try {
      bytes = CappedFile.head(root.resolve(rel), limits.maxFileBytes());
    } catch (IOException e) {
      throw new MalformedManifest(0, "cannot read: " + TextReader.describe(e));
    }
    if (bytes.length > limits.maxFileBytes()) {
      throw new MalformedManifest(0, "larger than " + limits.maxFileBytes() + " bytes; not read");
    }
    int nul = CappedFile.firstNul(bytes, 8192);
    if (nul >= 0) {
      throw new MalformedManifest(0, "binary content (a NUL byte at offset " + nul + ")");
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new MalformedManifest(0, "not UTF-8 text");
    }
  }

  /**
   * One listing per repository for a whole run: the probes that read manifests ask this instead
   * of walking again. Made per run by the scan, never shared between runs.
   */
  public static final class PerRun {
    private final Map<String, RepositoryManifests> byRoot = new ConcurrentHashMap<>();
    private final String gitExecutable;
    private final Limits limits;

    public PerRun(String gitExecutable, Limits limits) {
      this.gitExecutable = gitExecutable;
      this.limits = limits;
    }

    public RepositoryManifests of(Path root, List<String> include) {
      return byRoot.computeIfAbsent(root.toAbsolutePath().normalize() + "\0" + include,
          k -> list(root, include, gitExecutable, limits));
    }
  }
}
