package dev.secaudit.probe.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.local.Deadline;
import dev.secaudit.probe.local.FolderWalk;
import dev.secaudit.probe.manifest.MalformedManifest;
import dev.secaudit.probe.manifest.NpmManifest;
import dev.secaudit.probe.manifest.PomFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds each repository's dependency manifests (npm, Maven, Python, Go), the lock files that
 * cover them and the dependency-update configs (Dependabot, Renovate), for repositories whose
 * policy entry asks for lock_files or dependency_updates. Never throws: a manifest that cannot be
 * parsed is a note, a repository that cannot be listed a failure.
 */
public final class RepositoryDependenciesProbe {
  /** Renovate's config locations (renovatebot docs: configuration options, file locations). */
  static final List<String> RENOVATE = List.of("renovate.json", "renovate.json5",
      ".renovaterc", ".renovaterc.json", ".renovaterc.json5", ".github/renovate.json",
      ".github/renovate.json5", ".gitlab/renovate.json", ".gitlab/renovate.json5");
  static final List<String> DEPENDABOT = List.of(".github/dependabot.yml",
      ".github/dependabot.yaml");
  private static final long MAX_MANIFEST = 4L << 20;

  private final int maxFiles;
  private final Duration budget;
  private final String gitExecutable;
  private final Clock clock;

  public RepositoryDependenciesProbe(int maxFiles, Duration budget, String gitExecutable,
      Clock clock) {
    this.maxFiles = maxFiles;
    this.budget = budget;
    this.gitExecutable = gitExecutable;
    this.clock = clock;
  }

  public static RepositoryDependenciesProbe standard(Clock clock) {
    return new RepositoryDependenciesProbe(20_000, Duration.ofSeconds(60), "git", clock);
  }

  public List<SourceObservation> observe(LoadedPolicy loaded) {
    List<SourceObservation> out = new ArrayList<>();
    for (Policy.Repository r : loaded.policy().repositories()) {
      if ((r.lockFiles() || r.dependencyUpdates()) && r.name() != null && r.path() != null) {
        out.add(read(r.name(), loaded.resolve(r.path()), r.includeFolders()));
      }
    }
    return out;
  }

  DependencySetup read(String name, Path root, List<String> include) {
    WorkingTree tree = WorkingTree.list(root, gitExecutable, maxFiles, Deadline.in(budget),
        include);
    Set<String> skip = new FolderWalk.Rules(FolderWalk.NOT_SOURCE, false).asking(include)
        .skipFolders();
    String location = "git:" + root;
    if (tree.failure() != null) {
      return new DependencySetup(name, location, tree.failure(), List.of(), List.of(), null,
          List.of(), clock.instant());
    }
    Set<String> files = new TreeSet<>(tree.files());
    List<DependencySetup.Manifest> manifests = new ArrayList<>();
    List<String> notes = new ArrayList<>(tree.notes());
    List<String> configs = new ArrayList<>();
    for (String f : files) {
      String file = f.substring(f.lastIndexOf('/') + 1);
      String folder = f.contains("/") ? f.substring(0, f.lastIndexOf('/') + 1) : "";
      try {
        switch (FolderWalk.skipped(f, skip) ? "" : ecosystemOf(f, file)) {
          case "npm" -> {
            NpmManifest npm = NpmManifest.packageJson(Manifests.read(root.resolve(f),
                MAX_MANIFEST));
            manifests.add(manifest("npm", f, Manifests.npm(npm),
                lockIn(files, folder, LockFiles.NPM, true), true));
            if (npm.topLevelKeys().contains("renovate")) {
              configs.add(f + " (renovate key)");
            }
          }
          case "maven" -> manifests.add(manifest("maven", f, Manifests.maven(PomFile.read(
              Manifests.read(root.resolve(f), MAX_MANIFEST))), null, false));
          case "requirements" -> manifests.add(manifest("pip", f,
              Manifests.requirements(Manifests.read(root.resolve(f), MAX_MANIFEST)),
              lockIn(files, folder, LockFiles.PYTHON, true), false));
          case "pyproject" -> manifests.add(manifest("pip", f,
              Manifests.pyproject(Manifests.read(root.resolve(f), MAX_MANIFEST)),
              lockIn(files, folder, LockFiles.PYTHON, true), true));
          case "pipfile" -> manifests.add(manifest("pip", f,
              Manifests.pipfile(Manifests.read(root.resolve(f), MAX_MANIFEST)),
              lockIn(files, folder, List.of("Pipfile.lock"), false), true));
          case "gomod" -> manifests.add(manifest("gomod", f,
              Manifests.goMod(Manifests.read(root.resolve(f), MAX_MANIFEST)),
              lockIn(files, folder, LockFiles.GO, false), true));
          default -> { }
        }
      } catch (MalformedManifest e) {
        notes.add(f + " not read: " + (e.line() > 0 ? "line " + e.line() + ": " : "")
            + e.getMessage());
      } catch (IOException | RuntimeException e) {
        notes.add(f + " not read: " + TextReader.describe(e));
      }
      if (RENOVATE.contains(f) || DEPENDABOT.contains(f)) {
        configs.add(f);
      }
    }
    List<String> ecosystems = null;
    for (String d : DEPENDABOT) {
      if (files.contains(d)) {
        ecosystems = dependabotEcosystems(root.resolve(d), notes);
      }
    }
    return new DependencySetup(name, location, null, manifests, configs, ecosystems, notes,
        clock.instant());
  }

  /** Git lists vendored and generated files too: the caller skips those manifests first. */
  private static String ecosystemOf(String path, String file) {
    return switch (file) {
      case "package.json" -> "npm";
      case "pom.xml" -> "maven";
      case "pyproject.toml" -> "pyproject";
      case "Pipfile" -> "pipfile";
      case "go.mod" -> "gomod";
      default -> file.matches("requirements[\\w.-]*\\.txt")
          || path.matches("(.*/)?requirements/[\\w.-]+\\.txt") ? "requirements" : "";
    };
  }

  private static DependencySetup.Manifest manifest(String ecosystem, String path,
      Manifests.Declared d, String lock, boolean needsLock) {
    return new DependencySetup.Manifest(ecosystem, path, d.dependencies(), lock, needsLock,
        d.unpinned());
  }

  /**
   * The lock file beside the manifest or, for workspaces (npm, uv, Poetry), in a parent folder up
   * to the repository root.
   */
  static String lockIn(Set<String> files, String folder, List<String> names, boolean parents) {
    String dir = folder;
    while (true) {
      for (String n : names) {
        if (files.contains(dir + n)) {
          return dir + n;
        }
      }
      if (!parents || dir.isEmpty()) {
        return null;
      }
      String trimmed = dir.substring(0, dir.length() - 1);
      dir = trimmed.contains("/") ? trimmed.substring(0, trimmed.lastIndexOf('/') + 1) : "";
    }
  }

  private static List<String> dependabotEcosystems(Path file, List<String> notes) {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory())
          .readTree(Manifests.read(file, MAX_MANIFEST));
      List<String> out = new ArrayList<>();
      for (JsonNode u : root.path("updates")) {
        if (u.hasNonNull("package-ecosystem")) {
          out.add(u.get("package-ecosystem").asText());
        }
      }
      return out;
    } catch (IOException | RuntimeException e) {
      notes.add(file.getFileName() + " not read: " + TextReader.describe(e));
      return null;
    }
  }
}
