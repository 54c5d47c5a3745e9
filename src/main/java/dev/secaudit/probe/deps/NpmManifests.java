package dev.secaudit.probe.deps;

import dev.secaudit.probe.manifest.MalformedManifest;
import dev.secaudit.probe.manifest.NpmManifest;
import java.util.List;

/** package.json and package-lock.json: every declared package, whatever its section. */
final class NpmManifests {
  private NpmManifests() {}

  static List<Dependency> packageJson(String file, String text) throws MalformedManifest {
    return dependencies(file, NpmManifest.packageJson(text));
  }

  static List<Dependency> packageLock(String file, String text) throws MalformedManifest {
    return dependencies(file, NpmManifest.packageLock(text));
  }

  private static List<Dependency> dependencies(String file, NpmManifest m) {
    return m.declarations().stream()
        .map(d -> new Dependency("npm", d.name(), file, d.line())).toList();
  }
}
