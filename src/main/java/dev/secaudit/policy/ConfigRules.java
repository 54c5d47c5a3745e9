package dev.secaudit.policy;

import java.util.Set;

/**
 * Validation of the configs and ssh sections, kept apart from PolicyValidator so their rules
 * live in one place (names are checked with every other source's).
 */
final class ConfigRules {
  private final PolicyProblems problems;

  ConfigRules(PolicyProblems problems) {
    this.problems = problems;
  }

  void validate(Policy p) {
    Set<String> targets = Target.names(p.targets());
    for (int i = 0; i < p.configs().size(); i++) {
      ConfigFile c = p.configs().get(i);
      String at = "/configs/" + i;
      if (c.kind() == null) {
        problems.add(at, "missing 'kind' (nginx or sshd)");
      } else if (!ConfigFile.KINDS.contains(c.kind())) {
        problems.add(at + "/kind", "unknown kind '" + c.kind() + "'"
            + Suggestions.didYouMean(c.kind(), ConfigFile.KINDS) + "; known: "
            + String.join(", ", ConfigFile.KINDS));
      }
      if (c.path() == null || c.path().isBlank()) {
        problems.add(at, "missing 'path' (the main config file, such as"
            + " ../deploy/nginx/nginx.conf)");
      }
      if (c.target() != null && !targets.contains(c.target())) {
        problems.add(at + "/target", "no target is named '" + c.target() + "'"
            + Suggestions.didYouMean(c.target(), targets));
      }
    }
    if (p.ssh() != null) {
      String root = p.ssh().permitRootLogin();
      if (!Ssh.ROOT_LOGIN.contains(root) && !root.equals("without-password")) {
        problems.add("/ssh/permit_root_login", "'" + root + "' is not a PermitRootLogin value"
            + Suggestions.didYouMean(root, Ssh.ROOT_LOGIN) + "; use one of "
            + String.join(", ", Ssh.ROOT_LOGIN));
      }
      if (p.configs().stream().noneMatch(c -> "sshd".equals(c.kind()))) {
        problems.add("/ssh", "nothing to judge: list an sshd_config under 'configs' (kind:"
            + " sshd)");
      }
    }
  }
}
