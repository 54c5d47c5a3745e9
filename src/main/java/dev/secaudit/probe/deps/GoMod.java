package dev.secaudit.probe.deps;

import dev.secaudit.probe.manifest.GoModule;
import dev.secaudit.probe.manifest.MalformedManifest;
import java.util.List;

/** go.mod's required modules as Go dependencies of the file. */
final class GoMod {
  private GoMod() {}

  static List<Dependency> parse(String file, String text) throws MalformedManifest {
    return GoModule.requires(text).stream()
        .map(d -> new Dependency("go", d.name(), file, d.line())).toList();
  }
}
