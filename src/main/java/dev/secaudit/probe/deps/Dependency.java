package dev.secaudit.probe.deps;

/**
 * One package a manifest depends on, where it is written.
 *
 * @param ecosystem npm, maven (name is group:artifact), pypi, go, gem
 * @param file path of the manifest relative to the repository's root, with '/' separators
 * @param line 1-based line of the declaration
 */
public record Dependency(String ecosystem, String name, String file, int line) {
  /** file:line, the place a finding names. */
  public String place() {
    return file + ":" + line;
  }
}
