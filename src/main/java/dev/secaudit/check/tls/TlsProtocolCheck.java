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
import dev.secaudit.model.TlsVersion;
import dev.secaudit.policy.Tls;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.TlsObservation;
import dev.secaudit.probe.tls.VersionProbe;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * tls.protocols: one finding per protocol version. A version older than min_version or listed in
 * forbidden_versions must be refused; an allowed version passes either way, since a page that
 * says "TLS 1.2+" does not promise 1.3. A forbidden version that could not be tested is an ERROR
 * (the claim is unverified); an allowed one is SKIPPED with the reason.
 */
public final class TlsProtocolCheck extends TlsCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("tls.protocols",
          "Each SSL/TLS version is accepted or refused as the"
            + " policy says",
          Severity.HIGH,
          "tls",
          ControlAreas.CRYPTO,
          "Disable SSLv2, SSLv3, TLS 1.0 and 1.1 (nginx: ssl_protocols"
            + " TLSv1.2 TLSv1.3;) and any version the policy forbids.",
          "RFC 8996; RFC 8446 §4.2.1; Mozilla server-side TLS 6.0"));

  static final String ID = "tls.protocols";

  /** What a forbidden version should be, as the value its findings observe. */
  private static final Value.Presence NOT_ACCEPTED = new Value.Presence("accepted", false);

  public TlsProtocolCheck() {
    super(REPORTS, EnumSet.of(Aspect.TLS));
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    TlsObservation tls = tls(ctx);
    if (tls == null || tls.skipped() != null) {
      String why = tls == null ? "TLS was not probed" : tls.skipped();
      return List.of(ctx.finding(ID).subject("protocols").about(endpoint(ctx))
          .status(Status.SKIPPED).expected("protocol versions per policy").observed(why)
          .rule(PolicyPointer.TLS).build());
    }
    Tls policy = ctx.policy().tls();
    TargetObservations obs = ctx.observations();
    List<Finding> out = new ArrayList<>();
    List<TlsVersion> allowed = new ArrayList<>();
    boolean anyAllowedAccepted = false;
    boolean anyAllowedUntestable = false;
    for (VersionProbe p : tls.versions()) {
      TlsVersion v = p.version();
      String pointer = TlsRules.forbiddenBy(policy, v);
      boolean forbidden = pointer != null;
      if (pointer == null) {
        pointer = PolicyPointer.TLS_MIN_VERSION;
      }
      // Whether the server accepted the version, as a value: answers about the lowest version a
      // site accepts read it, not the sentence.
      Finding.Builder finding = ctx.finding(ID).about(Subject.protocol(v))
          .observed(p.summary() + " on " + tls.endpoint(),
              p.outcome() == VersionProbe.Outcome.NOT_TESTABLE ? null
                  : new Value.Presence("accepted", p.outcome() == VersionProbe.Outcome.ACCEPTED))
          .evidence(List.of(obs.tlsVersionArtifact(p))).rule(pointer);
      if (forbidden) {
        Status s = switch (p.outcome()) {
          case ACCEPTED -> Status.FAIL;
          case REFUSED -> Status.PASS;
          case NOT_TESTABLE -> Status.ERROR;
        };
        out.add(finding.status(s).expected(v.label() + " refused", NOT_ACCEPTED).build());
      } else {
        allowed.add(v);
        Status s = p.outcome() == VersionProbe.Outcome.NOT_TESTABLE ? Status.SKIPPED : Status.PASS;
        anyAllowedAccepted |= p.outcome() == VersionProbe.Outcome.ACCEPTED;
        anyAllowedUntestable |= p.outcome() == VersionProbe.Outcome.NOT_TESTABLE;
        out.add(finding.status(s).expected(v.label() + " allowed (accepted or refused)").build());
      }
    }
    if (!allowed.isEmpty() && !anyAllowedAccepted && !anyAllowedUntestable) {
      List<String> names = allowed.stream().map(TlsVersion::label).toList();
      // The versions of which one should be accepted, and how many of them were: none.
      out.add(ctx.finding(ID).subject("allowed versions").about(endpoint(ctx))
          .status(Status.FAIL).expected("at least one of " + String.join(", ", names)
              + " accepted", Value.Items.of(names))
          .observed("the server refused every allowed version on " + tls.endpoint(),
              new Value.Count(0, (long) names.size()))
          .evidence(tls.versions().stream().map(obs::tlsVersionArtifact).toList())
          .rule(PolicyPointer.TLS_MIN_VERSION).build());
    }
    return out;
  }
}
