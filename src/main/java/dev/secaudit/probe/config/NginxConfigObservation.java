package dev.secaudit.probe.config;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.Redactor;
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

  /** Directives that set a header, the header's name first: values they set may be secret. */
  static final java.util.Set<String> SETS_HEADER = java.util.Set.of("add_header", "add_trailer",
      "proxy_set_header", "grpc_set_header");

  /** The cookie values and credentials its directives set on responses or upstream requests. */
  @Override
  public List<String> secrets() {
    List<String> out = new java.util.ArrayList<>();
    collect(directives, out);
    return out;
  }

  private static void collect(List<NginxDirective> ds, List<String> out) {
    for (NginxDirective d : ds) {
      if (SETS_HEADER.contains(d.name()) && d.args().size() >= 2) {
        out.addAll(Redactor.secretsOf(d.args().get(0), d.args().get(1)));
      }
      if (d.block() != null) {
        collect(d.block(), out);
      }
    }
  }

  /** The id of the excerpt artifact findings cite. */
  public String evidenceId() {
    return ConfigSources.evidenceId(source);
  }
}
