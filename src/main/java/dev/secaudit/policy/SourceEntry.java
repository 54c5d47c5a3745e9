package dev.secaudit.policy;

/** A source's name and the JSON Pointer of its policy entry. */
public record SourceEntry(String pointer, String name) {
  /** What the name of every source entry (repository, retention, config...) is, for its docs. */
  static final String NAME = "Short unique name used in reports (shared namespace with targets).";
}
