package dev.secaudit.probe.tls;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;

/**
 * TLS signature schemes (RFC 8446 §4.2.3, which also names TLS 1.2's hash/signature pairs) as JDK
 * verifiers: the server's signature over its key exchange, checked with the leaf's key, is what
 * ties a chain read by a probe to the server that sent it.
 */
final class SignatureSchemes {
  private SignatureSchemes() {}

  /**
   * A verifier for {@code scheme}.
   *
   * @param tls13 TLS 1.3 forbids the PKCS#1 v1.5 and SHA-1 schemes in CertificateVerify
   * @throws GeneralSecurityException for a scheme the version does not allow or the JDK lacks
   */
  static Signature verifier(int scheme, boolean tls13) throws GeneralSecurityException {
    Signature s = switch (scheme) {
      case 0x0403 -> Signature.getInstance("SHA256withECDSA");
      case 0x0503 -> Signature.getInstance("SHA384withECDSA");
      case 0x0603 -> Signature.getInstance("SHA512withECDSA");
      case 0x0807 -> Signature.getInstance("Ed25519");
      case 0x0808 -> Signature.getInstance("Ed448");
      case 0x0804, 0x0809 -> pss("SHA-256", MGF1ParameterSpec.SHA256, 32);
      case 0x0805, 0x080a -> pss("SHA-384", MGF1ParameterSpec.SHA384, 48);
      case 0x0806, 0x080b -> pss("SHA-512", MGF1ParameterSpec.SHA512, 64);
      case 0x0401 -> tls13 ? null : Signature.getInstance("SHA256withRSA");
      case 0x0501 -> tls13 ? null : Signature.getInstance("SHA384withRSA");
      case 0x0601 -> tls13 ? null : Signature.getInstance("SHA512withRSA");
      case 0x0201 -> tls13 ? null : Signature.getInstance("SHA1withRSA");
      case 0x0203 -> tls13 ? null : Signature.getInstance("SHA1withECDSA");
      default -> null;
    };
    if (s == null) {
      throw new GeneralSecurityException("signature scheme " + name(scheme) + " is not one "
          + (tls13 ? "TLS 1.3 allows" : "this reader checks"));
    }
    return s;
  }

  private static Signature pss(String hash, MGF1ParameterSpec mgf, int saltLength)
      throws GeneralSecurityException {
    Signature s = Signature.getInstance("RSASSA-PSS");
    s.setParameter(new PSSParameterSpec(hash, "MGF1", mgf, saltLength, 1));
    return s;
  }

  static String name(int scheme) {
    return switch (scheme) {
      case 0x0403 -> "ecdsa_secp256r1_sha256";
      case 0x0503 -> "ecdsa_secp384r1_sha384";
      case 0x0603 -> "ecdsa_secp521r1_sha512";
      case 0x0807 -> "ed25519";
      case 0x0808 -> "ed448";
      case 0x0804 -> "rsa_pss_rsae_sha256";
      case 0x0805 -> "rsa_pss_rsae_sha384";
      case 0x0806 -> "rsa_pss_rsae_sha512";
      case 0x0809 -> "rsa_pss_pss_sha256";
      case 0x080a -> "rsa_pss_pss_sha384";
      case 0x080b -> "rsa_pss_pss_sha512";
      case 0x0401 -> "rsa_pkcs1_sha256";
      case 0x0501 -> "rsa_pkcs1_sha384";
      case 0x0601 -> "rsa_pkcs1_sha512";
      case 0x0201 -> "rsa_pkcs1_sha1";
      case 0x0203 -> "ecdsa_sha1";
      default -> String.format(Locale.ROOT, "0x%04x", scheme);
    };
  }

  /** The leaf's public key, from the DER the server sent. */
  static java.security.PublicKey leafKey(byte[] der) throws GeneralSecurityException {
    return java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(der)).getPublicKey();
  }
}
