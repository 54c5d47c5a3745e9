package dev.secaudit.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A report file the system would not let us write (a full disk, a quota, an I/O error): the
 * environment's failure, not secaudit's, so the CLI exits with its own code for it rather than
 * as a bug, naming the file and the system's reason.
 */
public final class OutputNotWritten extends IOException {
  private static final long serialVersionUID = 1L;

  public OutputNotWritten(Path file, IOException cause) {
    super("could not write " + file + ": " + reason(cause), cause);
  }

  /** The system's words ("No space left on device"), without the exception's class name. */
  static String reason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
