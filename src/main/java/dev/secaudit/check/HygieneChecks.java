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
  }
}
