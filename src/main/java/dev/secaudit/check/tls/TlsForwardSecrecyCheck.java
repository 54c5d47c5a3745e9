package dev.secaudit.check.tls;

import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
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
import dev.secaudit.probe.tls.SuiteTraits;
import dev.secaudit.probe.tls.TlsObservation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * tls.forward_secrecy: one finding per accepted version. With require_forward_secrecy every
 * accepted suite must use an ephemeral key exchange; without it at least one must (a server with
 * none at all exposes every recorded session to whoever later gets its key).
 */
public final class TlsForwardSecrecyCheck extends TlsCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("tls.forward_secrecy",
          "Key exchange is ephemeral ((EC)DHE)",
          Severity.MEDIUM,
          "tls",
          ControlAreas.CRYPTO,
          "Prefer ECDHE suites and remove static RSA key exchange (TLS_RSA_WITH_*).",
          "RFC 9325 §4.1; NIST SP 800-52r2 §3.3.1"));

  static final String ID = "tls.forward_secrecy";

  public TlsForwardSecrecyCheck() {
    super(REPORTS, EnumSet.of(Aspect.TLS, Aspect.TLS_CIPHERS));
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    boolean required = ctx.policy().tls().requireForwardSecrecy();
    TargetObservations obs = ctx.observations();
    TlsObservation tls = tls(ctx);
    List<Finding> out = new ArrayList<>();
    String pointer = required ? PolicyPointer.TLS_FORWARD_SECRECY : PolicyPointer.TLS;
    Optional<Finding> skipped = withoutSuites(ctx, ID, "forward secrecy", "forward secrecy", pointer);
    if (skipped.isPresent()) {
      return List.of(skipped.get());
    }
    for (SuiteEnumeration e : tls.suites()) {
      String v = e.version().label();
      // Anonymous (EC)DH is ephemeral: a recorded session stays closed to whoever later gets a
      // key. What it lacks is authentication, which tls.ciphers fails it for; counting it here
      // as "without forward secrecy" said something false about it.
      List<String> anonymous = e.suites().stream()
          .filter(s -> !s.forwardSecrecy() && SuiteTraits.anonymous(s.name()))
          .map(SuiteEnumeration.AcceptedSuite::name).toList();
      List<String> without = e.suites().stream()
          .filter(s -> !s.forwardSecrecy() && !SuiteTraits.anonymous(s.name()))
          .map(SuiteEnumeration.AcceptedSuite::name).toList();
      long with = e.suites().size() - without.size();
      String expected = required ? "every " + v + " suite uses (EC)DHE"
          : "at least one " + v + " suite uses (EC)DHE";
      String observed = v + " on " + tls.endpoint() + ": " + with + " of " + e.suites().size()
          + " suites with forward secrecy"
          + (anonymous.isEmpty() ? "" : "; ephemeral but anonymous (unauthenticated: whoever"
              + " is in the path can be the other end; judged by tls.ciphers): "
              + String.join(" ", anonymous))
          + (without.isEmpty() ? "" : "; without: " + String.join(" ", without));
      Status status;
      if (e.suites().isEmpty()) {
        status = e.incomplete() != null ? Status.ERROR : Status.SKIPPED;
        observed = v + " on " + tls.endpoint() + ": no suite enumerated"
            + (e.incomplete() != null ? " (" + e.incomplete() + ")" : "");
      } else if (required ? !without.isEmpty() : with == 0) {
        status = Status.FAIL;
      } else if (e.incomplete() != null && (required || with == 0)) {
        status = Status.ERROR;
        observed += " (enumeration incomplete: " + e.incomplete() + ")";
      } else {
        status = Status.PASS;
      }
      // "with of all" counts only suites the enumeration saw: a count of none is no count, and
      // an enumeration cut short has no total (the claims read "every suite" from a whole one).
      Value count = e.suites().isEmpty() ? null : new Value.Count(with,
          e.incomplete() != null ? null : (long) e.suites().size());
      out.add(ctx.finding(ID).about(Subject.protocol(e.version())).status(status)
          .expected(expected).observed(observed, count)
          .evidence(List.of(obs.tlsSuitesArtifact(e))).rule(pointer).build());
    }
    return out;
  }
}
