package dev.secaudit.questionnaire;

import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file through a hidden temporary file in the same folder, moved into place at the end:
 * a failure half-way never leaves a truncated file or clobbers the customer's previous one.
 */
public final class AtomicFile {
  /** The body of a write; may throw, in which case nothing is moved. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  public static void write(Path out, Body body) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(),
          ".tmp");
      try (OutputStream os = Files.newOutputStream(tmp)) {
        body.writeTo(os);
      }
      try {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UsageException(out + ": cannot write: " + e.getMessage());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a hidden temporary file named after the output is all that can be left
        }
      }
    }
  }
}
