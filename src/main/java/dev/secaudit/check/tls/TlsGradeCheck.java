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
 * tls.grade: an informational SSL Labs-style letter (see {@link TlsRating} for how it is
 * simplified). It never fails a gate; the checks behind it (tls.protocols, tls.ciphers,
 * tls.forward_secrecy, tls.certificate.*) are the ones that judge.
 *
 * <p>Recorded as INFO whatever the letter: the policy states no grade to reach, so no letter is
 * met or missed, and a PASS would be counted as a verified claim and an operating control (an F
 * once was, at 100 %).
 */
public final class TlsGradeCheck extends TlsCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("tls.grade",
          "SSL Labs-style grade (informational)",
          Severity.INFO,
          "tls",
          ControlAreas.CRYPTO,
          "Raise the grade by fixing the findings of tls.protocols, tls.ciphers, tls.forward_secrecy"
            + " and tls.certificate.*.",
          "Qualys SSL Labs: SSL Server Rating Guide (2009),"
            + " simplified: score = 30% protocol ((best+worst)/2) + 30% key exchange (weakest: DH"
            + " prime for DHE where read, certificate key for static RSA, weakest group accepted"
            + " or undetermined for ECDHE and TLS 1.3) + 40% cipher ((strongest+weakest)/2); A >= 80, B >= 65,"
            + " C >= 50, D >= 35, E >= 20, else F; caps: SSLv2, NULL, anonymous or EXPORT -> F;"
            + " RC4 or neither TLS 1.2 nor 1.3 -> C (SSL Labs 1.17, May 2015); SSLv3/TLS 1.0/1.1"
            + " or no forward secrecy -> B; RSA/DSA certificate key < 1024 bits or an MD5"
            + " signature -> F, key < 2048 -> B (Qualys, 'Stricter Security Requirements for"
            + " 2014', rating guide 2009h); DH parameters < 1024 bits -> F, < 2048 -> B (SSL Labs"
            + " 1.17, Logjam, May 2015); SHA-1 signature on the leaf or an intermediate -> T"
            + " (browsers distrust it since Chrome 56 / Firefox 51, January 2017; SSL Labs grades"
            + " untrusted as T); untrusted -> T; host not named -> M; the certificate caps, T"
            + " and M of every chain the accepted suites show (an RSA one beside an ECDSA one),"
            + " the worst deciding; no A+/A- and no browser simulations (HSTS is judged by"
            + " hsts.*)"));

  static final String ID = "tls.grade";

  public TlsGradeCheck() {
    super(REPORTS, EnumSet.of(Aspect.TLS, Aspect.TLS_CIPHERS));
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    TargetObservations obs = ctx.observations();
    TlsObservation tls = tls(ctx);
    Optional<Finding> skipped = withoutSuites(ctx, ID, "grade", "a grade", PolicyPointer.TLS);
    if (skipped.isPresent()) {
      return List.of(skipped.get());
    }
    TlsRating r = TlsRating.of(tls);
    List<String> evidence = new ArrayList<>();
    tls.versions().forEach(v -> evidence.add(obs.tlsVersionArtifact(v)));
    tls.suites().forEach(e -> evidence.add(obs.tlsSuitesArtifact(e)));
    // The certificates cap the grade (T for an untrusted or expired one, a weak key), so the
    // chains the letter was judged on are its evidence too.
    evidence.addAll(JudgedChain.artifacts(tls, obs));
    String incomplete = TlsSuiteFacts.incompleteReason(tls);
    // A grade from part of the suites is not a lower or upper bound of the real one, so it is
    // shown only as what was seen, and the finding says it could not be graded.
    String observed = incomplete == null
        ? r.summary() + " on " + tls.endpoint() + TlsSuiteFacts.untestedNote(tls)
        : "not graded on " + tls.endpoint() + ": " + incomplete + " (from the suites seen: "
            + r.summary() + ")";
    // The grade is of the worst certificate a client can be served; with one not fetched the
    // letter is only what the others allow, never passed as the endpoint's.
    return OtherCertificates.marked(tls, List.of(ofEndpoint(ctx, ID, "grade",
        "informational: SSL Labs-style grade", incomplete, Status.INFO, observed,
        new Value.Text(r.letter()), evidence)));
  }
}
