package dev.secaudit.probe.dns;

import dev.secaudit.model.Artifact;
import dev.secaudit.probe.SourceArtifact;
import dev.secaudit.probe.SourceObservation;
import java.util.List;

/**
 * The DNS records read for subprocessors.dns: the hosts they point to and the lookups that
 * failed. {@code failure} is set when the resolver itself did not answer (nothing after that
 * was asked, so the reading ends within one timeout).
 *
 * @param problems lookups that failed without ending the reading (SERVFAIL, an SPF record over
 *     the RFC 7208 limit of 10 lookups, a CNAME loop)
 */
public record DnsObservation(String source, String location, String failure,
    List<DnsSighting> sightings, List<DnsProblem> problems, int lookups, List<Artifact> artifacts)
    implements SourceObservation {
  public DnsObservation {
    sightings = List.copyOf(sightings);
    problems = List.copyOf(problems);
    artifacts = List.copyOf(artifacts);
  }

  public static String artifactId(String source) {
    return SourceArtifact.DNS_RECORDS.id(source);
  }
}
