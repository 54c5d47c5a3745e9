package dev.secaudit.check.tls;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
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
    Value least = new Value.Count(min, null);
    Optional<Finding> skipped = withoutSuites(ctx, ID, "DHE parameters", expected, AT);
    if (skipped.isPresent()) {
      return List.of(skipped.get());
    }
    TargetObservations obs = ctx.observations();
    TlsObservation tls = tls(ctx);
    List<Finding> out = new ArrayList<>();
    for (SuiteEnumeration e : tls.suites()) {
      List<String> small = new ArrayList<>();
      List<String> unread = new ArrayList<>();
      List<String> fine = new ArrayList<>();
      List<Value> bits = new ArrayList<>();
      for (SuiteEnumeration.AcceptedSuite s : e.suites()) {
        if (!s.name().contains("_DHE_") && !s.name().contains("_DH_anon_")) {
          continue;
        }
        if (s.dhBits() == null) {
          unread.add(s.name());
        } else {
          (s.dhBits() < min ? small : fine).add(s.name() + " " + s.dhBits() + " bits");
          bits.add(new Value.Setting(s.name(), String.valueOf(s.dhBits())));
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
      // Each DHE suite with its group's bits; none when a suite's group was not read.
      out.add(ctx.finding(ID).subject(e.version().label() + " DHE")
          .about(Subject.protocol(e.version())).status(status).expected(expected, least)
          .observed(tls.endpoint() + ": " + String.join("; ", parts),
              unread.isEmpty() ? new Value.Items(bits) : null)
          .evidence(List.of(obs.tlsSuitesArtifact(e))).rule(AT).build());
    }
    if (out.isEmpty()) {
      // "None accepted" needs every suite tried: an unenumerated one may be a DHE suite.
      String incomplete = TlsSuiteFacts.incompleteReason(tls);
      Finding.Builder none = ctx.finding(ID).subject("DHE parameters").about(endpoint(ctx))
          .expected(expected, least).rule(AT);
      // No DHE suite accepted leaves no parameters to judge: the rule does not apply, and the
      // enumeration it was read from is its evidence.
      out.add(incomplete == null
          ? none.status(Status.NOT_APPLICABLE).observed("no finite-field DHE suite accepted on "
              + tls.endpoint(), new Value.Presence("finite-field DHE suite", false))
              .evidence(tls.suites().stream().map(obs::tlsSuitesArtifact).toList()).build()
          : none.status(Status.ERROR).observed("no finite-field DHE suite among those"
              + " enumerated on " + tls.endpoint() + "; " + incomplete)
              .evidence(tls.suites().stream().map(obs::tlsSuitesArtifact).toList()).build());
    }
    return out;
  }
}
