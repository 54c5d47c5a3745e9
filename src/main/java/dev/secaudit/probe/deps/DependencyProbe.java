package dev.secaudit.probe.deps;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Repository;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.hygiene.RepositoryManifests;
import dev.secaudit.probe.manifest.Declaration;
import dev.secaudit.probe.manifest.Gemfile;
import dev.secaudit.probe.manifest.GoModule;
import dev.secaudit.probe.manifest.LockFile;
import dev.secaudit.probe.manifest.MalformedManifest;
import dev.secaudit.probe.manifest.NpmManifest;
import dev.secaudit.probe.manifest.PomFile;
import dev.secaudit.probe.manifest.PythonManifest;
import dev.secaudit.probe.manifest.RequirementsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Reads the dependency manifests and lock files of each policy repository for the vendor SDKs
 * they name: package.json, package-lock.json, yarn.lock, pnpm-lock.yaml, pom.xml,
 * requirements*.txt, pyproject.toml, poetry.lock, uv.lock, go.mod, Gemfile, Gemfile.lock and
 * Cargo.lock, anywhere in the working tree. The files come from the repository's one listing
 * ({@link RepositoryManifests}: its walk, skip list and caps), each parsed once for every probe
 * that reads it. A lock file contributes the packages the project itself depends on where its
 * format says which (pnpm importers, Berry workspaces, Gemfile.lock DEPENDENCIES, uv and Cargo
 * workspace members); yarn v1 and poetry.lock do not, so every package they lock counts. A
 * cap that left something out is the observation's cut, and a manifest it cannot read is a
 * recorded problem, never an exception.
 */
public final class DependencyProbe {
  private final RepositoryManifests.PerRun listings;

  public DependencyProbe(RepositoryManifests.PerRun listings) {
    this.listings = listings;
  }

  /** One observation per repository of the policy, in policy order. */
  public List<SourceObservation> observe(LoadedPolicy loaded, Redactor redactor, Clock clock) {
    List<SourceObservation> out = new ArrayList<>();
    for (Repository r : loaded.policy().repositories()) {
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
    RepositoryManifests repo = listings.of(root, include);
    if (repo.failure() != null) {
      return new DependencyObservation(name, location, repo.failure(), List.of(), List.of(),
          List.of(), null, List.of());
    }
    List<String> manifests = new ArrayList<>();
    List<Dependency> deps = new ArrayList<>();
    List<ManifestProblem> problems = new ArrayList<>();
    String cut = repo.cut();
    for (String rel : repo.files()) {
      if (kind(Path.of(rel).getFileName().toString()) == null) {
        continue;
      }
      // The manifests a capped listing found are still read; only the clock stops the reading.
      if (repo.outOfTime()) {
        cut = (cut == null ? "" : cut + "; ") + "the time budget of "
            + repo.budget().toMillis() + " ms ran out";
        break;
      }
      manifests.add(rel);
      try {
        deps.addAll(parse(repo, rel));
      } catch (MalformedManifest e) {
        problems.add(new ManifestProblem(rel, e.line(), e.column(), e.getMessage()));
      }
    }
    problems.sort(Comparator.comparing(ManifestProblem::file));
    Artifact listing = Artifact.of(DependencyObservation.artifactId(name), name,
        ArtifactKind.Known.DEPENDENCY_MANIFESTS, clock.instant(),
        manifests.size() + " manifest(s), " + deps.size() + " dependencies",
        redactor.text(listing(manifests, deps, problems, cut)));
    return new DependencyObservation(name, location, null, manifests, deps, problems, cut,
        List.of(listing));
  }

  /** Which parser reads a file, by its name; null for files that are no manifest read here. */
  static String kind(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.equals("package.json") || n.equals("package-lock.json") || n.equals("pom.xml")
        || n.equals("pyproject.toml") || n.equals("go.mod") || n.equals("gemfile")
        || LockFile.NAMES.contains(n)) {
      return n;
    }
    if (n.startsWith("requirements") && n.endsWith(".txt")) {
      return "requirements.txt";
    }
    return null;
  }

  private static List<Dependency> parse(RepositoryManifests repo, String rel)
      throws MalformedManifest {
    String kind = kind(Path.of(rel).getFileName().toString());
    return switch (kind) {
      case "package.json" -> NpmManifests.dependencies(rel,
          repo.parse(rel, "package.json", NpmManifest::packageJson));
      case "package-lock.json" -> NpmManifests.dependencies(rel,
          repo.parse(rel, "package-lock", NpmManifest::packageLock));
      case "pom.xml" -> PomManifest.dependencies(rel, repo.parse(rel, "pom.xml", PomFile::read));
      case "pyproject.toml" -> PythonManifests.pypi(rel,
          repo.parse(rel, "pyproject", PythonManifest::pyproject));
      case "requirements.txt" -> PythonManifests.pypi(rel, PythonManifest.named(
          repo.parse(rel, "requirements", RequirementsFile::parse)));
      case "go.mod" -> of("go", rel, repo.parse(rel, "go.mod", GoModule::requires));
      case "gemfile" -> of("gem", rel, repo.parse(rel, "gemfile", Gemfile::gems));
      default -> {
        String file = Path.of(rel).getFileName().toString();
        LockFile lock = repo.parse(rel, "lock", text -> LockFile.read(file, text));
        yield of(lock.ecosystem(), rel, lock.direct());
      }
    };
  }

  /** The same parsing as a scan, for one file's text (tests and fuzzing). */
  static List<Dependency> parse(String rel, String text) throws MalformedManifest {
    String kind = kind(Path.of(rel).getFileName().toString());
    return switch (kind) {
      case "package.json" -> NpmManifests.dependencies(rel, NpmManifest.packageJson(text));
      case "package-lock.json" -> NpmManifests.dependencies(rel, NpmManifest.packageLock(text));
      case "pom.xml" -> PomManifest.dependencies(rel, PomFile.read(text));
      case "pyproject.toml" -> PythonManifests.pypi(rel, PythonManifest.pyproject(text));
      case "requirements.txt" -> PythonManifests.pypi(rel,
          PythonManifest.named(RequirementsFile.parse(text)));
      case "go.mod" -> of("go", rel, GoModule.requires(text));
      case "gemfile" -> of("gem", rel, Gemfile.gems(text));
      default -> {
        LockFile lock = LockFile.read(Path.of(rel).getFileName().toString(), text);
        yield of(lock.ecosystem(), rel, lock.direct());
      }
    };
  }

  private static List<Dependency> of(String ecosystem, String file, List<Declaration> declared) {
    return declared.stream().map(d -> new Dependency(ecosystem, d.name(), file, d.line()))
        .toList();
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
