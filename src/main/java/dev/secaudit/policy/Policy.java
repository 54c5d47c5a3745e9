package dev.secaudit.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable twin of a security page. Sections left out are not checked; {@code extends}
 * fills them from built-in presets, and the file's own values win.
 */
@Doc("A secaudit policy: the claims of a security page, stated so they can be checked.")
public record Policy(
    @Doc(value = "Policy format version. Only 1 exists.", required = true) Integer version,
    @Doc(value = "Name of the system the policy describes; shown in every report.", required = true)
        String name,
    @JsonProperty("extends")
        @Doc(
            "Built-in presets merged under this file, in order (owasp-headers, baseline-cookies, "
                + "hsts-preload, mozilla-intermediate, mozilla-modern). "
                + "This file's values win.")
        List<String> presets,
    @Doc("Network and engine settings.") Settings settings,
    @Doc("The endpoints to probe.") List<Target> targets,
    @Doc("Compliance frameworks the reports cover: soc2, gdpr, iso27001.")
        List<String> frameworks,
    @Doc("TLS protocol versions (probed with hand-built ClientHellos) and the server certificate.")
        Tls tls,
    @Doc("HTTP to HTTPS redirection rules.") Https https,
    @Doc("Strict-Transport-Security rules.") Hsts hsts,
    @Doc("Content-Security-Policy rules.") Csp csp,
    @Doc("Rules per response header, in the style of drHEADer, keyed by header name.")
        Map<String, HeaderRule> headers,
    @Doc("Headers that leak software and versions (Server with a version, X-Powered-By, ...)."
            + " Like every section, checked only when present: 'info_leak: {}' turns the check"
            + " on (extends: owasp-headers and the URL scan's profile include it), so a policy"
            + " never gains a failing check it did not ask for.")
        InfoLeak infoLeak,
    @Doc("Clickjacking protection: X-Frame-Options or CSP frame-ancestors.") Framing framing,
    @Doc("Cross-origin resource sharing: a foreign Origin is sent on GET and, unless a GET already"
        + " shows it trusted with credentials, on an OPTIONS preflight asking for PUT with a"
        + " custom header; each answer is judged as the Fetch standard does.") Cors cors,
    @Doc("Rules per cookie, matched by name glob (session*, __Host-*). Every Set-Cookie the scan"
        + " recorded is judged: pages and their redirects, the plain-HTTP walk, security.txt, the"
        + " CORS probes, every answer of a flow (a session cookie set at sign-in) and the"
        + " rate-limit probes' answers; a finding names any answer that is not a page (flow,"
        + " step, method and URL).") List<CookieRule> cookies,
    @Doc("security.txt (RFC 9116) at /.well-known/security.txt.") SecurityTxt securityTxt,
    @Doc("Rate limits verified by active probes (opt-in: scan --active or active: true on the"
            + " target): one endpoint each, sequential requests up to a hard cap.")
        List<RateLimit> rateLimits,
    @Doc("Claims that cannot be probed: attested by an owner on a date, with evidence.")
        List<Claim> claims,
    @Doc("Per-check overrides keyed by check id or glob (hsts.*): severity, enabled.")
        Map<String, CheckOverride> checks,
    @Doc("Subprocessors (GDPR Art. 28): the declared list, where it is published, and the third"
            + " parties the targets' pages really load.")
        Subprocessors subprocessors,
    @Doc("Local git repositories of the product (working trees): checked for secrets, lock files"
            + " and dependency automation, and read for the vendor SDKs they depend on.")
        List<Repository> repositories,
    @Doc("Retention windows the page states (\"reports are deleted after 30 days\"), each judged"
            + " where the data lives: a directory, an HTTP listing, a command, a bucket lifecycle,"
            + " logrotate or journald.")
        List<Retention> retention,
    @Doc("Log files and exports scanned for personal data (emails, phone numbers, IBANs, card"
            + " numbers) and secrets (passwords in URLs, bearer tokens, JWTs, keys); findings give"
            + " counts and masked samples only.")
        List<DataHygiene> dataHygiene,
    @Doc("Request flows verified by active probes (opt-in like rate_limits): sign in with test"
            + " credentials, then check session and token lifetimes, one-shot tokens, rejected,"
            + " authenticated, idempotent and CSRF-protected requests.")
        List<Flow> flows,
    @Doc("Server configuration files (nginx, sshd_config) parsed and judged by the same rules"
            + " as the live targets: tls, headers, hsts, csp, framing, info_leak, rate_limits and"
            + " ssh.")
        List<ConfigFile> configs,
    @Doc("SSH server rules, judged on the sshd_config files listed in configs.") Ssh ssh) {

  /** The same policy with other targets (the demo points its targets at the ports it got). */
  public Policy withTargets(List<Target> newTargets) {
    return new Policy(version, name, presets, settings, newTargets, frameworks, tls, https, hsts, csp,
        headers, infoLeak, framing, cors, cookies, securityTxt, rateLimits, claims, checks,
        subprocessors, repositories, retention, dataHygiene, flows, configs, ssh);
  }

  public Policy {
    presets = Unset.orEmpty(presets);
    targets = Unset.orEmpty(targets);
    frameworks = frameworks == null ? List.of("soc2", "gdpr", "iso27001") : List.copyOf(frameworks);
    headers = Unset.orEmpty(headers);
    cookies = cookies == null ? null : List.copyOf(cookies);
    rateLimits = Unset.orEmpty(rateLimits);
    flows = Unset.orEmpty(flows);
    claims = Unset.orEmpty(claims);
    checks = Unset.orEmpty(checks);
    settings = Unset.or(settings, Settings.DEFAULTS);
    repositories = Unset.orEmpty(repositories);
    retention = Unset.orEmpty(retention);
    dataHygiene = Unset.orEmpty(dataHygiene);
    configs = Unset.orEmpty(configs);
  }

  /**
   * Every named entry that is observed on disk or by command rather than over the network (a
   * repository, a retention source, a server config...). Their names share one namespace with the
   * targets, because findings on them carry the name where a target's findings carry the target's.
   */
  public List<SourceEntry> sources() {
    List<SourceEntry> out = new java.util.ArrayList<>();
    named(out, "/repositories/", repositories, Repository::name);
    named(out, "/retention/", retention, Retention::name);
    named(out, "/data_hygiene/", dataHygiene, DataHygiene::name);
    named(out, "/configs/", configs, ConfigFile::name);
    if (subprocessors != null && subprocessors.dns() != null) {
      out.add(new SourceEntry("/subprocessors/dns", subprocessors.dns().name()));
    }
    return out;
  }

  private static <T> void named(List<SourceEntry> out, String pointer, List<T> entries,
      java.util.function.Function<T, String> name) {
    for (int i = 0; i < entries.size(); i++) {
      out.add(new SourceEntry(pointer + i, name.apply(entries.get(i))));
    }
  }

  /** The same policy trusting another CA file (the CLI's --ca-file wins over the policy's). */
  public Policy withCaFile(String caFile) {
    Tls t = tls == null ? null : new Tls(tls.minVersion(), tls.forbiddenVersions(),
        tls.certificate().withCaFile(caFile), tls.allowedSuites(), tls.forbiddenSuites(),
        tls.requireForwardSecrecy(), tls.allowedGroups(), tls.minDhBits());
    return new Policy(version, name, presets, settings, targets, frameworks, t, https, hsts, csp,
        headers, infoLeak, framing, cors, cookies, securityTxt, rateLimits, claims, checks,
        subprocessors, repositories, retention, dataHygiene, flows, configs, ssh);
  }
}
