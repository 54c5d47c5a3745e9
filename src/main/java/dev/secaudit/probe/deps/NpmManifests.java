package dev.secaudit.probe.deps;

import dev.secaudit.probe.manifest.NpmManifest;
import java.util.List;

/** package.json and package-lock.json: every declared package, whatever its section. */
final class NpmManifests {
  private NpmManifests() {}

  static List<Dependency> dependencies(String file, NpmManifest m) {
    return m.declarations().stream()
        .map(d -> new Dependency("npm", d.name(), file, d.line())).toList();
  }
}
