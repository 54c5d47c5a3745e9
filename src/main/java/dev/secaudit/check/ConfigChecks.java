package dev.secaudit.check;

import static dev.secaudit.model.Severity.HIGH;
import static dev.secaudit.model.Severity.LOW;
import static dev.secaudit.model.Severity.MEDIUM;

import java.util.Map;

/** The server-config check ids, kept here so the shared catalog gains one line. */
final class ConfigChecks {
  /** Cryptography configured, and configuration kept as stated. */
  private static final String CRYPTO_CONFIG =
      "soc2:CC6.7 soc2:CC7.1 gdpr:32(1)(a) iso27001:8.24 iso27001:8.9";
  private static final String BOUNDARY_CONFIG =
      "soc2:CC6.6 soc2:CC7.1 gdpr:32(1)(b) iso27001:8.9 iso27001:8.20";

  private ConfigChecks() {}

  static void addTo(Map<String, CheckInfo> all) {
    CheckCatalog.add(all, CheckInfo.of("config.nginx.tls_protocols", "nginx enables only the TLS"
        + " versions the policy allows (ssl_protocols)", HIGH, CRYPTO_CONFIG,
        "Set ssl_protocols TLSv1.2 TLSv1.3; (or what tls.min_version allows) in the http block,"
            + " and do not re-enable older versions in a server block.",
        "nginx ngx_http_ssl_module: ssl_protocols; RFC 8996"));
    CheckCatalog.add(all, CheckInfo.of("config.nginx.tls_ciphers", "nginx names only cipher"
        + " suites the policy allows (ssl_ciphers)", MEDIUM, CRYPTO_CONFIG,
        "List ECDHE suites with AES-GCM or ChaCha20-Poly1305 by name in ssl_ciphers (Mozilla"
            + " intermediate), and drop keywords whose expansion depends on the OpenSSL build.",
        "nginx ssl_ciphers; OpenSSL ciphers(1) cipher strings; Mozilla server-side TLS 6.0"));
    CheckCatalog.add(all, CheckInfo.of("config.nginx.headers", "nginx sends the policy's security"
        + " headers at every server and location (add_header inheritance)", MEDIUM,
        BOUNDARY_CONFIG, "Repeat the security add_header lines in every block that has its own"
            + " add_header (or include one snippet everywhere), and add 'always' so error"
            + " responses carry them too.",
        "nginx ngx_http_headers_module: add_header (inheritance, always); each header judged by"
            + " the live checks' own rules (header.rule, hsts.*, csp.*, header.framing), so a rule"
            + " gets one verdict whatever the header's source; an add_header inside an if in a"
            + " location replaces the location's for the requests the if matches (nginx: 'If is"
            + " evil'): each such branch is judged on its own, its condition not evaluated"));
    CheckCatalog.add(all, CheckInfo.of("config.nginx.server_tokens", "nginx does not announce its"
        + " version (server_tokens off)", LOW, "soc2:CC7.1 iso27001:8.9 iso27001:8.8",
        "Set server_tokens off; in the http block (and remove server_tokens on below it).",
        "nginx ngx_http_core_module: server_tokens; OWASP Secure Headers Project"));
    CheckCatalog.add(all, CheckInfo.of("config.nginx.rate_limit", "nginx limits the endpoint as"
        + " the policy's rate limit states (limit_req)", MEDIUM, BOUNDARY_CONFIG,
        "Add limit_req zone=NAME burst=B nodelay; to the location serving the path, with"
            + " limit_req_zone rate x window and burst + 1 within the stated limit, and"
            + " limit_req_status 429.", "nginx ngx_http_limit_req_module; RFC 6585 §4"));
    CheckCatalog.add(all, CheckInfo.of("config.sshd.auth", "sshd allows only the logins the"
        + " policy allows (keys only, root login)", HIGH,
        "soc2:CC6.1 soc2:CC6.6 soc2:CC7.1 gdpr:32(1)(b) iso27001:8.5 iso27001:8.9",
        "Set PasswordAuthentication no, KbdInteractiveAuthentication no, PubkeyAuthentication"
            + " yes and PermitRootLogin no (or prohibit-password) before any Match block, and"
            + " do not turn them back on inside one.",
        "sshd_config(5); OpenSSH defaults"));
  }
}
