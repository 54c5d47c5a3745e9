package dev.secaudit.probe.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

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

  /**
   * A Jackson read of a {@code format} (JSON, YAML, TOML) file that failed: at the parser's line
   * when it knew one, else the file as a whole.
   */
  static MalformedManifest of(String format, IOException e) {
    if (e instanceof JsonProcessingException j) {
      return new MalformedManifest(j.getLocation() == null ? 0 : j.getLocation().getLineNr(),
          "invalid " + format + ": " + j.getOriginalMessage());
    }
    return new MalformedManifest(0, "cannot read: " + e.getMessage());
  }

  /** 1-based line of the fault, or 0 when the file as a whole is at fault. */
  public int line() {
    return line;
  }
}
