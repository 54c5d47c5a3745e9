package dev.secaudit.probe.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file of the audited system read within a byte cap: never more than one byte past the cap is
 * read, so a huge file costs no memory, and each caller says "too large" or "binary" in its own
 * words.
 */
public final class CappedFile {
  private CappedFile() {}

  /** The file's first {@code max + 1} bytes at most: a result longer than {@code max} is over. */
  public static byte[] head(Path file, long max) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    }
  }

  /** Offset of the first NUL byte among the first {@code window} bytes, or -1: a binary file. */
  public static int firstNul(byte[] bytes, int window) {
    for (int i = 0; i < Math.min(bytes.length, window); i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
