package dev.secaudit.probe.hygiene;

import dev.secaudit.probe.local.CappedFile;
import dev.secaudit.probe.manifest.Declaration;
import dev.secaudit.probe.manifest.GoModule;
import dev.secaudit.probe.manifest.MalformedManifest;
import dev.secaudit.probe.manifest.NpmManifest;
import dev.secaudit.probe.manifest.PomFile;
import dev.secaudit.probe.manifest.PythonManifest;
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
  /** What a reader found. */
  record Declared(int dependencies, List<DependencySetup.Unpinned> unpinned) {}

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
    for (Declaration d : manifest.declarations()) {
      if (d.section().equals("peerDependencies")) {
        continue;
      }
      count++;
      if (!EXACT_SEMVER.matcher(d.spec().trim()).matches()) {
        open.add(new DependencySetup.Unpinned(d.name(), d.spec(), d.line(),
            "a range: the lock file decides the version"));
      }
    }
    return new Declared(count, open);
  }

  /**
   * requirements*.txt: every line that installs something (named, editable, URL) counts; it is
   * pinned by exactly one == (or ===), or for a direct URL by its #sha256= digest.
   */
  static Declared requirements(String text) {
    int count = 0;
    List<DependencySetup.Unpinned> open = new ArrayList<>();
    for (RequirementsFile.Line l : RequirementsFile.parse(text)) {
      if (!l.installs()) {
        continue; // includes (-r/-c) are read as files of their own; options install nothing
      }
      count++;
      boolean pinned = l.kind() == RequirementsFile.Kind.PINNED
          || l.kind() == RequirementsFile.Kind.URL && l.name() != null
              && l.spec().contains("#sha256=");
      if (!pinned) {
        String name = l.name() != null ? l.name() : l.spec().split("\\s", 2)[0];
        String spec = l.spec().length() > 80 ? l.spec().substring(0, 80) + "…" : l.spec();
        open.add(new DependencySetup.Unpinned(name, spec, l.line(), "not pinned with =="));
      }
    }
    return new Declared(count, open);
  }

  /**
   * pyproject.toml: PEP 621 dependencies or Poetry's; the versions are pinned by a lock file.
   * Optional dependencies (extras) are installed on request only and are not counted.
   */
  static Declared pyproject(String text) throws MalformedManifest {
    int count = 0;
    for (Declaration d : PythonManifest.pyproject(text)) {
      count += d.section().equals("project.optional-dependencies") ? 0 : 1;
    }
    return new Declared(count, List.of());
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

  /** go.mod: require directives, single or in a block; go.sum pins them. */
  static Declared goMod(String text) throws MalformedManifest {
    return new Declared(GoModule.requires(text).size(), List.of());
  }

  /**
   * pom.xml: versions of dependencies, plugins, extensions and the parent; a version range,
   * LATEST or RELEASE is never pinned, a SNAPSHOT only in a SNAPSHOT build. ${properties} of the
   * pom itself are resolved; a version from elsewhere (a parent, a BOM) is not judged here.
   */
  static Declared maven(PomFile pom) {
    List<DependencySetup.Unpinned> open = new ArrayList<>();
    String self = pom.resolve(pom.projectVersion());
    boolean snapshotBuild = self != null && self.endsWith("-SNAPSHOT");
    int dependencies = 0;
    for (PomFile.Coordinates c : pom.coordinates()) {
      if (c.element().equals("dependency")) {
        dependencies++;
      }
      if (c.version() == null) {
        continue;
      }
      String v = pom.resolve(c.version());
      String why = v.matches("[\\[(].*[\\])]") || v.contains(",") ? "a version range"
          : v.equals("LATEST") || v.equals("RELEASE") ? v + " moves with every release"
          : v.endsWith("-SNAPSHOT") && !snapshotBuild ? "a SNAPSHOT in a release build"
          : null;
      if (why != null) {
        open.add(new DependencySetup.Unpinned(
            (c.group() == null ? "" : c.group() + ":") + c.artifact(), c.version(),
            c.versionLine(), why));
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
