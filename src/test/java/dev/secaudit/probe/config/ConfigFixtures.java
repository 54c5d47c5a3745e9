package dev.secaudit.probe.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Config files written into a test's temp dir, folders created as needed. */
public final class ConfigFixtures {
  private ConfigFixtures() {}

  public static Path write(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }
}
