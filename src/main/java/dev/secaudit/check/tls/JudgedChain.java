package dev.secaudit.check.tls;

import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.tls.CertificateObservation;
import dev.secaudit.probe.tls.OtherCertificate;
import dev.secaudit.probe.tls.TlsObservation;
import java.util.ArrayList;
import java.util.List;

/**
 * One certificate chain the server sends, as every check that judges certificates names it: the
 * first one read as "certificate of host:port", and each other one the accepted suites showed and
 * a hello fetched as "RSA certificate of host:port" (its kind of key first). A server with two
 * certificates serves each to the clients that pick its suites, so a verdict on one chain is
 * never a verdict on the other; and a server with one gets exactly the names it always had.
 *
 * @param kind EC, RSA or DSA for a chain fetched besides the first, or null for the first
 * @param certificate the chain and its verdicts
 */
record JudgedChain(String kind, CertificateObservation certificate) {

  /**
   * The first chain (when one was looked for) and every other one fetched, in that order; the
   * others whose fetch failed are left to {@link OtherCertificates#note}.
   */
  static List<JudgedChain> all(TlsObservation tls) {
    List<JudgedChain> out = new ArrayList<>();
    if (tls == null || tls.certificate() == null) {
      return out;
    }
    out.add(new JudgedChain(null, tls.certificate()));
    for (OtherCertificate o : tls.others()) {
      if (o.fetched()) {
        out.add(new JudgedChain(o.keyClass(), o.certificate()));
      }
    }
    return out;
  }

  boolean first() {
    return kind == null;
  }

  /** "certificate", or "RSA certificate" for the chain served with RSA suites. */
  String label() {
    return first() ? "certificate" : kind + " certificate";
  }

  /** The finding subject: "certificate of host:port" or "RSA certificate of host:port". */
  String subject(TlsObservation tls) {
    return label() + " of " + tls.endpoint();
  }

  /**
   * The artifacts of every chain with a certificate in it: the evidence of a verdict about the
   * whole server (its grade, its profile), which the worst chain can decide.
   */
  static List<String> artifacts(TlsObservation tls, TargetObservations obs) {
    List<String> out = new ArrayList<>();
    for (JudgedChain c : all(tls)) {
      if (!c.certificate().chain().isEmpty()) {
        out.add(c.artifact(obs));
      }
    }
    return out;
  }

  /** The artifact holding this chain in PEM, e.g. app/tls-chain or app/tls-chain-RSA. */
  String artifact(TargetObservations obs) {
    return first() ? obs.tlsChainArtifact() : obs.tlsOtherChainArtifact(kind);
  }

  /**
   * A certificate of this chain named in a sentence about the whole server: its DN alone for
   * the first chain (as it always was), with the chain it came from for another one.
   */
  String who(String dn) {
    return first() ? dn : dn + " (" + label() + ")";
  }
}
