package dev.secaudit.probe.retention;

import dev.secaudit.model.Artifact;
import dev.secaudit.probe.SourceObservation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * @param since the folder holding the dated items has existed at least since then, or null
 *     where the source does not show it (a listing, a command's output)
 */
public record RetentionObservation(
    String source,
    String location,
    String failure,
    List<Dated> dated,
    String incomplete,
    Kept kept,
    List<String> notes,
    List<Artifact> artifacts,
    Instant since) implements SourceObservation {

  public RetentionObservation(String source, String location, String failure, List<Dated> dated,
      String incomplete, Kept kept, List<String> notes, List<Artifact> artifacts) {
    this(source, location, failure, dated, incomplete, kept, notes, artifacts, null);
  }

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
   * @param floor the shortest any of the data is kept by this rule, {@link #NEVER_REMOVED} when
   *     it removes nothing, or null when the rule does not show a floor (size-based removal)
   * @param floorHow how the floor follows from the configuration, or why it shows none
   */
  public record Kept(String subject, Duration period, String how, Duration floor,
      String floorHow) {

    /** A rule that removes nothing keeps every line for good. */
    public static final Duration NEVER_REMOVED = ChronoUnit.FOREVER.getDuration();

    /**
     * A rule that bounds the data from above only: a lifecycle expiration or journald's
     * MaxRetentionSec removes data no later than its period, while size limits or anyone else
     * may remove it sooner, so how long it is kept at least is not shown.
     */
    public Kept(String subject, Duration period, String how) {
      this(subject, period, how, null, "it sets how long the data may be kept at most, not that"
          + " it is kept that long");
    }
  }
}
