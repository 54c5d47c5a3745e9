package dev.secaudit.probe.config;

import dev.secaudit.model.Artifact;
import dev.secaudit.probe.SourceObservation;
import java.util.List;

/**
 * An nginx config read from disk: its directives with includes expanded, or why it could not be
 * read ({@code failure}, with {@code failureAt} the file:line to fix).
 *
 * @param target the policy target this config serves, or null
 */
public record NginxConfigObservation(String source, String location, String target,
    String failure, String failureAt, List<NginxDirective> directives, List<String> files,
    List<Artifact> artifacts) implements SourceObservation {

  public NginxConfigObservation {
    directives = List.copyOf(directives);
    files = List.copyOf(files);
    artifacts = List.copyOf(artifacts);
  }

  /** The id of the excerpt artifact findings cite. */
  public String evidenceId() {
    return ConfigSources.evidenceId(source);
  }
}
