package dev.secaudit.policy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a hand-written input file (policy, waivers) the same careful way: a size cap before
 * reading, and every failure a usage error that names the file and says what to do.
 */
final class InputFile {
  private InputFile() {}

  /**
   * @param what what the file is, for messages ("policy", "waiver file")
   * @param missingHint what to do when the file does not exist
   */
  static byte[] read(Path file, String what, long maxBytes, String missingHint) {
    String display = file.toString();
    try {
      if (Files.isDirectory(file)) {
        throw new UsageException(display + ": is a directory; give the " + what + " itself");
      }
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new UsageException(display + ": the file is " + size + " bytes; a " + what
            + " may be at most " + maxBytes + " bytes; check the path");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UsageException(display + ": no such file. " + missingHint);
    } catch (IOException e) {
      throw new UsageException(display + ": cannot read the " + what + ": " + e.getMessage());
    }
  }

  /** Strict UTF-8: a stray Latin-1 byte is an error, not a silently replaced character. */
  static String utf8(String display, byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new UsageException(display + ": not UTF-8 text; save the " + what + " as UTF-8");
    }
  }
}
