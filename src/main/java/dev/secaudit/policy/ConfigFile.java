package dev.secaudit.policy;

import java.util.List;
import java.util.Set;

@Doc("A server configuration file, parsed (not grepped) with its includes.")
public record ConfigFile(
    @Doc(value = SourceEntry.NAME, example = "edge-nginx", required = true)
        String name,
    @Doc(value = "What the file configures: nginx or sshd.", example = "nginx", required = true)
        String kind,
    @Doc(value = "Path of the main file; relative paths are resolved against the policy file's"
            + " folder, and the file's includes against its own folder.",
            example = "../deploy/nginx/nginx.conf", required = true)
        String path,
    @Doc(value = "Name of the target this config serves: its host picks the nginx server"
            + " block, and its rate_limits are compared with limit_req.", example = "api")
        String target) {
  /** The kinds of config secaudit parses. */
  public static final List<String> KINDS = List.of("nginx", "sshd");

  /** @param targets the target names a config may be tied to */
  void validate(String at, Set<String> targets, PolicyProblems problems) {
    if (kind == null) {
      problems.add(at, "missing 'kind' (nginx or sshd)");
    } else if (!KINDS.contains(kind)) {
      problems.add(at + "/kind", "unknown kind '" + kind + "'" + Suggestions.didYouMean(kind, KINDS)
          + "; known: " + String.join(", ", KINDS));
    }
    if (path == null || path.isBlank()) {
      problems.add(at, "missing 'path' (the main config file, such as"
          + " ../deploy/nginx/nginx.conf)");
    }
    if (target != null && !targets.contains(target)) {
      problems.add(at + "/target", "no target is named '" + target + "'"
          + Suggestions.didYouMean(target, targets));
    }
  }
}
