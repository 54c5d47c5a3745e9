package dev.secaudit.probe;

import dev.secaudit.model.Artifact;
import java.util.List;

/**
 * What was read from one local source: a repository, a directory, a config file, a command's
 * output. Targets are observed over the network; sources on disk or by running a command. A
 * failure to read is recorded here (so the checks can turn it into an ERROR), never thrown.
 */
public interface SourceObservation {
  /** The policy entry's name; findings on this source carry it where a target's carry its name. */
  String source();

  /** Where it was read, as a URI-like string for the report: git:/srv/app, dir:/srv/reports. */
  String location();

  /** Why the source could not be read at all, or null when it was. */
  String failure();

  /** The raw material the findings rest on, already redacted. */
  List<Artifact> artifacts();

  /**
   * Secret values the source holds (a cookie an nginx config sets with add_header), for the
   * run's redaction: anything written that quotes them has them masked, as a cookie seen live.
   */
  default List<String> secrets() {
    return List.of();
  }
}
