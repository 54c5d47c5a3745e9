package dev.secaudit.probe.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * How the presented chain is built: whether each certificate is followed by its issuer (RFC 5246
 * §7.4.2 asks for that order; RFC 8446 §4.4.2 still wants the leaf first), whether the path from
 * the leaf reaches a trust anchor or stops at an issuer nobody sent, and which certificates play no
 * part in the path. Issuers are recognised by name and by a signature that verifies, never by name
 * alone, so two CAs with the same name are not confused.
 *
 * @param path subjects of the certificates on the path from the leaf, in path order
 * @param ordered the presented chain starts with the path, in path order
 * @param missingIssuer the issuer DN the path stops at (neither sent nor a trust anchor), or null
 * @param anchor the trust anchor the path ends at (sent or not), or null
 * @param extra subjects of presented certificates not on the path (unrelated or duplicated)
 * @param rootSent the chain includes a self-signed certificate (harmless, a wasted few bytes)
 */
public record ChainShape(
    List<String> path,
    boolean ordered,
    String missingIssuer,
    String anchor,
    List<String> extra,
    boolean rootSent) {

  public ChainShape {
    path = List.copyOf(path);
    extra = List.copyOf(extra);
  }

  /** The chain leads from the leaf to an anchor or a self-signed root with nothing missing. */
  public boolean complete() {
    return missingIssuer == null;
  }

  /**
   * @param presented the chain as the server sent it, leaf first
   * @param anchors trusted roots (and intermediates a trust store may hold)
   */
  public static ChainShape of(List<X509Certificate> presented, Collection<X509Certificate> anchors) {
    if (presented.isEmpty()) {
      return new ChainShape(List.of(), true, null, null, List.of(), false);
    }
    List<X509Certificate> path = new ArrayList<>();
    List<X509Certificate> unused = new ArrayList<>(presented.subList(1, presented.size()));
    X509Certificate current = presented.get(0);
    path.add(current);
    String missing = null;
    String anchor = null;
    // A path is at most as long as the chain sent; the bound also stops issuer loops.
    for (int hops = 0; hops <= presented.size(); hops++) {
      if (selfSigned(current)) {
        anchor = isAnchor(current, anchors) ? name(current.getSubjectX500Principal()) : null;
        break;
      }
      X509Certificate next = issuerIn(current, unused);
      if (next != null) {
        unused.remove(next);
        path.add(next);
        current = next;
        continue;
      }
      X509Certificate trusted = issuerIn(current, anchors);
      if (trusted != null) {
        anchor = name(trusted.getSubjectX500Principal());
      } else {
        missing = name(current.getIssuerX500Principal());
      }
      break;
    }
    boolean ordered = unused.isEmpty();
    for (int i = 0; i < path.size() && ordered; i++) {
      ordered = path.get(i) == presented.get(i);
    }
    boolean rootSent = presented.stream().skip(1).anyMatch(ChainShape::selfSigned);
    return new ChainShape(path.stream().map(c -> name(c.getSubjectX500Principal())).toList(),
        ordered, missing, anchor,
        unused.stream().map(c -> name(c.getSubjectX500Principal())).toList(), rootSent);
  }

  /** One line for reports. */
  public String summary() {
    List<String> parts = new ArrayList<>();
    parts.add(path.size() + (path.size() == 1 ? " certificate" : " certificates") + " on the path");
    if (missingIssuer != null) {
      parts.add("incomplete: the issuer '" + missingIssuer + "' of '" + path.get(path.size() - 1)
          + "' was not sent and is not a trust anchor");
    } else if (anchor != null) {
      parts.add("ends at the trust anchor '" + anchor + "'");
    } else {
      parts.add("ends at the self-signed '" + path.get(path.size() - 1) + "', not a trust anchor");
    }
    if (!ordered && extra.isEmpty()) {
      parts.add("not in issuer order (each certificate should be followed by its issuer)");
    }
    if (!extra.isEmpty()) {
      parts.add("not part of the path: " + String.join("; ", extra));
    }
    return String.join(", ", parts);
  }

  private static X509Certificate issuerIn(X509Certificate cert, Collection<X509Certificate> pool) {
    X500Principal wanted = cert.getIssuerX500Principal();
    for (X509Certificate c : pool) {
      if (c.getSubjectX500Principal().equals(wanted) && verifies(cert, c)) {
        return c;
      }
    }
    return null;
  }

  private static boolean isAnchor(X509Certificate cert, Collection<X509Certificate> anchors) {
    for (X509Certificate a : anchors) {
      if (a.equals(cert) || (a.getSubjectX500Principal().equals(cert.getSubjectX500Principal())
          && a.getPublicKey().equals(cert.getPublicKey()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean selfSigned(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && verifies(c, c);
  }

  private static boolean verifies(X509Certificate cert, X509Certificate issuer) {
    try {
      cert.verify(issuer.getPublicKey());
      return true;
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static String name(X500Principal p) {
    return p.getName(X500Principal.RFC2253);
  }
}
