package dev.secaudit.probe.hygiene;

import java.util.List;
import java.util.Set;

/** Lock files by ecosystem: what pins a manifest's whole dependency tree. */
final class LockFiles {
  static final List<String> NPM = List.of("package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
      "pnpm-lock.yaml", "bun.lock", "bun.lockb");
  static final List<String> PYTHON = List.of("poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock");
  static final List<String> GO = List.of("go.sum");

  private static final Set<String> OTHERS = Set.of("Cargo.lock", "composer.lock", "Gemfile.lock",
      "gradle.lockfile", "packages.lock.json", "flake.lock");

  private LockFiles() {}

  /** Lock files hold integrity hashes: high entropy by design, not secrets. */
  static boolean isLockFile(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return NPM.contains(name) || PYTHON.contains(name) || GO.contains(name)
        || OTHERS.contains(name) || name.endsWith(".lock");
  }
}
