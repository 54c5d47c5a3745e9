package dev.secaudit.check.config;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.config.NginxConfigObservation;
import dev.secaudit.probe.config.NginxDirective;
import java.util.ArrayList;
import java.util.List;

/**
 * config.nginx.server_tokens: the config twin of header.info_leak. nginx puts its version in
 * the Server header and on error pages unless server_tokens is off (the default is on); "build"
 * adds the build name. One finding per server, plus one per location that sets it again.
 */
public final class NginxServerTokensCheck extends NginxCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("config.nginx.server_tokens",
          "nginx does not announce its"
            + " version (server_tokens off)",
          Severity.LOW,
          "configs",
          "soc2:CC7.1 iso27001:8.9 iso27001:8.8",
          "Set server_tokens off; in the http block (and remove server_tokens on below it).",
          "nginx ngx_http_core_module: server_tokens; OWASP Secure Headers Project"));

  @Override
  public List<CheckInfo> reports() {
    return REPORTS;
  }

  static final String ID = "config.nginx.server_tokens";
  private static final String EXPECTED = "server_tokens off (no version in Server or error pages)";

  @Override
  boolean policyAsks(Policy policy) {
    return policy.infoLeak() != null && policy.infoLeak().enabled();
  }

  @Override
  List<Finding> judge(CheckContext ctx, NginxConfigObservation config, NginxDirective http) {
    List<Finding> out = new ArrayList<>();
    List<String> evidence = List.of(config.evidenceId());
    List<NginxContexts.Level> all = NginxContexts.servers(http);
    NginxTargetScope.Scope scope = NginxTargetScope.of(ctx, config, all, all);
    for (NginxContexts.Level server : scope.judged()) {
      out.add(verdict(ctx, server, evidence));
      for (NginxContexts.Level location : NginxContexts.locations(server)) {
        if (location.block().child("server_tokens") != null) {
          out.add(verdict(ctx, location, evidence));
        }
      }
    }
    Finding leftOut = NginxTargetScope.leftOut(ctx, ID, config, http, scope);
    if (leftOut != null) {
      out.add(leftOut);
    }
    return out;
  }

  private static Finding verdict(CheckContext ctx, NginxContexts.Level level,
      List<String> evidence) {
    NginxDirective d = level.plain("server_tokens");
    Finding.Builder finding = ctx.finding(ID).about(Subject.directive("server_tokens"))
        .expected(EXPECTED, new Value.Setting("server_tokens", "off")).evidence(evidence)
        .rule(PolicyPointer.INFO_LEAK);
    if (d == null) {
      // Unset is nginx's default, on in every release: that is the value in effect.
      return finding.subject(level.subject(level.block())).status(Status.FAIL)
          .observed("server_tokens unset in " + level.label() + " and above: nginx's default is"
              + " on", new Value.Setting("server_tokens", "on")).build();
    }
    boolean off = d.arg(0).equals("off");
    String observed = d.text() + " (" + d.at() + ") in effect for " + level.label();
    return finding.subject(level.subject(d)).status(off ? Status.PASS : Status.FAIL)
        .observed(off ? observed : observed + ": the version is announced",
            new Value.Setting("server_tokens", String.join(" ", d.args()))).build();
  }
}
