package dev.secaudit.check.tls;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
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
          "Mozilla TLS profile met (informational)",
          Severity.INFO,
          "tls",
          ControlAreas.CRYPTO,
          "Configure the server from ssl-config.mozilla.org (intermediate or modern).",
          "Mozilla server-side TLS guidelines 6.0"));

  static final String ID = "tls.mozilla_profile";

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
    if (tls.certificate() != null && !tls.certificate().chain().isEmpty()) {
      evidence.add(obs.tlsChainArtifact());
    }
    // Missing suites can only cost a profile, so the answer stands when the server already
    // misses intermediate for a reason of its own; otherwise the suites not seen decide it.
    String incomplete = TlsSuiteFacts.incompleteReason(tls);
    boolean undecided = incomplete != null && p.notIntermediate().stream()
        .allMatch(why -> why.endsWith(" suites not fully enumerated"));
    String observed = undecided ? "profile not determined on " + tls.endpoint() + ": "
        + incomplete : p.summary() + " on " + tls.endpoint() + TlsSuiteFacts.untestedNote(tls);
    return List.of(ofEndpoint(ctx, ID, "profile",
        "informational: Mozilla server-side TLS 6.0 profile met", undecided ? incomplete : null,
        observed, new Value.Text(p.met()), evidence));
  }
}
