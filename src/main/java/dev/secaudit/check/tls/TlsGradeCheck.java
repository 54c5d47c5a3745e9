package dev.secaudit.check.tls;

import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.TlsObservation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * tls.grade: an informational SSL Labs-style letter (see {@link TlsRating} for how it is
 * simplified). It never fails a gate; the checks behind it (tls.protocols, tls.ciphers,
 * tls.forward_secrecy, tls.certificate.*) are the ones that judge.
 */
public final class TlsGradeCheck extends TlsCheck {
  static final String ID = "tls.grade";

  public TlsGradeCheck() {
    super(EnumSet.of(Aspect.TLS, Aspect.TLS_CIPHERS));
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    TargetObservations obs = ctx.observations();
    TlsObservation tls = tls(ctx);
    Optional<Finding> skipped = withoutSuites(ctx, ID, "grade", "a grade", "/tls");
    if (skipped.isPresent()) {
      return List.of(skipped.get());
    }
    TlsRating r = TlsRating.of(tls);
    List<String> evidence = new ArrayList<>();
    tls.versions().forEach(v -> evidence.add(obs.tlsVersionArtifact(v)));
    tls.suites().forEach(e -> evidence.add(obs.tlsSuitesArtifact(e)));
    String incomplete = TlsSuiteFacts.incompleteReason(tls);
    // A grade from part of the suites is not a lower or upper bound of the real one, so it is
    // shown only as what was seen, and the finding says it could not be graded.
    String observed = incomplete == null
        ? r.summary() + " on " + tls.endpoint() + TlsSuiteFacts.untestedNote(tls)
        : "not graded on " + tls.endpoint() + ": " + incomplete + " (from the suites seen: "
            + r.summary() + ")";
    return List.of(ctx.finding(ID, "grade", incomplete == null ? Status.PASS : Status.ERROR,
        "informational: SSL Labs-style grade", observed, evidence, "/tls"));
  }
}
