package dev.secaudit.probe.retention;

import dev.secaudit.model.Artifact;
import dev.secaudit.probe.SourceObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one retention entry's source shows: either the ages of what is really kept (files,
 * listing items, command output lines) or the period a configuration keeps data for. Raw facts
 * only; the window is judged by the check.
 *
 * @param dated every timestamp read, oldest first (null for configuration sources)
 * @param incomplete why the timestamps may not be all there are (a cap was reached), or null
 * @param kept the period a configuration keeps the data for, or null when no rule covers it
 * @param notes why rules that were read do not cover the data (disabled, another prefix...)
 */
public record RetentionObservation(
    String source,
    String location,
    String failure,
    List<Dated> dated,
    String incomplete,
    Kept kept,
    List<String> notes,
    List<Artifact> artifacts) implements SourceObservation {

  public RetentionObservation {
    dated = dated == null ? null : List.copyOf(dated);
    notes = notes == null ? List.of() : List.copyOf(notes);
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }

  public static RetentionObservation failed(String source, String location, String why,
      List<Artifact> artifacts) {
    return new RetentionObservation(source, location, why, null, null, null, List.of(),
        artifacts);
  }

  /** Ages were read (directory, listing, command). */
  public boolean isDated() {
    return dated != null;
  }

  /** One thing kept and when it was made (a file's path and mtime, an item's index and time). */
  public record Dated(String label, Instant time) {}

  /**
   * The period a configuration keeps the data for.
   *
   * @param subject where it is set, as file:line or the rule's id
   * @param period how long the data is kept; null when nothing limits it by time
   * @param how how the period follows from the configuration, in its own terms
   */
  public record Kept(String subject, Duration period, String how) {}
}
