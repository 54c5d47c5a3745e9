package dev.secaudit.probe.hygiene;

import dev.secaudit.probe.local.Deadline;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a file line by line within caps: bytes per file (decompressed for .gz, so a small gzip
 * bomb costs no more than a large log), characters per line, and a deadline. Only regular files
 * are opened (a FIFO would block forever); a NUL byte in the first 8 KiB marks a binary file,
 * which is skipped.
 */
public final class TextReader {
  /** How much one file may cost. */
  public record Limits(long maxBytes, int maxLineBytes, Deadline deadline) {}

  /** Line numbers start at 1; a line longer than the cap is cut, the rest skipped. */
  public interface LineVisitor {
    void line(int number, String text);
  }

  /**
   * What reading a file gave: lines and bytes read, whether the byte cap or the deadline cut it,
   * whether it was binary (nothing read), and why it could not be read at all (or null).
   */
  public record Outcome(int lines, long bytes, boolean truncated, boolean binary, String failure) {
    static Outcome failed(String why) {
      return new Outcome(0, 0, false, false, why);
    }
  }

  private static final int SNIFF = 8192;

  private TextReader() {}

  public static Outcome read(Path file, Limits limits, LineVisitor visitor) {
    if (Files.isSymbolicLink(file) && !Files.exists(file)) {
      return Outcome.failed("dangling symbolic link");
    }
    if (!Files.isRegularFile(file)) {
      return Outcome.failed(Files.exists(file, LinkOption.NOFOLLOW_LINKS)
          ? "not a regular file" : "no such file");
    }
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = new BufferedInputStream(
            file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 65536)
                : raw, 65536)) {
      in.mark(SNIFF);
      byte[] head = in.readNBytes(SNIFF);
      for (byte b : head) {
        if (b == 0) {
          return new Outcome(0, 0, false, true, null);
        }
      }
      in.reset();
      return lines(in, limits, visitor);
    } catch (IOException | RuntimeException e) {
      return Outcome.failed(describe(e));
    }
  }

  /** Lines of a stream (a file's, a command's output) within the same caps. */
  static Outcome lines(InputStream in, Limits limits, LineVisitor visitor)
      throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    byte[] chunk = new byte[65536];
    long bytes = 0;
    int number = 0;
    boolean cut = false;
    while (true) {
      if (bytes >= limits.maxBytes() || limits.deadline().passed()) {
        if (in.read() == -1) {
          break;
        }
        return new Outcome(number, bytes, true, false, null);
      }
      int n = in.read(chunk, 0, (int) Math.min(chunk.length, limits.maxBytes() - bytes));
      if (n == -1) {
        break;
      }
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] == '\n') {
          cut |= append(line, chunk, start, i - start, limits.maxLineBytes());
          visitor.line(++number, text(line));
          line.reset();
          cut = false;
          start = i + 1;
        }
      }
      cut |= append(line, chunk, start, n - start, limits.maxLineBytes());
      bytes += n;
    }
    if (line.size() > 0 || cut) {
      visitor.line(++number, text(line));
    }
    return new Outcome(number, bytes, false, false, null);
  }

  /** Appends up to the line cap; true when bytes were dropped. */
  private static boolean append(ByteArrayOutputStream line, byte[] b, int off, int len, int cap) {
    int keep = Math.max(0, Math.min(len, cap - line.size()));
    line.write(b, off, keep);
    return keep < len;
  }

  private static String text(ByteArrayOutputStream line) {
    String s = line.toString(StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  static String describe(Exception e) {
    String type = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
        : e instanceof java.nio.file.NoSuchFileException ? "no such file"
        : e instanceof java.util.zip.ZipException ? "not valid gzip"
        : e.getClass().getSimpleName();
    return e.getMessage() == null || e instanceof java.nio.file.FileSystemException
        ? type : type + ": " + e.getMessage();
  }
}
