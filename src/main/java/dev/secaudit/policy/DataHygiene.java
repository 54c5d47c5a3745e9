package dev.secaudit.policy;

import java.nio.file.FileSystems;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

@Doc("Files (logs, exports) that must hold no personal data or secrets in clear.")
public record DataHygiene(
    @Doc(value = SourceEntry.NAME, example = "app-logs", required = true)
        String name,
    @Doc(value = "File globs (** crosses folders, {a,b} alternatives); relative ones are"
            + " resolved against the policy file's folder. .gz files are read decompressed.",
            example = "[\"/var/log/app/*.log\", \"/var/log/app/*.gz\"]", required = true)
        List<String> paths,
    @Doc(value = "What to look for: email, phone, iban, card, url_password, password (password="
            + " in query strings, \"password\": in JSON), bearer, jwt, secret (private keys,"
            + " cloud, payment and VCS tokens).", defaultValue = "all of them")
        List<String> lookFor,
    @Doc("Most files read; the rest are listed as not read.")
        Integer maxFiles,
    @Doc("Most bytes read per file, in MiB (decompressed); the rest is noted as not"
            + " read.")
        Integer maxFileMb,
    @Doc("Deepest folder level below a glob's fixed prefix.")
        Integer maxDepth) {
  public DataHygiene {
    paths = Unset.orEmpty(paths);
    lookFor = Unset.orEmpty(lookFor);
    maxFiles = Unset.or(maxFiles, 1000);
    maxFileMb = Unset.or(maxFileMb, 64);
    maxDepth = Unset.or(maxDepth, 16);
  }

  /** What an entry may look for; the detectors in probe/hygiene name the same. */
  /** The kinds that are personal data (data.personal_data); the rest are secrets (data.secrets). */
  public static final List<String> PERSONAL_KINDS = List.of("email", "phone", "iban", "card");

  public static final Set<String> KINDS =
      Set.of("email", "phone", "iban", "card", "url_password", "password", "bearer", "jwt",
          "secret");

  /** The kinds this entry looks for: those it names, or every kind. */
  public Set<String> kindsSought() {
    return lookFor.isEmpty() ? KINDS : Set.copyOf(lookFor);
  }

  void validate(String at, PolicyProblems problems) {
    if (paths.isEmpty()) {
      problems.add(at, "missing 'paths' (file globs such as /var/log/app/*.log)");
    }
    for (int j = 0; j < paths.size(); j++) {
      String g = paths.get(j);
      if (g == null || g.isBlank()) {
        problems.add(at + "/paths/" + j, "empty path glob");
        continue;
      }
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + g);
      } catch (RuntimeException e) {
        problems.add(at + "/paths/" + j, "'" + g + "' is not a valid glob: "
            + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    for (int j = 0; j < lookFor.size(); j++) {
      String k = lookFor.get(j);
      if (!KINDS.contains(k)) {
        problems.add(at + "/look_for/" + j, "unknown kind '" + k + "'"
            + Suggestions.didYouMean(k, KINDS) + "; known: "
            + String.join(", ", new TreeSet<>(KINDS)));
      }
    }
    problems.range(at + "/max_files", maxFiles, 1, 1_000_000);
    problems.range(at + "/max_file_mb", maxFileMb, 1, 65_536);
    problems.range(at + "/max_depth", maxDepth, 0, 64);
  }
}
