package dev.secaudit.probe.tls;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The named curve of an ECDSA leaf's key, as a TLS group code point. Up to TLS 1.2 a client's
 * supported_groups also lists the curves it can verify an ECDSA certificate on (RFC 8422 §5.1),
 * so a server whose only certificate is on P-256 refuses a hello whose groups leave P-256 out,
 * whatever groups its key exchange accepts: a group probe must offer this curve too.
 */
final class CertificateCurve {
  private CertificateCurve() {}

  /** The curve OIDs' DER contents, and the group each is (RFC 8422 §5.1.1, RFC 7027). */
  private static final Map<String, Integer> CURVES = Map.of(
      "2a8648ce3d030107", 0x0017, // secp256r1
      "2b81040022", 0x0018, // secp384r1
      "2b81040023", 0x0019, // secp521r1
      "2b2403030208010107", 0x001a, // brainpoolP256r1
      "2b240303020801010b", 0x001b, // brainpoolP384r1
      "2b240303020801010d", 0x001c); // brainpoolP512r1

  /** id-ecPublicKey, 1.2.840.10045.2.1. */
  private static final String EC_PUBLIC_KEY = "2a8648ce3d0201";

  /**
   * The group of the leaf's curve, or null: no chain, not an EC key, explicit parameters or a
   * curve TLS has no group for. Read from the DER, not the JDK's key, which refuses curves it
   * dropped (brainpool) although the server may still use them.
   */
  static Integer of(List<byte[]> chain) {
    if (chain.isEmpty()) {
      return null;
    }
    try {
      java.security.cert.X509Certificate leaf = (java.security.cert.X509Certificate)
          java.security.cert.CertificateFactory.getInstance("X.509")
              .generateCertificate(new java.io.ByteArrayInputStream(chain.get(0)));
      return ofSubjectPublicKeyInfo(leaf.getPublicKey().getEncoded());
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  /** SEQUENCE { SEQUENCE { OID algorithm, OID curve }, BIT STRING }. */
  static Integer ofSubjectPublicKeyInfo(byte[] spki) {
    if (spki == null) {
      return null;
    }
    Der outer = new Der(spki, 0);
    Der algorithm = outer.child(0x30);
    Der oid = algorithm == null ? null : algorithm.child(0x06);
    if (oid == null || !EC_PUBLIC_KEY.equals(oid.hex())) {
      return null;
    }
    Der curve = algorithm.next(oid, 0x06);
    return curve == null ? null : CURVES.get(curve.hex());
  }

  /** One DER element: tag at {@code at}, short or long length, contents after. */
  private record Der(byte[] b, int at) {
    int length() {
      int first = b[at + 1] & 0xff;
      if (first < 0x80) {
        return first;
      }
      int n = first & 0x7f;
      int len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (b[at + 2 + i] & 0xff);
      }
      return len;
    }

    int contentStart() {
      int first = b[at + 1] & 0xff;
      return at + 2 + (first < 0x80 ? 0 : first & 0x7f);
    }

    /** The first element inside this one, when it has {@code tag}. */
    Der child(int tag) {
      int start = contentStart();
      return start < b.length && (b[start] & 0xff) == tag ? new Der(b, start) : null;
    }

    /** The element after {@code sibling} inside this one, when it has {@code tag}. */
    Der next(Der sibling, int tag) {
      int after = sibling.contentStart() + sibling.length();
      return after < contentStart() + length() && (b[after] & 0xff) == tag
          ? new Der(b, after) : null;
    }

    String hex() {
      int start = contentStart();
      return java.util.HexFormat.of().formatHex(Arrays.copyOfRange(b, start, start + length()));
    }
  }
}
