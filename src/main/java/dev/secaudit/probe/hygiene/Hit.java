package dev.secaudit.probe.hygiene;

/**
 * One thing a detector found on a line. Only the masked form and a fingerprint leave the
 * detector: the value itself is never stored, so it cannot reach a report, an artifact or a log.
 *
 * @param kind what was found (aws_access_key, email, card...)
 * @param start where on the line it starts, to keep two detectors from counting one value twice
 * @param end where it ends (exclusive)
 * @param masked a form safe to show: a few characters and the length
 * @param fingerprint the first 12 hex digits of SHA-256 over kind and value: stable across files
 *     and commits, so one secret can be allowlisted without being written down
 */
public record Hit(String kind, int start, int end, String masked, String fingerprint) {

  boolean overlaps(Hit other) {
    return start < other.end && other.start < end;
  }
}
