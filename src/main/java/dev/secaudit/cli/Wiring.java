package dev.secaudit.cli;

import dev.secaudit.check.Check;
import dev.secaudit.check.CheckCatalog;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.scan.Scanner;
import java.util.List;

/** Builds the object graph with constructors: no framework, no globals. */
final class Wiring {
  private Wiring() {}

  /** A policy loader whose every ${env:} value becomes a secret the console never prints. */
  static PolicyLoader loader(Main main) {
    return new PolicyLoader(name -> {
      String value = main.context.env().apply(name);
      main.secrets.add(value);
      return value;
    }, CheckCatalog.ids(), dev.secaudit.compliance.FrameworkCatalog.requirementIds());
  }

  /**
   * A policy loader that reads no environment variable: for the commands that speak only from a
   * scan's evidence (answer, page), so no secret can reach a page or a sheet they write.
   */
  static PolicyLoader loaderWithoutSecrets() {
    return new PolicyLoader(name -> null, CheckCatalog.ids(),
        dev.secaudit.compliance.FrameworkCatalog.requirementIds()).allowingUnsetVariables();
  }

  static List<Check> checks() {
    return List.of(
        new dev.secaudit.check.tls.TlsProtocolCheck(),
        new dev.secaudit.check.tls.TlsCertificateCheck(),
        new dev.secaudit.check.tls.TlsCipherCheck(),
        new dev.secaudit.check.tls.TlsForwardSecrecyCheck(),
        new dev.secaudit.check.tls.TlsGradeCheck(),
        new dev.secaudit.check.tls.MozillaProfileCheck(),
        new dev.secaudit.check.tls.TlsChainCheck(),
        new dev.secaudit.check.tls.TlsDhParamsCheck(),
        new dev.secaudit.check.http.RedirectCheck(),
        new dev.secaudit.check.http.HstsCheck(),
        new dev.secaudit.check.http.HeaderRulesCheck(),
        new dev.secaudit.check.http.InfoLeakCheck(),
        new dev.secaudit.check.http.FramingCheck(),
        new dev.secaudit.check.csp.CspCheck(),
        new dev.secaudit.check.cookie.CookieCheck(),
        new dev.secaudit.check.http.CorsCheck(),
        new dev.secaudit.check.securitytxt.SecurityTxtCheck(),
        new dev.secaudit.check.ratelimit.RateLimitCheck(),
        new dev.secaudit.check.flow.FlowCheck(),
        new dev.secaudit.check.subprocessors.SubprocessorsCheck(),
        new dev.secaudit.check.subprocessors.DependencyVendorsCheck(),
        new dev.secaudit.check.subprocessors.DnsVendorsCheck(),
        new dev.secaudit.check.retention.RetentionCheck(),
        new dev.secaudit.check.hygiene.RepositorySecretsCheck(),
        new dev.secaudit.check.hygiene.DataHygieneCheck(),
        new dev.secaudit.check.hygiene.DependencyChecks(),
        new dev.secaudit.check.config.NginxTlsCheck(),
        new dev.secaudit.check.config.NginxHeadersCheck(),
        new dev.secaudit.check.config.NginxServerTokensCheck(),
        new dev.secaudit.check.config.NginxRateLimitCheck(),
        new dev.secaudit.check.config.SshdAuthCheck());
  }

  static Scanner scanner(Main.Context ctx) {
    return scanner(ctx, false);
  }

  /** @param quiet the user asked for errors only on stderr (-q): no progress, no notes */
  static Scanner scanner(Main.Context ctx, boolean quiet) {
    return new Scanner(ctx.checks().get(), ctx.clock(), new ProgressLines(ctx.err(),
        ProgressLines.mode(quiet, ctx.progressInPlace())));
  }

  /** The catalogue's descriptions of the checks, for the renderers that name rules. */
  static CheckDescriptions checkDescriptions() {
    return new CheckDescriptions(CheckCatalog.all());
  }
}
