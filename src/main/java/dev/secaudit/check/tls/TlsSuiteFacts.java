package dev.secaudit.check.tls;

import dev.secaudit.probe.tls.SuiteEnumeration;
import dev.secaudit.probe.tls.TlsObservation;
import dev.secaudit.probe.tls.VersionProbe;

/** Shared reading of the cipher-suite observations for the checks of this package. */
final class TlsSuiteFacts {
  private TlsSuiteFacts() {}

  /** Why there is nothing to judge, or null when suites were enumerated. */
  static String skippedReason(TlsObservation tls) {
    if (tls == null) {
      return "TLS was not probed";
    }
    if (tls.skipped() != null) {
      return tls.skipped();
    }
    if (tls.suites().isEmpty()) {
      boolean anyAccepted = tls.versions().stream()
          .anyMatch(v -> v.outcome() == VersionProbe.Outcome.ACCEPTED);
      return anyAccepted ? "cipher suites were not enumerated"
          : "no protocol version was accepted on " + tls.endpoint() + ", so no suite to judge";
    }
    return null;
  }

  static boolean anyIncomplete(TlsObservation tls) {
    return tls.suites().stream().anyMatch(e -> e.incomplete() != null);
  }

  static String names(SuiteEnumeration e) {
    return String.join(" ", e.suiteNames());
  }
}
