package dev.secaudit.policy;

import java.util.Set;

/**
 * A validated policy with what the run needs beside it: where each value came from (for error
 * messages and SARIF locations), the file's SHA-256 (for the evidence), and the secret values
 * that {@code ${env:}} brought in (to redact them everywhere).
 *
 * @param caFile CA certificates the command line adds ({@code scan --ca-file}), trusted by every
 *     probe that judges a certificate (TLS checks, and HSTS, which browsers ignore on an untrusted
 *     connection) whether or not the policy has a {@code tls:} section; null when not given
 */
public record LoadedPolicy(Policy policy, SourceTree source, String sha256, Set<String> secrets,
    Set<String> unsetVariables, java.nio.file.Path caFile) {

  public LoadedPolicy(Policy policy, SourceTree source, String sha256, Set<String> secrets,
      Set<String> unsetVariables) {
    this(policy, source, sha256, secrets, unsetVariables, null);
  }

  public LoadedPolicy(Policy policy, SourceTree source, String sha256, Set<String> secrets) {
    this(policy, source, sha256, secrets, Set.of());
  }

  /** The same policy, also trusting the CA certificates of {@code file} (the CLI's --ca-file). */
  public LoadedPolicy withCaFile(java.nio.file.Path file) {
    Policy p = policy.tls() == null ? policy : policy.withCaFile(file.toString());
    return new LoadedPolicy(p, source, sha256, secrets, unsetVariables, file);
  }

  /**
   * 1-based line of the policy rule at {@code pointer}, for findings and SARIF. A rule the file
   * does not write but a preset it extends does (or whose section the file does not write at all)
   * is at the {@code extends:} line that brought it in, not line 1 (annotations and code-scanning
   * alerts all landed on {@code version: 1}). A rule under a section the file writes but without
   * the key is at the deepest key the file writes, its own line ({@code tls:}): the position of a
   * section's value is its first child's line, and cipher failures landed on {@code certificate:}.
   */
  public int lineOf(String pointer) {
    boolean extendsPresets = source.has("/extends");
    String p = pointer;
    while (!p.isEmpty() && !source.has(p)) {
      if (extendsPresets && fromPreset(p)) {
        return source.positionOf("/extends").line();
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
    if (p.isEmpty()) {
      return extendsPresets && !pointer.isEmpty() ? source.positionOf("/extends").line() : 1;
    }
    return source.keyPositionOf(p).line();
  }

  /** Whether a preset the file extends writes {@code pointer}. */
  private boolean fromPreset(String pointer) {
    com.fasterxml.jackson.databind.JsonNode names = source.root().get("extends");
    if (names == null || !names.isArray()) {
      return false;
    }
    for (com.fasterxml.jackson.databind.JsonNode n : names) {
      if (PresetSources.writes(n.asText(), pointer)) {
        return true;
      }
    }
    return false;
  }

  public String file() {
    return source.file();
  }

  /** The value {@code secaudit init} writes where it needs what no site shows (a path). */
  public static final String PLACEHOLDER = "TODO";

  /** Whether a policy value is still the placeholder init wrote. */
  public static boolean isPlaceholder(String value) {
    return value != null && value.strip().equals(PLACEHOLDER);
  }

  /** A value still to be filled in, and where it stands. */
  public record Placeholder(String pointer, SourceTree.Position position) {
    /** The list entry it belongs to ("/configs/0" for "/configs/0/path"), or the pointer. */
    public String entry() {
      String[] parts = pointer.split("/");
      return parts.length >= 3 ? "/" + parts[1] + "/" + parts[2] : pointer;
    }

    @Override
    public String toString() {
      return position + ": " + SourceTree.display(pointer) + " is " + PLACEHOLDER
          + ": fill it in; until then its checks are skipped";
    }
  }

  /** Every {@value #PLACEHOLDER} value of the file, in file order. */
  public java.util.List<Placeholder> placeholders() {
    java.util.List<Placeholder> out = new java.util.ArrayList<>();
    collect(source.root(), "", out);
    return out;
  }

  private void collect(com.fasterxml.jackson.databind.JsonNode node, String pointer,
      java.util.List<Placeholder> out) {
    if (node == null) {
      return;
    }
    if (node.isTextual() && isPlaceholder(node.asText())) {
      out.add(new Placeholder(pointer, source.positionOf(pointer)));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), pointer + "/" + i, out);
      }
    } else if (node.isObject()) {
      node.fields().forEachRemaining(e -> collect(e.getValue(),
          pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), out));
    }
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
