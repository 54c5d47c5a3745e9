package dev.secaudit.probe.deps;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.local.CappedFile;
import dev.secaudit.probe.local.Deadline;
import dev.secaudit.probe.manifest.MalformedManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the dependency manifests of each policy repository: package.json, package-lock.json,
 * pom.xml, requirements*.txt, pyproject.toml, go.mod and Gemfile, anywhere in the working tree
 * (monorepos keep one per package) except in vendored or generated folders. Symbolic links are
 * not followed (no loops, no escaping the tree); every file, count, depth and time is capped, and
 * a manifest it cannot read is a recorded problem, never an exception.
 */
public final class DependencyProbe {
  /** Folders of installed, vendored or generated code: their manifests are not the product's. */
  private static final Set<String> SKIPPED = Set.of(".git", ".hg", ".svn", "node_modules",
      "bower_components", "vendor", ".venv", "venv", "env", "__pycache__", ".tox", "target",
      "build", "dist", ".gradle", ".idea", ".next", "site-packages");

  /**
   * @param maxFileBytes a manifest larger than this is a problem, not read
   * @param maxEntries files and folders looked at before the walk stops
   * @param maxDepth folder levels below the root
   * @param maxMillis wall-clock budget of one repository
   */
  public record Limits(long maxFileBytes, int maxEntries, int maxManifests, int maxDepth,
      long maxMillis) {
    public static final Limits DEFAULTS = new Limits(8L << 20, 100_000, 2_000, 12, 30_000);
  }

  private final Limits limits;

  public DependencyProbe(Limits limits) {
    this.limits = limits;
  }

  /** One observation per repository of the policy, in policy order. */
  public List<SourceObservation> observe(LoadedPolicy loaded, Redactor redactor, Clock clock) {
    List<SourceObservation> out = new ArrayList<>();
    for (Policy.Repository r : loaded.policy().repositories()) {
      out.add(observe(r.name(), loaded.resolve(r.path()), redactor, clock));
    }
    return out;
  }

  DependencyObservation observe(String name, Path root, Redactor redactor, Clock clock) {
    String location = "git:" + root;
    if (!Files.isDirectory(root)) {
      return new DependencyObservation(name, location, Files.exists(root)
          ? root + " is not a folder" : root + " does not exist", List.of(), List.of(),
          List.of(), null, List.of());
    }
    Walk walk = new Walk(root, Deadline.in(Duration.ofMillis(limits.maxMillis())));
    try {
      Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class),
          limits.maxDepth(), walk);
    } catch (IOException | RuntimeException e) {
      return new DependencyObservation(name, location, "cannot walk " + root + ": " + e,
          List.of(), List.of(), List.of(), null, List.of());
    }
    walk.found.sort(Comparator.naturalOrder());
    List<String> manifests = new ArrayList<>();
    List<Dependency> deps = new ArrayList<>();
    List<ManifestProblem> problems = new ArrayList<>(walk.problems);
    String cut = walk.cut;
    for (String rel : walk.found) {
      if (cut == null && walk.deadline.passed()) {
        cut = "the time budget of " + limits.maxMillis() + " ms ran out";
      }
      if (cut != null) {
        break;
      }
      manifests.add(rel);
      try {
        deps.addAll(parse(rel, read(root.resolve(rel))));
      } catch (MalformedManifest e) {
        problems.add(new ManifestProblem(rel, e.line(), e.getMessage()));
      }
    }
    problems.sort(Comparator.comparing(ManifestProblem::file));
    Artifact listing = Artifact.of(DependencyObservation.artifactId(name), name,
        "dependency-manifests", clock.instant(), manifests.size() + " manifest(s), "
            + deps.size() + " dependencies", redactor.text(listing(manifests, deps, problems, cut)));
    return new DependencyObservation(name, location, null, manifests, deps, problems, cut,
        List.of(listing));
  }

  /** Which parser reads a file, by its name; null for files that are no manifest. */
  static String kind(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.equals("package.json") || n.equals("package-lock.json") || n.equals("pom.xml")
        || n.equals("pyproject.toml") || n.equals("go.mod") || n.equals("gemfile")) {
      return n;
    }
    if (n.startsWith("requirements") && n.endsWith(".txt")) {
      return "requirements.txt";
    }
    return null;
  }

  static List<Dependency> parse(String rel, String text) throws MalformedManifest {
    String kind = kind(Path.of(rel).getFileName().toString());
    return switch (kind) {
      case "package.json" -> NpmManifests.packageJson(rel, text);
      case "package-lock.json" -> NpmManifests.packageLock(rel, text);
      case "pom.xml" -> PomManifest.parse(rel, text);
      case "pyproject.toml" -> PythonManifests.pyproject(rel, text);
      case "requirements.txt" -> PythonManifests.requirements(rel, text);
      case "go.mod" -> GoMod.parse(rel, text);
      case "gemfile" -> Gemfile.parse(rel, text);
      default -> throw new IllegalArgumentException(rel);
    };
  }

  /** The file as UTF-8 text, read no further than the cap; binary or oversized is a problem. */
  private String read(Path file) throws MalformedManifest {
    byte[] bytes;
    try {
      bytes = CappedFile.head(file, limits.maxFileBytes());
    } catch (IOException e) {
      throw new MalformedManifest(0, "cannot read: " + e.getMessage());
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

  private static String listing(List<String> manifests, List<Dependency> deps,
      List<ManifestProblem> problems, String cut) {
    StringBuilder sb = new StringBuilder("manifests:\n");
    manifests.forEach(m -> sb.append("  ").append(m).append('\n'));
    sb.append("dependencies:\n");
    deps.forEach(d -> sb.append("  ").append(d.place()).append(' ').append(d.ecosystem())
        .append(' ').append(d.name()).append('\n'));
    if (!problems.isEmpty()) {
      sb.append("problems:\n");
      problems.forEach(p -> sb.append("  ").append(p.place()).append(' ').append(p.reason())
          .append('\n'));
    }
    if (cut != null) {
      sb.append("stopped early: ").append(cut).append('\n');
    }
    return sb.toString();
  }

  /** Collects manifest paths; regular files only, so FIFOs and devices are never opened. */
  private final class Walk extends SimpleFileVisitor<Path> {
    final Path root;
    final Deadline deadline;
    final List<String> found = new ArrayList<>();
    final List<ManifestProblem> problems = new ArrayList<>();
    String cut;
    int entries;

    Walk(Path root, Deadline deadline) {
      this.root = root;
      this.deadline = deadline;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      if (!dir.equals(root) && SKIPPED.contains(dir.getFileName().toString())) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      return count();
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if (attrs.isRegularFile() && kind(file.getFileName().toString()) != null) {
        if (found.size() >= limits.maxManifests()) {
          cut = "more than " + limits.maxManifests() + " manifests";
          return FileVisitResult.TERMINATE;
        }
        found.add(root.relativize(file).toString().replace('\\', '/'));
      }
      return count();
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      problems.add(new ManifestProblem(root.relativize(file).toString().replace('\\', '/'), 0,
          "cannot be read: " + e.getClass().getSimpleName()));
      return count();
    }

    private FileVisitResult count() {
      if (++entries > limits.maxEntries()) {
        cut = "more than " + limits.maxEntries() + " files and folders";
        return FileVisitResult.TERMINATE;
      }
      if (deadline.passed()) {
        cut = "the time budget of " + limits.maxMillis() + " ms ran out";
        return FileVisitResult.TERMINATE;
      }
      return FileVisitResult.CONTINUE;
    }
  }
}
