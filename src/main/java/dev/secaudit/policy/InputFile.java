package dev.secaudit.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way secaudit reads a file the user hands it (policy, waivers, targets, baseline and
 * other scan.json files, questionnaires, run histories): a regular file only, a size cap checked
 * before and while reading, and every failure a usage error that names the file and says what to
 * do. A device ({@code /dev/zero}, {@code /dev/stdin}) or a FIFO is refused from its attributes,
 * which are read without opening it: opening a FIFO with no writer would block for ever.
 */
public final class InputFile {
  private InputFile() {}

  /**
   * @param what what the file is, for messages ("policy", "waiver file")
   * @param missingHint what to do when the file does not exist
   */
  public static byte[] read(Path file, String what, long maxBytes, String missingHint) {
    requireRegular(file, what, maxBytes, missingHint);
    String display = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      // The file may have grown since its size was checked (a log being written, a swap).
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw tooLarge(display, what, maxBytes, "over " + maxBytes);
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new UsageException(display + ": no such file. " + missingHint);
    } catch (IOException e) {
      throw new UsageException(display + ": cannot read the " + what + ": " + e.getMessage());
    }
  }

  /**
   * The checks of {@link #read}, then the file as a stream for a reader that never holds it
   * whole (a fleet's scan.json); the cap holds while reading too, should the file grow.
   */
  public static InputStream open(Path file, String what, long maxBytes, String missingHint) {
    requireRegular(file, what, maxBytes, missingHint);
    String display = file.toString();
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new UsageException(display + ": no such file. " + missingHint);
    } catch (IOException e) {
      throw new UsageException(display + ": cannot read the " + what + ": " + e.getMessage());
    }
    return new java.io.FilterInputStream(new java.io.BufferedInputStream(in, 64 * 1024)) {
      private long count;

      @Override
      public int read() throws IOException {
        int b = super.read();
        counted(b < 0 ? 0 : 1);
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        counted(Math.max(n, 0));
        return n;
      }

      private void counted(int n) {
        count += n;
        if (count > maxBytes) {
          throw tooLarge(display, what, maxBytes, "over " + maxBytes);
        }
      }
    };
  }

  /**
   * The checks of {@link #read} without reading, for a reader that needs the path itself (a zip
   * package is read by random access).
   */
  public static void requireRegular(Path file, String what, long maxBytes, String missingHint) {
    String display = file.toString();
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new UsageException(display + ": no such file. " + missingHint);
    } catch (AccessDeniedException e) {
      throw new UsageException(display + ": permission denied; the " + what
          + " must be readable by the user running secaudit");
    } catch (IOException e) {
      throw new UsageException(display + ": cannot read the " + what + ": " + e.getMessage());
    }
    if (attributes.isDirectory()) {
      throw new UsageException(display + ": is a directory; give the " + what + " itself");
    }
    if (!attributes.isRegularFile()) {
      throw new UsageException(display + ": not a regular file (a device, pipe or socket);"
          + " save the " + what + " to a file and give that file");
    }
    if (attributes.size() > maxBytes) {
      throw tooLarge(display, what, maxBytes, String.valueOf(attributes.size()));
    }
  }

  private static UsageException tooLarge(String display, String what, long maxBytes,
      String size) {
    return new UsageException(display + ": the file is " + size + " bytes; a " + what
        + " may be at most " + maxBytes + " bytes; check the path");
  }

  /**
   * Strict UTF-8 text without control characters: a stray Latin-1 byte or a NUL is an error at
   * its line and column, not a silently replaced character or a parser's message with no place.
   */
  public static String utf8(String display, byte[] bytes, String what) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int at = in.position();
      throw new UsageException(place(display, bytes, at) + ": not UTF-8 text (byte 0x"
          + String.format("%02X", bytes[at] & 0xff) + "); save the " + what + " as UTF-8");
    }
    decoder.flush(out);
    String text = out.flip().toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
        int offset = text.substring(0, i).getBytes(StandardCharsets.UTF_8).length;
        throw new UsageException(place(display, bytes, offset) + ": control character U+"
            + String.format("%04X", (int) c) + " in the " + what + "; a text file has none"
            + " (was a binary file given, or was the file cut?)");
      }
    }
    return text;
  }

  /** "file:line:column" of a byte offset, the column counted in characters. */
  private static String place(String display, byte[] bytes, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
    return display + ":" + line + ":" + (before.codePointCount(0, before.length()) + 1);
  }
}
