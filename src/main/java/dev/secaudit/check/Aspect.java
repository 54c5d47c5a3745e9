package dev.secaudit.check;

/** The kinds of observation a check can ask the probes for. */
public enum Aspect {
  /** The target's pages (targets[].paths), every redirect hop recorded. */
  PAGES,
  /** The plain-HTTP URL and where it redirects. */
  HTTP_REDIRECT,
  /** Requests carrying a foreign Origin. */
  CORS,
  /** /.well-known/security.txt */
  SECURITY_TXT,
  /** The protocol versions of the target's host:port (hand-built hellos) and its certificate. */
  TLS,
  /** The policy's rate_limits, probed actively only when the user opted in. */
  RATE_LIMITS,
  /** With TLS: the cipher suites, their order and the groups of every accepted version. */
  TLS_CIPHERS,
  /** The published subprocessor list (subprocessors.published_at), on the target of its host. */
  SUBPROCESSORS_PAGE,
  /** The dependency manifests of the policy's repositories (a local source). */
  DEPENDENCIES,
  /** MX, SPF and CNAME records (subprocessors.dns), asked of the policy's resolver. */
  DNS,
  /** The policy's retention entries: directories, listings, commands and configs they name. */
  RETENTION,
  /** Repositories with secrets: searched in the working tree and in history. */
  REPOSITORY_SECRETS,
  /** Repositories with lock_files or dependency_updates: manifests, lock files, update bots. */
  REPOSITORY_DEPENDENCIES,
  /** The files data_hygiene entries name, searched for personal data and secrets. */
  DATA_FILES,
  /** The policy's request flows, run actively only when the user opted in. */
  FLOWS,
  /** The server configs of the policy's configs: list (nginx, sshd_config), parsed. */
  CONFIGS
}
