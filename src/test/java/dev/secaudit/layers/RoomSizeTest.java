package dev.secaudit.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No source file in src/main grows past 600 lines: a file that does is doing two jobs, and the
 * split is cheapest while the seam is fresh (docs/ARCHITECTURE.md).
 */
class RoomSizeTest {
  private static final int MOST_LINES = 600;

  @Test
  void noMainSourceFileIsOverSixHundredLines() throws IOException {
    List<String> tooLong;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      tooLong = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> lines(p) > MOST_LINES)
          .map(p -> p + ": " + lines(p) + " lines")
          .toList();
    }
    assertThat(tooLong).isEmpty();
  }

  private static long lines(Path p) {
    try (Stream<String> l = Files.lines(p)) {
      return l.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
