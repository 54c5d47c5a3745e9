package dev.secaudit.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The policy {@code secaudit scan} reads when it is given none: the first of these names found. */
public final class DefaultPolicyFile {
  /** In the order they are looked for; the first is what {@code init} writes. */
  public static final List<String> NAMES = List.of("secaudit.yaml", "secaudit.yml",
      ".secaudit.yaml");

  private DefaultPolicyFile() {}

  /**
   * The first of {@link #NAMES} in {@code dir}; when there is none, a usage error naming every
   * name looked for and the two ways to start (so a missing policy is one clear message).
   */
  public static Path in(Path dir) {
    for (String name : NAMES) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    Path shown = dir.toAbsolutePath().normalize();
    throw new UsageException("no policy given and none of " + String.join(", ", NAMES)
        + " in " + shown + "; scan a site with the built-in profile ('secaudit scan"
        + " https://your.site/'), write a starter policy ('secaudit init --from"
        + " https://your.site/'), or name one with --policy FILE");
  }
}
