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
}
