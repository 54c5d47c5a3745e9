package dev.secaudit.probe.deps;

import dev.secaudit.probe.manifest.Declaration;
import dev.secaudit.probe.manifest.MalformedManifest;
import dev.secaudit.probe.manifest.PythonManifest;
import java.util.List;

/** requirements*.txt and pyproject.toml: every named package as a PyPI dependency of the file. */
final class PythonManifests {
  private PythonManifests() {}

  static List<Dependency> requirements(String file, String text) {
    return pypi(file, PythonManifest.requirements(text));
  }

  static List<Dependency> pyproject(String file, String text) throws MalformedManifest {
    return pypi(file, PythonManifest.pyproject(text));
  }

  private static List<Dependency> pypi(String file, List<Declaration> declared) {
    return declared.stream().map(d -> new Dependency("pypi", d.name(), file, d.line())).toList();
  }
}
