package dev.secaudit.cli;

import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The folder or file a command's {@code -o} names, made ready before the work it costs: a scan
 * that probes every target for minutes must not learn only at the end that its reports have
 * nowhere to go.
 */
final class ReportOutput {
  private ReportOutput() {}

  /**
   * Creates {@code dir} (and its parents) if missing, or refuses it as a usage error naming the
   * option and why: a file in the way, a parent that takes no new entries, no write permission.
   */
  static Path folder(Path dir, String option) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      Path inTheWay = fileInTheWay(dir);
      if (inTheWay != null) {
        throw new UsageException(option + " " + dir + ": " + inTheWay + " is a file, not a"
            + " folder; give a folder (created if missing) where the reports go");
      }
      throw new UsageException(option + " " + dir + ": cannot create the folder ("
          + reason(e) + "); give a folder secaudit can write to");
    }
    if (!Files.isWritable(dir)) {
      throw new UsageException(option + " " + dir + ": the folder is not writable; give a folder"
          + " secaudit can write to");
    }
    return dir;
  }

  /**
   * Refuses a {@code -o FILE} that cannot be written before anything is read: a folder in its
   * place, a missing parent folder, no permission.
   */
  static Path file(Path file, String option) {
    if (Files.isDirectory(file)) {
      throw new UsageException(option + " " + file + ": is a folder; give the name of the file"
          + " to write");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new UsageException(option + " " + file + ": the folder " + parent + " does not exist;"
          + " create it first or give another file");
    }
    if (Files.exists(file) ? !Files.isWritable(file) : parent != null && !Files.isWritable(parent)) {
      throw new UsageException(option + " " + file + ": not writable; give a file secaudit can"
          + " write to");
    }
    return file;
  }

  /** The file that stands where {@code dir} or one of its parents should be a folder, or null. */
  private static Path fileInTheWay(Path dir) {
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        return Files.isDirectory(p) ? null : p;
      }
    }
    return null;
  }

  /** Opening {@code -o FILE} failed after the checks (a file system that refuses new files). */
  static UsageException cannotWrite(Path file, String option, IOException e) {
    return new UsageException(option + " " + file + ": cannot write the file (" + reason(e)
        + "); give a file secaudit can write to");
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "a folder on its path is missing or takes no new entries";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getClass().getSimpleName();
  }
}
