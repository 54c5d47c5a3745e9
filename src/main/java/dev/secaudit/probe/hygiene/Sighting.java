package dev.secaudit.probe.hygiene;

/**
 * Where a detector found something: a file and line, and for history the commit that added it.
 * Carries the masked form and fingerprint only (see {@link Hit}).
 *
 * @param commit the full id of the commit that added the line, or null for the working tree
 */
public record Sighting(String kind, String path, int line, String commit, String masked,
    String fingerprint) {

  /** {@code config/prod.env:12}, with the short commit for history: {@code a1b2c3d:config/prod.env:12}. */
  public String where() {
    return (commit == null ? "" : commit.substring(0, Math.min(7, commit.length())) + ":") + path
        + ":" + line;
  }

  static Sighting of(Hit h, String path, int line, String commit) {
    return new Sighting(h.kind(), path, line, commit, h.masked(), h.fingerprint());
  }
}
