package dev.secaudit.probe.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Repository;
import dev.secaudit.probe.SourceObservation;
import dev.secaudit.probe.manifest.CargoManifest;
import dev.secaudit.probe.manifest.Gemfile;
import dev.secaudit.probe.manifest.GoModule;
import dev.secaudit.probe.manifest.LockFile;
import dev.secaudit.probe.manifest.MalformedManifest;
import dev.secaudit.probe.manifest.NpmManifest;
import dev.secaudit.probe.manifest.PomFile;
import dev.secaudit.probe.manifest.PomTree;
import dev.secaudit.probe.manifest.PythonManifest;
import dev.secaudit.probe.manifest.RequirementsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  private final RepositoryManifests.PerRun listings;
  private final Clock clock;

  public RepositoryDependenciesProbe(RepositoryManifests.PerRun listings, Clock clock) {
    this.listings = listings;
    this.clock = clock;
  }

  public static RepositoryDependenciesProbe standard(Clock clock) {
    return new RepositoryDependenciesProbe(new RepositoryManifests.PerRun("git",
        RepositoryManifests.Limits.DEFAULTS), clock);
  }

  public List<SourceObservation> observe(LoadedPolicy loaded) {
    List<SourceObservation> out = new ArrayList<>();
    for (Repository r : loaded.policy().repositories()) {
      if ((r.lockFiles() || r.dependencyUpdates()) && r.name() != null && r.path() != null) {
        out.add(read(r.name(), loaded.resolve(r.path()), r.includeFolders()));
      }
    }
    return out;
  }

  DependencySetup read(String name, Path root, List<String> include) {
    RepositoryManifests repo = listings.of(root, include);
    String location = "git:" + root;
    if (repo.failure() != null) {
      return new DependencySetup(name, location, repo.failure(), List.of(), List.of(), null,
          List.of(), clock.instant());
    }
    Set<String> files = new TreeSet<>(repo.files());
    List<DependencySetup.Manifest> manifests = new ArrayList<>();
    List<String> notes = new ArrayList<>(repo.notes());
    List<String> configs = new ArrayList<>();
    PomTree poms = pomTree(repo);
    for (String f : files) {
      String file = f.substring(f.lastIndexOf('/') + 1);
      String folder = f.contains("/") ? f.substring(0, f.lastIndexOf('/') + 1) : "";
      try {
        switch (ecosystemOf(f, file)) {
          case "npm" -> {
            NpmManifest npm = repo.parse(f, "package.json", NpmManifest::packageJson);
            manifests.add(manifest(repo, "npm", f, Manifests.npm(npm),
                lockIn(files, folder, LockFiles.NPM, true), true, notes));
            if (npm.topLevelKeys().contains("renovate")) {
              configs.add(f + " (renovate key)");
            }
          }
          case "maven" -> manifests.add(manifest(repo, "maven", f, Manifests.maven(poms, f,
              repo.parse(f, "pom.xml", PomFile::read)), null, false, notes));
          case "requirements" -> manifests.add(manifest(repo, "pip", f,
              Manifests.requirements(repo.parse(f, "requirements", RequirementsFile::parse)),
              lockIn(files, folder, LockFiles.PYTHON, true), false, notes));
          case "pyproject" -> manifests.add(manifest(repo, "pip", f,
              Manifests.pyproject(repo.parse(f, "pyproject", PythonManifest::pyproject)),
              lockIn(files, folder, LockFiles.PYTHON, true), true, notes));
          case "pipfile" -> manifests.add(manifest(repo, "pip", f,
              Manifests.pipfile(repo.parse(f, "pipfile", text -> text)),
              lockIn(files, folder, List.of("Pipfile.lock"), false), true, notes));
          case "gomod" -> manifests.add(manifest(repo, "gomod", f,
              Manifests.declared(repo.parse(f, "go.mod", GoModule::requires)),
              lockIn(files, folder, LockFiles.GO, false), true, notes));
          case "bundler" -> manifests.add(manifest(repo, "bundler", f,
              Manifests.declared(repo.parse(f, "gemfile", Gemfile::gems)),
              lockIn(files, folder, List.of("Gemfile.lock"), false), true, notes));
          case "cargo" -> manifests.add(manifest(repo, "cargo", f,
              Manifests.declared(repo.parse(f, "cargo.toml", CargoManifest::dependencies)),
              lockIn(files, folder, List.of("Cargo.lock"), true), true, notes));
          default -> { }
        }
      } catch (MalformedManifest e) {
        notes.add(f + " not read: " + e.where()
            + e.getMessage());
      } catch (RuntimeException e) {
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

  /** Every readable pom of the repository, for parents and BOMs (a broken one is noted once). */
  private static PomTree pomTree(RepositoryManifests repo) {
    Map<String, PomFile> poms = new LinkedHashMap<>();
    for (String f : repo.files()) {
      if (f.equals("pom.xml") || f.endsWith("/pom.xml")) {
        try {
          poms.put(f, repo.parse(f, "pom.xml", PomFile::read));
        } catch (MalformedManifest e) {
          // noted where the pom is judged as a manifest
        }
      }
    }
    return new PomTree(poms);
  }

  /** Git lists vendored and generated files too: the caller skips those manifests first. */
  private static String ecosystemOf(String path, String file) {
    return switch (file) {
      case "package.json" -> "npm";
      case "pom.xml" -> "maven";
      case "pyproject.toml" -> "pyproject";
      case "Pipfile" -> "pipfile";
      case "go.mod" -> "gomod";
      case "Gemfile" -> "bundler";
      case "Cargo.toml" -> "cargo";
      default -> file.matches("requirements[\\w.-]*\\.txt")
          || path.matches("(.*/)?requirements/[\\w.-]+\\.txt") ? "requirements" : "";
    };
  }

  private static DependencySetup.Manifest manifest(RepositoryManifests repo, String ecosystem,
      String path, Manifests.Declared d, String lock, boolean needsLock, List<String> notes) {
    List<String> notLocked = List.of();
    if (lock != null) {
      try {
        notLocked = Manifests.notLocked(d, lockedNames(repo, lock, path), ecosystem);
      } catch (MalformedManifest e) {
        notes.add(lock + " not read: " + e.where()
            + e.getMessage() + "; whether it pins " + path + " is not judged");
      }
    }
    return new DependencySetup.Manifest(ecosystem, path, d.dependencies(), lock, needsLock,
        d.unpinned(), notLocked);
  }

  /**
   * Every package name the lock file pins, or null when its format is not read here (go.sum,
   * Pipfile.lock, pdm.lock, bun.lock) or, for package-lock.json, when it sits in a parent folder
   * (it then lists the workspace's own packages by path, which is not read).
   */
  private static Set<String> lockedNames(RepositoryManifests repo, String lock, String manifest)
      throws MalformedManifest {
    String name = lock.substring(lock.lastIndexOf('/') + 1);
    Set<String> out = new java.util.HashSet<>();
    if (name.equals("package-lock.json") || name.equals("npm-shrinkwrap.json")) {
      String lockFolder = lock.substring(0, lock.length() - name.length());
      if (!manifest.equals(lockFolder + "package.json")) {
        return null;
      }
      repo.parse(lock, "package-lock", NpmManifest::packageLock).declarations()
          .forEach(d -> out.add(d.name()));
      return out;
    }
    if (!LockFile.NAMES.contains(name.toLowerCase(java.util.Locale.ROOT))) {
      return null;
    }
    repo.parse(lock, "lock", text -> LockFile.read(name, text)).packages()
        .forEach(d -> out.add(d.name()));
    return out;
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
