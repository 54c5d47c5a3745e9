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

  /**
   * Why some accepted suites may be missing from the enumeration (per version, each reason once),
   * or null when every enumeration finished. A judgement over all suites (a grade, a profile, "no
   * DHE suite") cannot be made from a partial list: a suite not seen may be the one that decides.
   */
  static String incompleteReason(TlsObservation tls) {
    java.util.Map<String, java.util.List<String>> versionsByReason =
        new java.util.LinkedHashMap<>();
    for (SuiteEnumeration e : tls.suites()) {
      if (e.incomplete() != null) {
        versionsByReason.computeIfAbsent(e.incomplete(), r -> new java.util.ArrayList<>())
            .add(e.version().label());
      }
    }
    if (versionsByReason.isEmpty()) {
      return null;
    }
    java.util.List<String> parts = new java.util.ArrayList<>();
    versionsByReason.forEach((reason, versions) -> parts.add(String.join(", ", versions)
        + " suites not fully enumerated: " + reason));
    return String.join("; ", parts);
  }

  /**
   * The versions that could not be tested (a timeout, an answer that is not TLS), said beside a
   * grade or a profile, which count them as not offered: one of them could be an old version the
   * server does accept. Empty when every version got a verdict.
   */
  static String untestedNote(TlsObservation tls) {
    java.util.List<String> untested = tls.versions().stream()
        .filter(v -> v.outcome() == VersionProbe.Outcome.NOT_TESTABLE)
        .map(v -> v.version().label()).toList();
    return untested.isEmpty() ? "" : "; counted as not offered, since they could not be tested: "
        + String.join(", ", untested);
  }

  static String names(SuiteEnumeration e) {
    return String.join(" ", e.suiteNames());
  }
}
