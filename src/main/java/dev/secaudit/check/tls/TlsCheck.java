package dev.secaudit.check.tls;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.TlsObservation;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A check of the policy's tls: section: it runs when the section is there, and judges the
 * target's TLS observation (absent when the target was not probed for TLS).
 */
abstract class TlsCheck extends DeclaredCheck {
  TlsCheck(List<CheckInfo> reports, Set<Aspect> needs) {
    super(reports, needs);
  }

  @Override
  public final boolean appliesTo(Policy policy) {
    return policy.tls() != null;
  }

  /**
   * The SKIPPED finding of a check that judges the enumerated suites when there is none to judge
   * (TLS not probed, skipped, or no suite enumerated); empty when there are suites.
   */
  static Optional<Finding> withoutSuites(CheckContext ctx, String id, String subject,
      String expected, String pointer) {
    String skipped = TlsSuiteFacts.skippedReason(tls(ctx));
    return skipped == null ? Optional.empty() : Optional.of(ctx.finding(id, subject,
        Status.SKIPPED, expected, skipped, List.of(), pointer));
  }

  static TlsObservation tls(CheckContext ctx) {
    TargetObservations obs = ctx.observations();
    return obs == null ? null : obs.tls();
  }
}
