package dev.secaudit.probe.deps;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.local.CappedFile;
import dev.secaudit.probe.local.Deadline;
import dev.secaudit.probe.local.FolderWalk;
import dev.secaudit.probe.manifest.MalformedManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Reads the dependency manifests of each policy repository: package.json, package-lock.json,
 * pom.xml, requirements*.txt, pyproject.toml, go.mod and Gemfile, anywhere in the working tree
 * (monorepos keep one per package) except in the folders {@link FolderWalk#NOT_SOURCE} names
 * (version control, vendored, installed or generated code). Symbolic links are not followed
 * (no loops, no escaping the tree); every file, count, depth and time is capped, a cap that left
 * something out is the observation's cut, and a manifest it cannot read is a recorded problem,
 * never an exception.
 */
public final class DependencyProbe {
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
      out.add(observe(r.name(), loaded.resolve(r.path()), r.includeFolders(), redactor, clock));
    }
    return out;
  }

  DependencyObservation observe(String name, Path root, List<String> include,
      Redactor redactor, Clock clock) {
    String location = "git:" + root;
    if (!Files.isDirectory(root)) {
      return new DependencyObservation(name, location, Files.exists(root)
          ? root + " is not a folder" : root + " does not exist", List.of(), List.of(),
          List.of(), null, List.of());
    }
    Deadline deadline = Deadline.in(Duration.ofMillis(limits.maxMillis()));
    // Regular files only, so FIFOs and devices are never opened; links are not followed.
    FolderWalk.Result walk = FolderWalk.walk(root, new FolderWalk.Rules(FolderWalk.NOT_SOURCE,
        false).asking(include), new FolderWalk.Limits(limits.maxManifests(), limits.maxEntries(),
        limits.maxDepth(), deadline),
        (p, attrs) -> attrs.isRegularFile() && kind(p.getFileName().toString()) != null);
    List<String> found = new ArrayList<>();
    walk.files().forEach(f -> found.add(relative(root, f)));
    found.sort(Comparator.naturalOrder());
    List<String> manifests = new ArrayList<>();
    List<Dependency> deps = new ArrayList<>();
    List<ManifestProblem> problems = new ArrayList<>();
    walk.unlisted().forEach(u -> problems.add(new ManifestProblem(relative(root, u.path()), 0,
        "cannot be read: " + u.error().getClass().getSimpleName())));
    String cut = walk.cuts().isEmpty() ? null : String.join("; ", walk.cuts());
    for (String rel : found) {
      // The manifests a capped walk found are still read; only the clock stops the reading.
      if (deadline.passed()) {
        cut = (cut == null ? "" : cut + "; ") + "the time budget of " + limits.maxMillis()
            + " ms ran out";
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

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }
}
