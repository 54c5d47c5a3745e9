package dev.secaudit.scan;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.Check;
import dev.secaudit.policy.Target;
import dev.secaudit.policy.TargetAddress;
import dev.secaudit.probe.TargetBudget;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.StartTls;
import dev.secaudit.probe.tls.TlsEndpoint;
import dev.secaudit.probe.tls.TlsObservation;
import java.util.Set;

/**
 * A host:port target (a mail, directory or database server): TLS is all there is to observe, so
 * only the checks that need nothing but TLS run on it. The HTTP checks are not applicable rather
 * than SKIPPED: a mail server has no HSTS to skip, and a report full of SKIPPED rows for every
 * such target would hide the ones a user skipped on purpose.
 */
final class TlsOnlyTarget {
  /** What a check may need and still run on a TLS-only target. */
  static final Set<Aspect> TLS_ASPECTS = Set.of(Aspect.TLS, Aspect.TLS_CIPHERS);

  private TlsOnlyTarget() {}

  /** Whether the check judges a TLS-only target at all. */
  static boolean applies(Check c) {
    return TLS_ASPECTS.containsAll(c.needs()) && !c.needs().isEmpty();
  }

  /** @param connections the host's count of open connections, shared with its other targets */
  static TargetObservations observe(TargetProber prober, Target t, Set<Aspect> aspects,
      TargetBudget budget, java.util.concurrent.Semaphore connections) {
    TlsObservation tls = null;
    if (aspects.contains(Aspect.TLS)) {
      TargetAddress a = TargetAddress.parse(t.url());
      String sni = t.sni() != null ? t.sni() : TargetProber.isIpLiteral(a.host()) ? null : a.host();
      tls = prober.tls(new TlsEndpoint(a.host(), a.port(), sni, StartTls.parse(t.starttls())),
          aspects.contains(Aspect.TLS_CIPHERS), prober.perHost(), budget, connections);
    }
    return TargetObservations.of(t.name()).with(tls).withBudgetSpent(budget.spent());
  }

  /** The host a target's connections go to, for the per-host limit. */
  static String host(Target t) {
    try {
      return TargetAddress.parse(t.url()).host();
    } catch (IllegalArgumentException e) {
      return t.url();
    }
  }
}
