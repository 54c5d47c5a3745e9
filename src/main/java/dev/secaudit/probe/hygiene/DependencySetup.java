package dev.secaudit.probe.hygiene;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.probe.SourceArtifact;
import dev.secaudit.probe.SourceObservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How a repository pins and updates its dependencies: every manifest found (npm, Maven, Python,
 * Go, Ruby, Rust) with its lock file and the versions it leaves open, and the update-automation configs.
 *
 * @param updateConfigs Dependabot and Renovate config files found (paths)
 * @param dependabotEcosystems the package-ecosystem values of .github/dependabot.yml's updates,
 *     or null when there is no Dependabot config or it could not be read
 */
public record DependencySetup(String source, String location, String failure,
    List<Manifest> manifests, List<String> updateConfigs, List<String> dependabotEcosystems,
    List<String> notes, Instant time) implements SourceObservation {

  public DependencySetup {
    manifests = List.copyOf(manifests);
    updateConfigs = List.copyOf(updateConfigs);
    dependabotEcosystems = dependabotEcosystems == null ? null : List.copyOf(dependabotEcosystems);
    notes = List.copyOf(notes);
  }

  /**
   * One manifest.
   *
   * @param ecosystem as Dependabot names it: npm, maven, pip, gomod, bundler, cargo
   * @param dependencies how many it declares
   * @param lockFile the lock file that covers it (beside it or in a parent folder), or null
   * @param needsLock whether only a lock file pins its versions (npm, Poetry/PEP 621, Pipenv,
   *     Go, Bundler, Cargo); false where the manifest itself can pin every version (Maven, requirements.txt)
   * @param unpinned declarations that leave the version open
   * @param notLocked declared packages the lock file does not name (empty when there is no
   *     lock file or its format is not read)
   */
  public record Manifest(String ecosystem, String path, int dependencies, String lockFile,
      boolean needsLock, List<Unpinned> unpinned, List<String> notLocked) {
    public Manifest {
      unpinned = List.copyOf(unpinned);
      notLocked = List.copyOf(notLocked);
    }
  }

  /** A dependency whose version is open: its name, the version as written, the line, and why. */
  public record Unpinned(String name, String spec, int line, String why) {}

  public String artifactId() {
    return SourceArtifact.DEPENDENCY_PINS.id(source);
  }

  @Override
  public List<Artifact> artifacts() {
    if (failure != null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    out.add("location: " + location);
    for (Manifest m : manifests) {
      out.add(m.path() + " (" + m.ecosystem() + "): " + m.dependencies() + " dependencies, lock "
          + (m.lockFile() == null ? "none" : m.lockFile())
          + (m.notLocked().isEmpty() ? "" : ", not in it: " + String.join(", ", m.notLocked())));
      m.unpinned().forEach(u -> out.add("  line " + u.line() + ": " + u.name() + " " + u.spec()
          + " (" + u.why() + ")"));
    }
    out.add("update automation: " + (updateConfigs.isEmpty() ? "none"
        : String.join(", ", updateConfigs)));
    if (dependabotEcosystems != null) {
      out.add("dependabot ecosystems: " + String.join(", ", dependabotEcosystems));
    }
    notes.forEach(n -> out.add("note: " + n));
    return List.of(Artifact.of(artifactId(), source, ArtifactKind.Known.DEPENDENCY_MANIFESTS, time,
        manifests.size() + " manifests, " + updateConfigs.size() + " update configs",
        String.join("\n", out)));
  }
}
