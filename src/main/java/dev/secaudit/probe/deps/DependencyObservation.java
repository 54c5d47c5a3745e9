package dev.secaudit.probe.deps;

import dev.secaudit.model.Artifact;
import dev.secaudit.probe.SourceArtifact;
import dev.secaudit.probe.SourceObservation;
import java.util.List;

/**
 * The dependency manifests of one repository (a policy {@code repositories:} entry): every
 * package they name with file and line, and the manifests that could not be read.
 *
 * @param manifests the manifests read, relative to the root, in path order
 * @param cut why the walk stopped early (a cap was reached), or null
 */
public record DependencyObservation(String source, String location, String failure,
    List<String> manifests, List<Dependency> dependencies, List<ManifestProblem> problems,
    String cut, List<Artifact> artifacts) implements SourceObservation {
  public DependencyObservation {
    manifests = List.copyOf(manifests);
    dependencies = List.copyOf(dependencies);
    problems = List.copyOf(problems);
    artifacts = List.copyOf(artifacts);
  }

  /** The artifact id of this repository's dependency listing. */
  public static String artifactId(String source) {
    return SourceArtifact.DEPENDENCY_LIST.id(source);
  }
}
