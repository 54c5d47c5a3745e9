package dev.secaudit.check.tls;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Value;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.TlsObservation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * tls.mozilla_profile: informational, which Mozilla 6.0 profile the server meets (modern,
 * intermediate or none) with the reasons it misses the stricter ones. The policy's own rules
 * (presets mozilla-intermediate / mozilla-modern) are what gate.
 */
public final class MozillaProfileCheck extends TlsCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("tls.mozilla_profile",
          "Which Mozilla TLS profile the server meets (informational)",
          Severity.INFO,
          "tls",
          ControlAreas.CRYPTO,
          "Configure the server from ssl-config.mozilla.org (intermediate or modern).",
          "Mozilla server-side TLS guidelines 6.0: the versions, suites and groups accepted,"
            + " and the certificate key, curve, signature and lifespan of every chain the server"
            + " sends (an RSA one beside an ECDSA one too)"));

  static final String ID = "tls.mozilla_profile";
  private static final String EXPECTED =
      "informational: a Mozilla server-side TLS 6.0 profile (modern or intermediate) met";

  public MozillaProfileCheck() {
    super(REPORTS, EnumSet.of(Aspect.TLS, Aspect.TLS_CIPHERS));
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    TargetObservations obs = ctx.observations();
    TlsObservation tls = tls(ctx);
    Optional<Finding> skipped = withoutSuites(ctx, ID, "profile", "a Mozilla profile",
        PolicyPointer.TLS);
    if (skipped.isPresent()) {
      return List.of(skipped.get());
    }
    MozillaProfile p = MozillaProfile.of(tls);
    List<String> evidence = new ArrayList<>();
    tls.suites().forEach(e -> evidence.add(obs.tlsSuitesArtifact(e)));
    evidence.addAll(JudgedChain.artifacts(tls, obs));
    // Missing suites can only cost a profile, so the answer stands when the server already
    // misses intermediate for a reason of its own; otherwise the suites not seen decide it.
    String incomplete = TlsSuiteFacts.incompleteReason(tls);
    boolean undecided = incomplete != null && p.notIntermediate().stream()
        .allMatch(why -> why.endsWith(" suites not fully enumerated"));
    String observed = undecided ? "profile not determined on " + tls.endpoint() + ": "
        + incomplete : p.summary() + " on " + tls.endpoint() + TlsSuiteFacts.untestedNote(tls);
    // Meeting neither profile is reported, not passed: a PASS would count as a met control in
    // the compliance views, and the policy's own tls rules are what fail a gate.
    Status decided = p.met().equals("none") ? Status.INFO : Status.PASS;
    // A certificate not fetched can only cost a profile too: no profile is met on the others.
    return OtherCertificates.marked(tls, List.of(ofEndpoint(ctx, ID, "profile", EXPECTED,
        undecided ? incomplete : null, decided, observed, new Value.Text(p.met()), evidence)));
  }
}
