package dev.secaudit.probe.manifest;

/**
 * Thrown by a manifest reader for input it cannot read; each probe records it in its own words
 * (a problem with file and line, a note), never as the end of the scan.
 */
public final class MalformedManifest extends Exception {
  private static final long serialVersionUID = 1L;
  private final int line;

  public MalformedManifest(int line, String message) {
    super(message);
    this.line = line;
  }

  /** 1-based line of the fault, or 0 when the file as a whole is at fault. */
  public int line() {
    return line;
  }
}
