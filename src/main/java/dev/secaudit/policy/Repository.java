package dev.secaudit.policy;

import java.util.List;

@Doc("A local git repository (its working tree).")
public record Repository(
    @Doc(value = SourceEntry.NAME, example = "app-repo", required = true)
        String name,
    @Doc(value = "Path of the working tree; relative paths are resolved against the policy"
            + " file's folder.", example = "../app", required = true)
        String path,
    @Doc("Look for secrets in the working tree (tracked and untracked files; ignored files are"
            + " not read) and in the history of every branch: private keys, cloud, payment and"
            + " VCS tokens, high-entropy assignments.")
        RepositorySecrets secrets,
    @Doc("Every dependency manifest (npm, Maven, Python, Go) has a lock file, or pins"
            + " exact versions where the ecosystem has no lock file (Maven, requirements.txt).")
        Boolean lockFiles,
    @Doc("Dependency-update automation is configured (Dependabot or Renovate) and covers"
            + " the ecosystems of the manifests found.")
        Boolean dependencyUpdates,
    @Doc(value = "Folder names read although walks skip them by default (version control,"
            + " installed dependencies such as vendor or node_modules, build output such as"
            + " build or dist), for a repository whose own code lives in one.",
            example = "[\"vendor\"]")
        List<String> includeFolders) {
  public Repository {
    lockFiles = Unset.or(lockFiles, Boolean.FALSE);
    dependencyUpdates = Unset.or(dependencyUpdates, Boolean.FALSE);
    includeFolders = Unset.orEmpty(includeFolders);
  }

  /** A repository read only for what other sections ask of it. */
  public Repository(String name, String path) {
    this(name, path, null, null, null, null);
  }

  void validate(String at, PolicyProblems problems) {
    if (path == null || path.isBlank()) {
      problems.add(at, "missing 'path' (the repository's working tree, such as ../app)");
    }
    for (int j = 0; j < includeFolders.size(); j++) {
      String f = includeFolders.get(j);
      if (f == null || f.isBlank() || f.contains("/") || f.contains("\\") || f.equals(".")
          || f.equals("..")) {
        problems.add(at + "/include_folders/" + j, "a folder name such as vendor"
            + " (matched at any depth, no '/'), got '" + f + "'");
      }
    }
  }

  @Doc("How a repository is searched for secrets.")
  public record RepositorySecrets(
      @Doc("Also read every commit of every branch (git log -p --all), so a secret"
              + " committed and deleted later is still found.")
          Boolean history,
      @Doc("Most commits read from the history, newest first.")
          Integer maxCommits,
      @Doc(value = "Path globs (relative to the repository; * also crosses /) whose secrets are"
              + " accepted, such as test fixtures.", example = "[\"test/fixtures/*\"]")
          List<String> allowPaths,
      @Doc(value = "Fingerprints (from a finding's observed text) of secrets that are accepted:"
              + " revoked keys, documented examples.", example = "[\"3f9a0c12be47\"]")
          List<String> allowFingerprints,
      @Doc("Flag high-entropy values assigned to names like secret, token, password or"
              + " api_key (Shannon entropy; UUIDs, placeholders and lock files are left out).")
          Boolean entropy) {
    public RepositorySecrets {
      history = Unset.or(history, Boolean.TRUE);
      maxCommits = Unset.or(maxCommits, 1000);
      allowPaths = Unset.orEmpty(allowPaths);
      allowFingerprints = Unset.orEmpty(allowFingerprints);
      entropy = Unset.or(entropy, Boolean.TRUE);
    }

    void validate(String at, PolicyProblems problems) {
      problems.range(at + "/max_commits", maxCommits, 1, 1_000_000);
      for (int j = 0; j < allowFingerprints.size(); j++) {
        String f = allowFingerprints.get(j);
        if (f == null || !f.matches("[0-9a-f]{12}")) {
          problems.add(at + "/allow_fingerprints/" + j, "'" + f + "' is not a fingerprint:"
              + " copy the 12 hex digits a repo.secrets finding shows after 'fingerprint'");
        }
      }
    }
  }
}
