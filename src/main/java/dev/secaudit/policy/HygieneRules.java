package dev.secaudit.policy;

import java.nio.file.FileSystems;
import java.util.List;
import java.util.Set;

/**
 * Validation of the repository-hygiene fields and the data_hygiene section, kept apart from
 * PolicyValidator so these rules live in one place.
 */
final class HygieneRules {
  /** What a data_hygiene entry may look for; the detectors in probe/hygiene name the same. */
  static final Set<String> DATA_KINDS =
      Set.of("email", "phone", "iban", "card", "url_password", "password", "bearer", "jwt",
          "secret");

  private final PolicyProblems problems;

  HygieneRules(PolicyProblems problems) {
    this.problems = problems;
  }

  void validate(Policy p) {
    for (int i = 0; i < p.repositories().size(); i++) {
      Repository.RepositorySecrets s = p.repositories().get(i).secrets();
      if (s == null) {
        continue;
      }
      String at = "/repositories/" + i + "/secrets";
      if (s.maxCommits() < 1 || s.maxCommits() > 1_000_000) {
        problems.add(at + "/max_commits", "must be between 1 and 1000000, got "
            + s.maxCommits());
      }
      for (int j = 0; j < s.allowFingerprints().size(); j++) {
        String f = s.allowFingerprints().get(j);
        if (f == null || !f.matches("[0-9a-f]{12}")) {
          problems.add(at + "/allow_fingerprints/" + j, "'" + f + "' is not a fingerprint:"
              + " copy the 12 hex digits a repo.secrets finding shows after 'fingerprint'");
        }
      }
    }
    for (int i = 0; i < p.dataHygiene().size(); i++) {
      dataEntry("/data_hygiene/" + i, p.dataHygiene().get(i));
    }
  }

  private void dataEntry(String at, DataHygiene d) {
    if (d.paths().isEmpty()) {
      problems.add(at, "missing 'paths' (file globs such as /var/log/app/*.log)");
    }
    List<String> paths = d.paths();
    for (int j = 0; j < paths.size(); j++) {
      String g = paths.get(j);
      if (g == null || g.isBlank()) {
        problems.add(at + "/paths/" + j, "empty path glob");
        continue;
      }
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + g);
      } catch (RuntimeException e) {
        problems.add(at + "/paths/" + j, "'" + g + "' is not a valid glob: " + e.getMessage());
      }
    }
    for (int j = 0; j < d.lookFor().size(); j++) {
      String k = d.lookFor().get(j);
      if (!DATA_KINDS.contains(k)) {
        problems.add(at + "/look_for/" + j, "unknown kind '" + k + "'"
            + Suggestions.didYouMean(k, DATA_KINDS) + "; known: "
            + String.join(", ", new java.util.TreeSet<>(DATA_KINDS)));
      }
    }
    problems.range(at + "/max_files", d.maxFiles(), 1, 1_000_000);
    problems.range(at + "/max_file_mb", d.maxFileMb(), 1, 65_536);
    problems.range(at + "/max_depth", d.maxDepth(), 0, 64);
  }
}
