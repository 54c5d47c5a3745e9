package dev.secaudit.probe.hygiene;

import dev.secaudit.probe.local.CappedFile;
import dev.secaudit.probe.manifest.Declaration;
import dev.secaudit.probe.manifest.MalformedManifest;
import dev.secaudit.probe.manifest.NpmManifest;
import dev.secaudit.probe.manifest.PomFile;
import dev.secaudit.probe.manifest.PomTree;
import dev.secaudit.probe.manifest.RequirementsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the dependency declarations of one manifest: how many there are and which leave their
 * version open. Each reader is small and forgiving: what it cannot parse becomes an exception
 * the probe records, never a guess.
 */
final class Manifests {
  /**
   * What a reader found.
   *
   * @param names the packages a lock file must pin (empty where the manifest pins them itself)
   */
  record Declared(int dependencies, List<DependencySetup.Unpinned> unpinned, List<String> names) {
    Declared(int dependencies, List<DependencySetup.Unpinned> unpinned) {
      this(dependencies, unpinned, List.of());
    }
  }

  private static final Pattern EXACT_SEMVER =
      Pattern.compile("=?v?\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?");

  private Manifests() {}

  /**
   * package.json: dependencies, devDependencies, optionalDependencies (peer dependencies are the
   * host's to install, so no lock file here pins them).
   */
  static Declared npm(NpmManifest manifest) {
    int count = 0;
    List<DependencySetup.Unpinned> open = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Declaration d : manifest.declarations()) {
      if (d.section().equals("peerDependencies")) {
        continue;
      }
      count++;
      names.add(d.name());
      if (!EXACT_SEMVER.matcher(d.spec().trim()).matches()) {
        open.add(new DependencySetup.Unpinned(d.name(), d.spec(), d.line(),
            "a range: the lock file decides the version"));
      }
    }
    return new Declared(count, open, names);
  }

  /**
   * requirements*.txt: every line that installs something (named, editable, URL) counts; it is
   * pinned by exactly one == (or ===), or for a direct URL by its #sha256= digest.
   */
  static Declared requirements(List<RequirementsFile.Line> lines) {
    int count = 0;
    List<DependencySetup.Unpinned> open = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (RequirementsFile.Line l : lines) {
      if (!l.installs()) {
        continue; // includes (-r/-c) are read as files of their own; options install nothing
      }
      count++;
      boolean pinned = l.kind() == RequirementsFile.Kind.PINNED
          || l.kind() == RequirementsFile.Kind.URL && l.name() != null
              && l.spec().contains("#sha256=");
      if (!pinned) {
        if (l.name() != null) {
          names.add(l.name());
        }
        String name = l.name() != null ? l.name() : l.spec().split("\\s", 2)[0];
        String spec = l.spec().length() > 80 ? l.spec().substring(0, 80) + "…" : l.spec();
        open.add(new DependencySetup.Unpinned(name, spec, l.line(), "not pinned with =="));
      }
    }
    return new Declared(count, open, names);
  }

  /**
   * pyproject.toml: PEP 621 dependencies or Poetry's; the versions are pinned by a lock file.
   * Optional dependencies (extras) are installed on request only and are not counted.
   */
  static Declared pyproject(List<Declaration> declared) {
    return declared(declared.stream()
        .filter(d -> !d.section().equals("project.optional-dependencies")).toList());
  }

  /** go.mod's requires, a Gemfile's gems, Cargo.toml's crates: the lock file pins them all. */
  static Declared declared(List<Declaration> declared) {
    return new Declared(declared.size(), List.of(),
        declared.stream().map(Declaration::name).toList());
  }

  /**
   * The declared packages the lock file does not name (a stale lock: the install resolves them
   * afresh, or a frozen install refuses). Python names compare as PEP 503 normalises them.
   *
   * @param locked the lock's package names, or null when its format is not read
   */
  static List<String> notLocked(Declared d, java.util.Set<String> locked, String ecosystem) {
    if (locked == null) {
      return List.of();
    }
    java.util.Set<String> have = new java.util.HashSet<>();
    locked.forEach(n -> have.add(normalised(ecosystem, n)));
    return d.names().stream().filter(n -> !have.contains(normalised(ecosystem, n))).distinct()
        .toList();
  }

  private static String normalised(String ecosystem, String name) {
    return ecosystem.equals("pip") ? name.toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[-_.]+", "-") : name;
  }

  /** Pipfile: entries of [packages] and [dev-packages]. */
  static Declared pipfile(String text) {
    int count = 0;
    String section = "";
    for (String raw : text.lines().toList()) {
      String line = raw.replaceAll("(^|\\s)#.*", "").trim();
      if (line.startsWith("[")) {
        section = line;
      } else if ((section.equals("[packages]") || section.equals("[dev-packages]"))
          && line.contains("=")) {
        count++;
      }
    }
    return new Declared(count, List.of());
  }

  /**
   * pom.xml: versions of dependencies, plugins, extensions and the parent; a version range,
   * LATEST or RELEASE is never pinned, a SNAPSHOT only in a SNAPSHOT build. ${properties} are
   * resolved through the pom's parents, and a dependency without a version takes the one the
   * dependencyManagement of the pom, its parents or their imported BOMs gives, as far as those
   * poms are in the repository; a version only a pom from elsewhere could give is not judged.
   */
  static Declared maven(PomTree tree, String path, PomFile pom) {
    List<DependencySetup.Unpinned> open = new ArrayList<>();
    String self = tree.resolve(path, pom.projectVersion());
    boolean snapshotBuild = self != null && self.endsWith("-SNAPSHOT");
    int dependencies = 0;
    for (PomFile.Coordinates c : pom.coordinates()) {
      boolean used = c.element().equals("dependency") && !c.managed();
      if (c.element().equals("dependency")) {
        dependencies++;
      }
      String v;
      String spec = c.version();
      int line = c.versionLine();
      if (c.version() != null) {
        v = tree.resolve(path, c.version());
      } else if (used) {
        PomTree.Version managed = tree.managedVersion(path, tree.resolve(path, c.group()),
            tree.resolve(path, c.artifact()));
        if (managed == null) {
          continue;
        }
        v = managed.value();
        spec = v + " (managed in " + managed.file() + ":" + managed.line() + ")";
        line = c.line();
      } else {
        continue;
      }
      String why = v.matches("[\\[(].*[\\])]") || v.contains(",") ? "a version range"
          : v.equals("LATEST") || v.equals("RELEASE") ? v + " moves with every release"
          : v.endsWith("-SNAPSHOT") && !snapshotBuild ? "a SNAPSHOT in a release build"
          : null;
      if (why != null) {
        open.add(new DependencySetup.Unpinned(
            (c.group() == null ? "" : c.group() + ":") + c.artifact(), spec, line, why));
      }
    }
    return new Declared(dependencies, open);
  }

  static String read(Path file, long max) throws IOException {
    byte[] bytes = CappedFile.head(file, max);
    if (bytes.length > max) {
      throw new IOException("larger than " + max + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
