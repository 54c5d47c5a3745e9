package dev.secaudit.check;

import static dev.secaudit.model.Severity.HIGH;
import static dev.secaudit.model.Severity.MEDIUM;

import java.util.Map;

/** Repository and data-hygiene check ids, kept here so the shared catalog gains one line. */
final class HygieneChecks {
  private HygieneChecks() {}

  static void addTo(Map<String, CheckInfo> all) {
    CheckCatalog.add(all, CheckInfo.of("repo.secrets", "No secrets in the repository's working"
        + " tree or history", HIGH,
        "soc2:CC6.1 soc2:C1.1 gdpr:32(1)(b) iso27001:8.4 iso27001:8.12 iso27001:8.24 iso27001:8.28",
        "Revoke and rotate the secret first (it is in every clone, and deleting the file does not"
            + " remove it from history), then move it to a secret manager or an ignored file;"
            + " rewrite history only after rotating. Accept test fixtures and revoked examples"
            + " with secrets.allow_paths or allow_fingerprints.",
        "OWASP Secrets Management Cheat Sheet; CWE-798; issuers' token formats (AWS, GitHub,"
            + " GitLab, Stripe, Slack, Google Cloud)"));
    CheckCatalog.add(all, CheckInfo.of("repo.lock_files", "Every dependency manifest's versions"
        + " are pinned (lock file or exact versions)", MEDIUM,
        "soc2:CC8.1 soc2:CC7.1 iso27001:8.28 iso27001:8.32",
        "Commit the lock file your package manager writes (package-lock.json, yarn.lock,"
            + " pnpm-lock.yaml, poetry.lock, uv.lock, Pipfile.lock, go.sum) and install from it in"
            + " CI (npm ci, poetry install --sync, uv sync --locked); in Maven and requirements.txt"
            + " pin exact versions (no ranges, LATEST, RELEASE, or SNAPSHOT in a release).",
        "OWASP Top 10 2021 A06/A08; SLSA build requirements; npm, pip, Maven and Go module"
            + " documentation on lock files and reproducible builds"));
    CheckCatalog.add(all, CheckInfo.of("repo.dependency_updates", "Dependency updates are"
        + " automated for every ecosystem", MEDIUM,
        "soc2:CC7.1 soc2:CC8.1 iso27001:8.8 iso27001:8.32",
        "Add .github/dependabot.yml with an updates entry per ecosystem (npm, maven, pip, gomod)"
            + " or a Renovate config (renovate.json), so fixes reach the lock files without"
            + " waiting for someone to look.", "GitHub Dependabot version updates: configuration"
            + " options; Renovate configuration docs"));
    CheckCatalog.add(all, CheckInfo.of("data.personal_data", "Logs and exports hold no personal"
        + " data in clear", MEDIUM,
        "soc2:P4.2 soc2:C1.1 gdpr:5(1)(c) gdpr:25(1) gdpr:25(2) gdpr:32(1)(a) iso27001:5.34"
            + " iso27001:8.11 iso27001:8.12",
        "Stop writing the data (log ids, not emails; never log card numbers), mask it where it is"
            + " needed (last four digits, j***@example.com), and purge or re-mask the files already"
            + " written; card numbers in logs are in PCI DSS scope.",
        "GDPR Art. 5(1)(c) and 25; OWASP Logging Cheat Sheet; PCI DSS 4.0 Req. 3.3-3.5;"
            + " ISO 13616 (IBAN mod-97); ISO/IEC 7812 (Luhn)"));
    CheckCatalog.add(all, CheckInfo.of("data.secrets", "Logs and exports hold no credentials in"
        + " clear", HIGH, "soc2:CC6.1 soc2:C1.1 gdpr:32(1)(b) iso27001:8.12 iso27001:8.15",
        "Rotate the credentials found, then redact them before they are written (mask"
            + " Authorization headers, strip user:password from URLs, filter password parameters"
            + " and JSON fields, never log tokens).",
        "OWASP Logging Cheat Sheet (data to exclude: passwords); CWE-532; CWE-598 (credentials"
            + " in query strings); RFC 6750 §5.3; RFC 7519"));
  }
}
