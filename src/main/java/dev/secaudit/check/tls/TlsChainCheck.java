package dev.secaudit.check.tls;

import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Value;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Tls;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.CertificateObservation;
import dev.secaudit.probe.tls.ChainShape;
import dev.secaudit.probe.tls.CertificateFacts;
import dev.secaudit.probe.tls.OcspStaple;
import dev.secaudit.probe.tls.TlsObservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * tls.certificate.chain and tls.certificate.ocsp_stapling: how the server presents its chain,
 * beyond whether this client could validate it. A missing intermediate works in browsers that
 * fetch it (AIA) or cached it and breaks everything else, so it fails even when the JDK happened
 * to validate; order and stray certificates are warnings because most clients tolerate them.
 */
public final class TlsChainCheck extends TlsCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("tls.certificate.chain",
          "The chain is sent complete and in issuer"
            + " order",
          Severity.MEDIUM,
          "tls",
          ControlAreas.CRYPTO,
          "Serve the leaf followed by every intermediate up to (not"
            + " necessarily including) the root, in issuer order, and nothing else (nginx:"
            + " ssl_certificate with the full-chain file).",
          "RFC 5246 §7.4.2; RFC 8446 §4.4.2; CA/Browser Forum Baseline Requirements"),
      CheckInfo.of("tls.certificate.ocsp_stapling",
          "A stapled OCSP response is present"
            + " when required, and says good within its validity",
          Severity.LOW,
          "tls",
          ControlAreas.CRYPTO,
          "Enable OCSP"
            + " stapling (nginx: ssl_stapling on; ssl_stapling_verify on;) if your CA runs OCSP;"
            + " a staple that is stale or says revoked must be fixed at once.",
          "RFC 6066 §8; RFC 6960; Mozilla server-side TLS 6.0"));

  static final String CHAIN = "tls.certificate.chain";
  static final String STAPLING = "tls.certificate.ocsp_stapling";

  private static final String AT = PolicyPointer.TLS_CERTIFICATE;

  public TlsChainCheck() {
    super(REPORTS, EnumSet.of(Aspect.TLS));
  }

  @Override
  public List<Finding> evaluate(CheckContext ctx) {
    Tls.TlsCertificate rules = ctx.policy().tls().certificate();
    List<String> ids = new ArrayList<>();
    if (rules.requireCompleteChain()) {
      ids.add(CHAIN);
    }
    ids.add(STAPLING);
    List<Finding> unjudged = TlsCertificateCheck.unjudged(ctx, ids);
    if (unjudged != null) {
      return unjudged;
    }
    TargetObservations obs = ctx.observations();
    TlsObservation tls = obs.tls();
    List<Finding> out = new ArrayList<>();
    // Each chain the server sends is presented on its own: nginx's second ssl_certificate
    // file can miss its intermediate while the first is whole.
    for (JudgedChain c : JudgedChain.all(tls)) {
      String subject = c.subject(tls);
      List<String> evidence = List.of(c.artifact(obs));
      if (rules.requireCompleteChain()) {
        out.add(chain(ctx, c.certificate().chainShape(), subject, evidence));
      }
      out.add(stapling(ctx, rules, c.certificate(), subject, evidence));
    }
    return OtherCertificates.marked(tls, out);
  }

  private static Finding chain(CheckContext ctx, ChainShape shape, String subject,
      List<String> evidence) {
    String expected = "leaf first, each certificate followed by its issuer, up to a trust anchor"
        + " with no intermediate missing";
    String pointer = AT + "/require_complete_chain";
    Finding.Builder f = ctx.finding(CHAIN).about(TlsCertificateCheck.certificate(subject))
        .expected(expected).evidence(evidence).rule(pointer);
    if (shape == null) {
      return f.status(Status.SKIPPED).observed("the chain's shape was not recorded").build();
    }
    Status status = !shape.complete() ? Status.FAIL
        : !shape.ordered() || !shape.extra().isEmpty() ? Status.WARN : Status.PASS;
    return f.status(status).observed(shape.summary()).build();
  }

  private static Finding stapling(CheckContext ctx, Tls.TlsCertificate rules,
      CertificateObservation cert, String subject, List<String> evidence) {
    boolean required = rules.staplingRequired();
    String expected = required ? "a stapled OCSP response saying good, within its validity"
        : "no staple, or a stapled OCSP response saying good, within its validity";
    Finding.Builder f = ctx.finding(STAPLING).about(TlsCertificateCheck.certificate(subject))
        .expected(expected).evidence(evidence).rule(AT + "/ocsp_stapling");
    if (!cert.staplingAsked()) {
      return f.status(Status.SKIPPED).observed("the chain came from an SSLv3 hello, which has no"
          + " extensions to ask for a staple with").build();
    }
    OcspStaple staple = cert.staple();
    if (staple == null) {
      // Whether the leaf names an OCSP responder: without one there is nothing to staple, which
      // the claims must not read as stapling switched off.
      CertificateFacts leaf = cert.leaf();
      List<String> responders = leaf == null ? List.of() : leaf.ocspResponders();
      Value responder = leaf == null ? null : responders.isEmpty()
          ? new Value.Presence("ocsp_responder", false)
          : new Value.Setting("ocsp_responder", responders.get(0));
      // Optional stapling asks only of a staple that is sent: with none, nothing was judged.
      return f.status(required ? Status.FAIL : Status.NOT_APPLICABLE)
          .observed("no OCSP response stapled" + (required ? "" : " (optional)")
              + (leaf == null ? "" : responders.isEmpty()
                  ? "; the certificate names no OCSP responder, so there is nothing to staple"
                  : "; the certificate names the OCSP responder " + responders.get(0)),
              responder).build();
    }
    // What the staple says of the certificate (good, revoked, unknown), when it could be read.
    Value says = staple.error() != null || staple.certStatus() == null ? null
        : new Value.Text(staple.certStatus());
    Instant now = ctx.now();
    Status status;
    if (says == null) {
      status = required ? Status.FAIL : Status.WARN;
    } else if (staple.certStatus().equals("revoked")) {
      status = Status.FAIL;
    } else if (staple.nextUpdate() != null && now.isAfter(staple.nextUpdate())) {
      return f.status(Status.FAIL).observed(staple.summary() + ": expired (now " + now + ")",
          says).build();
    } else if (staple.thisUpdate() != null && now.isBefore(staple.thisUpdate())) {
      return f.status(Status.FAIL).observed(staple.summary() + ": not yet valid (now " + now
          + ")", says).build();
    } else if (!staple.certStatus().equals("good") || !staple.forLeaf()) {
      status = required ? Status.FAIL : Status.WARN;
    } else {
      status = Status.PASS;
    }
    return f.status(status).observed(staple.summary(), says).build();
  }
}
