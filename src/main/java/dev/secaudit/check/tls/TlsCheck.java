package dev.secaudit.check.tls;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.PolicyPointer;
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
    return skipped == null ? Optional.empty() : Optional.of(ctx.finding(id).subject(subject)
        .about(endpoint(ctx)).status(Status.SKIPPED).expected(expected).observed(skipped)
        .rule(pointer).build());
  }

  /**
   * The host:port a finding about the whole TLS service judged; the target's URL when TLS was
   * not probed at all, since then no endpoint was reached.
   */
  static Subject endpoint(CheckContext ctx) {
    TlsObservation tls = tls(ctx);
    if (tls != null) {
      return Subject.endpoint(tls.endpoint());
    }
    return ctx.target() == null ? null : new Subject(Subject.Kind.URL, ctx.target().url());
  }

  /**
   * The one finding of an informational check of the whole endpoint (its grade, its profile):
   * {@code decided} (PASS when what was found is what the finding expects, INFO when it is only
   * reported) with what was found, or ERROR when the suites seen cannot decide it, and then no
   * value, since a verdict from part of the suites is not the endpoint's.
   *
   * @param undecided why the suites seen cannot decide, or null when they can
   */
  static Finding ofEndpoint(CheckContext ctx, String id, String subject, String expected,
      String undecided, Status decided, String observed, Value found, List<String> evidence) {
    return ctx.finding(id).subject(subject).about(endpoint(ctx))
        .status(undecided == null ? decided : Status.ERROR).expected(expected)
        .observed(observed, undecided == null ? found : null).evidence(evidence)
        .rule(PolicyPointer.TLS).build();
  }

  static TlsObservation tls(CheckContext ctx) {
    TargetObservations obs = ctx.observations();
    return obs == null ? null : obs.tls();
  }
}
