package dev.secaudit.policy;

import java.util.List;

@Doc("Files (logs, exports) that must hold no personal data or secrets in clear.")
public record DataHygiene(
    @Doc(value = "Short unique name used in reports (shared namespace with targets).",
            example = "app-logs", required = true)
        String name,
    @Doc(value = "File globs (** crosses folders, {a,b} alternatives); relative ones are"
            + " resolved against the policy file's folder. .gz files are read decompressed.",
            example = "[\"/var/log/app/*.log\", \"/var/log/app/*.gz\"]", required = true)
        List<String> paths,
    @Doc(value = "What to look for: email, phone, iban, card, url_password, password (password="
            + " in query strings, \"password\": in JSON), bearer, jwt, secret (private keys,"
            + " cloud, payment and VCS tokens).", defaultValue = "all of them")
        List<String> lookFor,
    @Doc(value = "Most files read; the rest are listed as not read.", defaultValue = "1000")
        Integer maxFiles,
    @Doc(value = "Most bytes read per file, in MiB (decompressed); the rest is noted as not"
            + " read.", defaultValue = "64")
        Integer maxFileMb,
    @Doc(value = "Deepest folder level below a glob's fixed prefix.", defaultValue = "16")
        Integer maxDepth) {
  public DataHygiene {
    paths = Unset.orEmpty(paths);
    lookFor = Unset.orEmpty(lookFor);
    maxFiles = Unset.or(maxFiles, 1000);
    maxFileMb = Unset.or(maxFileMb, 64);
    maxDepth = Unset.or(maxDepth, 16);
  }
}
