package dev.secaudit.probe.deps;

import dev.secaudit.probe.manifest.Declaration;
import java.util.List;

/** requirements*.txt and pyproject.toml: every named package as a PyPI dependency of the file. */
final class PythonManifests {
  private PythonManifests() {}

  static List<Dependency> pypi(String file, List<Declaration> declared) {
    return declared.stream().map(d -> new Dependency("pypi", d.name(), file, d.line())).toList();
  }
}
