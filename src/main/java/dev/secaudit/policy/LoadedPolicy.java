package dev.secaudit.policy;

import java.util.Set;

/**
 * A validated policy with what the run needs beside it: where each value came from (for error
 * messages and SARIF locations), the file's SHA-256 (for the evidence), and the secret values
 * that {@code ${env:}} brought in (to redact them everywhere).
 */
public record LoadedPolicy(Policy policy, SourceTree source, String sha256, Set<String> secrets,
    Set<String> unsetVariables) {

  public LoadedPolicy(Policy policy, SourceTree source, String sha256, Set<String> secrets) {
    this(policy, source, sha256, secrets, Set.of());
  }

  /** 1-based line of the policy rule at {@code pointer}, for findings and SARIF. */
  public int lineOf(String pointer) {
    return source.positionOf(pointer).line();
  }

  public String file() {
    return source.file();
  }

  /**
   * A path the policy names (a CA file, a repository, a config): relative paths are read from the
   * policy file's folder, so a policy means the same thing whatever folder secaudit runs in.
   */
  public java.nio.file.Path resolve(String path) {
    java.nio.file.Path p = java.nio.file.Path.of(path);
    if (p.isAbsolute() || file() == null) {
      return p;
    }
    java.nio.file.Path dir = java.nio.file.Path.of(file()).toAbsolutePath().getParent();
    return dir == null ? p : dir.resolve(p).normalize();
  }
}
