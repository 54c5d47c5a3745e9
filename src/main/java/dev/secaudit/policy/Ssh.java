package dev.secaudit.policy;

import java.util.List;

@Doc("SSH server rules (\"SSH keys only\"), judged on sshd_config with OpenSSH's defaults for"
    + " what the file leaves unset.")
public record Ssh(
    @Doc("PasswordAuthentication may be on.")
        Boolean passwordAuthentication,
    @Doc("KbdInteractiveAuthentication (ChallengeResponseAuthentication) may be on;"
            + " with PAM it asks for passwords too.")
        Boolean kbdInteractiveAuthentication,
    @Doc("PubkeyAuthentication must be on.")
        Boolean pubkeyAuthentication,
    @Doc(value = "The most PermitRootLogin may allow: no, forced-commands-only,"
            + " prohibit-password (keys only) or yes.",
            example = "no")
        String permitRootLogin) {
  public static final Ssh DEFAULTS = new Ssh(null, null, null, null);
  /** PermitRootLogin values from strictest to loosest (without-password is prohibit-password). */
  public static final List<String> ROOT_LOGIN = List.of("no", "forced-commands-only",
      "prohibit-password", "yes");

  public Ssh {
    passwordAuthentication = Unset.or(passwordAuthentication, Boolean.FALSE);
    kbdInteractiveAuthentication = Unset.or(kbdInteractiveAuthentication, Boolean.FALSE);
    pubkeyAuthentication = Unset.or(pubkeyAuthentication, Boolean.TRUE);
    permitRootLogin = permitRootLogin == null ? "prohibit-password"
        : permitRootLogin.equals("false") ? "no" : permitRootLogin.equals("true") ? "yes"
        : permitRootLogin.trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** The sshd rules judge an sshd_config, so one must be listed. */
  void validate(List<ConfigFile> configs, PolicyProblems problems) {
    if (!ROOT_LOGIN.contains(permitRootLogin) && !permitRootLogin.equals("without-password")) {
      problems.add("/ssh/permit_root_login", "'" + permitRootLogin + "' is not a PermitRootLogin"
          + " value" + Suggestions.didYouMean(permitRootLogin, ROOT_LOGIN) + "; use one of "
          + String.join(", ", ROOT_LOGIN));
    }
    if (configs.stream().noneMatch(c -> "sshd".equals(c.kind()))) {
      problems.add("/ssh", "nothing to judge: list an sshd_config under 'configs' (kind:"
          + " sshd)");
    }
  }
}
