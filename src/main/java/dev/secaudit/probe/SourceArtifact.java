package dev.secaudit.probe;

/**
 * The one place an artifact id is minted for a local source (a repository, config, directory,
 * command or DNS zone). Source names are unique across the policy, so an id is unique when each
 * kind of record a probe keeps for a source has a suffix of its own: one constant per kind, and
 * two probes that read the same repository (the lock-file rules and the subprocessor scan) can no
 * longer both write {@code app/dependencies} into one evidence bundle.
 */
public enum SourceArtifact {
  SECRET_SCAN("secret-scan"),
  DATA_SCAN("data-scan"),
  /** How the manifests pin their versions (repo.lock_files, repo.pinned, repo.update_automation). */
  DEPENDENCY_PINS("dependencies"),
  /** Every package the manifests name (the subprocessor scan of dependencies). */
  DEPENDENCY_LIST("dependency-list"),
  CONFIG("config"),
  LIFECYCLE("lifecycle"),
  FILE_LISTING("listing"),
  COMMAND_OUTPUT("output"),
  DNS_RECORDS("records");

  private final String suffix;

  SourceArtifact(String suffix) {
    this.suffix = suffix;
  }

  public String id(String source) {
    return source + "/" + suffix;
  }

  public String suffix() {
    return suffix;
  }
}
