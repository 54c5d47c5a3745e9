package dev.secaudit.probe.retention;

import dev.secaudit.probe.local.CappedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A configuration file read as text with a size cap: configs are small, so a large or binary
 * file is the wrong file, and reading stops before it costs memory.
 */
final class ConfigFile {
  static final int MAX_BYTES = 1024 * 1024;

  private ConfigFile() {}

  /** Why a config cannot be read, in words for the report. */
  static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message);
    }
  }

  static String read(Path file) throws Unreadable {
    if (Files.isDirectory(file)) {
      throw new Unreadable(file + " is a directory, not a file");
    }
    byte[] bytes;
    try {
      bytes = CappedFile.head(file, MAX_BYTES);
    } catch (NoSuchFileException e) {
      throw new Unreadable("no such file: " + file);
    } catch (AccessDeniedException e) {
      throw new Unreadable("cannot read " + file + ": permission denied");
    } catch (IOException e) {
      throw new Unreadable("cannot read " + file + ": " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw new Unreadable(file + " is larger than " + MAX_BYTES / 1024 + " KiB; not a"
          + " configuration file");
    }
    if (CappedFile.firstNul(bytes, bytes.length) >= 0) {
      throw new Unreadable(file + " is binary (it contains NUL bytes); not a configuration"
          + " file");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
