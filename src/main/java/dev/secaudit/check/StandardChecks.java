package dev.secaudit.check;

import java.util.List;

/**
 * The checks secaudit ships, one registration line each: everything else about a check (its ids,
 * titles, severities, mappings, documentation, the observations it needs) is declared by the
 * check itself. Fresh instances on every call: checks hold no state, and nothing here is shared.
 */
public final class StandardChecks {
  private StandardChecks() {}

  public static List<Check> all() {
    return List.of(
        new dev.secaudit.check.tls.TlsProtocolCheck(),
        new dev.secaudit.check.tls.TlsCertificateCheck(),
        new dev.secaudit.check.tls.TlsChainCheck(),
        new dev.secaudit.check.tls.TlsCipherCheck(),
        new dev.secaudit.check.tls.TlsDhParamsCheck(),
        new dev.secaudit.check.tls.TlsForwardSecrecyCheck(),
        new dev.secaudit.check.tls.TlsGradeCheck(),
        new dev.secaudit.check.tls.MozillaProfileCheck(),
        new dev.secaudit.check.http.RedirectCheck(),
        new dev.secaudit.check.http.DowngradeCheck(),
        new dev.secaudit.check.http.CredentialsCheck(),
        new dev.secaudit.check.http.HstsCheck(),
        new dev.secaudit.check.csp.CspCheck(),
        new dev.secaudit.check.http.HeaderRulesCheck(),
        new dev.secaudit.check.http.InfoLeakCheck(),
        new dev.secaudit.check.http.FramingCheck(),
        new dev.secaudit.check.http.PermissionsPolicyCheck(),
        new dev.secaudit.check.http.CorsCheck(),
        new dev.secaudit.check.cookie.CookieCheck(),
        new dev.secaudit.check.securitytxt.SecurityTxtCheck(),
        new dev.secaudit.check.ratelimit.RateLimitCheck(),
        new dev.secaudit.check.subprocessors.SubprocessorsCheck(),
        new dev.secaudit.check.subprocessors.DependencyVendorsCheck(),
        new dev.secaudit.check.subprocessors.DnsVendorsCheck(),
        new dev.secaudit.check.subprocessors.EdgeVendorsCheck(),
        new dev.secaudit.check.retention.RetentionCheck(),
        new dev.secaudit.check.hygiene.RepositorySecretsCheck(),
        new dev.secaudit.check.hygiene.DependencyChecks(),
        new dev.secaudit.check.hygiene.DataHygieneCheck(),
        new dev.secaudit.check.flow.FlowCheck(),
        new dev.secaudit.check.config.NginxTlsCheck(),
        new dev.secaudit.check.config.NginxHeadersCheck(),
        new dev.secaudit.check.config.NginxServerTokensCheck(),
        new dev.secaudit.check.config.NginxRateLimitCheck(),
        new dev.secaudit.check.config.SshdAuthCheck());
  }

  /** The catalogue of {@link #all()}: what `secaudit checks` lists and a policy may name. */
  public static CheckCatalog catalog() {
    return new CheckCatalog(all());
  }
}
