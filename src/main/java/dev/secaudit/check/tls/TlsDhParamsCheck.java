package dev.secaudit.check.tls;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.SuiteEnumeration;
import dev.secaudit.probe.tls.TlsObservation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * tls.dh_params: the prime of every accepted finite-field DHE suite is at least min_dh_bits. A
 * 1024-bit group is within reach of a state-level precomputation (Logjam, 2015) and a client that
 * negotiates it gets forward secrecy in name only, so the suite's strength is not enough to judge.
 * One finding per version with DHE suites, and one PASS when no DHE suite is accepted at all.
 */
public final class TlsDhParamsCheck extends TlsCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("tls.dh_params",
          "Finite-field DHE groups are large enough",
          Severity.MEDIUM,
          "tls",
          ControlAreas.CRYPTO,
          "Use a 2048-bit or larger group (RFC 7919 ffdhe2048; nginx: ssl_dhparam with a"
            + " 2048-bit file) or drop DHE suites in favour of ECDHE.",
          "RFC 7919; Logjam (weakdh.org, 2015); Mozilla server-side TLS 6.0 (ffdhe2048)"));

  static final String ID = "tls.dh_params";
  private static final String AT = PolicyPointer.TLS_MIN_DH_BITS;

  public TlsDhParamsCheck() {
    super(REPORTS, EnumSet.of(Aspect.TLS, Aspect.TLS_CIPHERS));
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    int min = ctx.policy().tls().minDhBits();
    String expected = "DHE groups of at least " + min + " bits";
    TargetObservations obs = ctx.observations();
    TlsObservation tls = tls(ctx);
    Optional<Finding> skipped = withoutSuites(ctx, ID, "DHE parameters", expected, AT);
    if (skipped.isPresent()) {
      return List.of(skipped.get());
    }
    List<Finding> out = new ArrayList<>();
    for (SuiteEnumeration e : tls.suites()) {
      List<String> small = new ArrayList<>();
      List<String> unread = new ArrayList<>();
      List<String> fine = new ArrayList<>();
      for (SuiteEnumeration.AcceptedSuite s : e.suites()) {
        if (!s.name().contains("_DHE_") && !s.name().contains("_DH_anon_")) {
          continue;
        }
        if (s.dhBits() == null) {
          unread.add(s.name());
        } else {
          (s.dhBits() < min ? small : fine).add(s.name() + " " + s.dhBits() + " bits");
        }
      }
      if (small.isEmpty() && unread.isEmpty() && fine.isEmpty()) {
        continue;
      }
      Status status = !small.isEmpty() ? Status.FAIL : !unread.isEmpty() ? Status.ERROR
          : Status.PASS;
      List<String> parts = new ArrayList<>();
      if (!small.isEmpty()) {
        parts.add("below " + min + ": " + String.join(", ", small));
      }
      if (!fine.isEmpty()) {
        parts.add(String.join(", ", fine));
      }
      if (!unread.isEmpty()) {
        parts.add("key exchange not read: " + String.join(", ", unread));
      }
      out.add(ctx.finding(ID, e.version().label() + " DHE", status, expected,
          tls.endpoint() + ": " + String.join("; ", parts), List.of(obs.tlsSuitesArtifact(e)),
          AT));
    }
    if (out.isEmpty()) {
      // "None accepted" needs every suite tried: an unenumerated one may be a DHE suite.
      String incomplete = TlsSuiteFacts.incompleteReason(tls);
      out.add(incomplete == null
          ? ctx.finding(ID, "DHE parameters", Status.PASS, expected, "no finite-field DHE suite"
              + " accepted on " + tls.endpoint(), List.of(), AT)
          : ctx.finding(ID, "DHE parameters", Status.ERROR, expected, "no finite-field DHE suite"
              + " among those enumerated on " + tls.endpoint() + "; " + incomplete,
              tls.suites().stream().map(obs::tlsSuitesArtifact).toList(), AT));
    }
    return out;
  }
}
