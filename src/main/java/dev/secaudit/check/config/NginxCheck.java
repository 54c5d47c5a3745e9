package dev.secaudit.check.config;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.SourceOnlyCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Target;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.config.NginxConfigObservation;
import dev.secaudit.probe.config.NginxDirective;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The shape every nginx config check shares: judged on sources only, an unreadable config is an
 * ERROR per check id, a config without an http block is SKIPPED.
 */
abstract class NginxCheck implements SourceOnlyCheck {

  /** The check ids this check reports, in the order its declarations give them. */
  List<String> ids() {
    return reports().stream().map(CheckInfo::id).toList();
  }

  /** Whether the policy states what this check compares the config with. */
  abstract boolean policyAsks(Policy policy);

  abstract List<Finding> judge(CheckContext ctx, NginxConfigObservation config,
      NginxDirective http);

  List<Finding> judge(CheckContext ctx, NginxConfigObservation config, NginxDirective http,
      Map<String, TargetObservations> live) {
    return judge(ctx, config, http);
  }

  @Override
  public final boolean appliesTo(Policy policy) {
    return ConfigEntries.any(policy, "nginx") && policyAsks(policy);
  }

  @Override
  public final Set<Aspect> needs() {
    return EnumSet.of(Aspect.CONFIGS);
  }


  @Override
  public List<Finding> evaluateSources(CheckContext policyContext, SourceObservations sources) {
    return judgeSources(policyContext, sources, Map.of());
  }

  /** @param live each target's observations, for a check that weighs what a probe saw there */
  final List<Finding> judgeSources(CheckContext policyContext, SourceObservations sources,
      Map<String, TargetObservations> live) {
    List<Finding> out = new ArrayList<>();
    for (NginxConfigObservation o : sources.of(NginxConfigObservation.class)) {
      CheckContext ctx = policyContext.forSource(o.source());
      if (o.failure() != null) {
        out.addAll(ConfigEntries.unreadable(ctx, ids(), o.failureAt(), o.failure(),
            o.evidenceId()));
        continue;
      }
      NginxDirective http = NginxContexts.http(o.directives());
      if (http == null) {
        for (String id : ids()) {
          Finding.Builder skipped = ctx.finding(id).status(Status.SKIPPED)
              .expected("an http block").observed("no http block in the config")
              .evidence(List.of(o.evidenceId()))
              .rule(ConfigEntries.pointer(ctx.policy(), o.source()));
          out.add((o.files().isEmpty() ? skipped.subject("config")
              : skipped.about(new Subject(Subject.Kind.FILE, o.files().get(0)))).build());
        }
        continue;
      }
      out.addAll(judge(ctx, o, http, live));
    }
    return out;
  }

  /** The target's URL, its port filled in from the scheme; null for a TLS-only endpoint. */
  static HttpUrl url(CheckContext ctx, String target) {
    for (Target t : ctx.policy().targets()) {
      if (t.name().equals(target)) {
        return HttpUrl.parse(t.url());
      }
    }
    return null;
  }
}
