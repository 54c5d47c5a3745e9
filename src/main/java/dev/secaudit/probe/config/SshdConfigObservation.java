package dev.secaudit.probe.config;

import dev.secaudit.model.Artifact;
import dev.secaudit.probe.SourceObservation;
import java.util.List;

/**
 * An sshd_config read from disk (includes expanded, Match blocks kept), or why it could not be
 * read ({@code failure}, with {@code failureAt} the file:line to fix). {@code config} is null on
 * failure.
 */
public record SshdConfigObservation(String source, String location, String failure,
    String failureAt, SshdConfig config, String mainFile, List<String> files,
    List<Artifact> artifacts) implements SourceObservation {

  public SshdConfigObservation {
    files = List.copyOf(files);
    artifacts = List.copyOf(artifacts);
  }

  public String evidenceId() {
    return ConfigSources.evidenceId(source);
  }
}
