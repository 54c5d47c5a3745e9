package dev.secaudit.probe.tls;

import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * The facts about one certificate that checks judge, taken from the X.509 structure once so that
 * checks never parse certificates and tests can state them directly.
 *
 * @param keyType RSA, EC, EdDSA, ...
 * @param keyBits modulus length for RSA, field size for EC, 0 when unknown
 * @param signatureAlgorithm as the JDK names it, e.g. SHA256withRSA
 * @param selfSigned issuer equals subject (a root, or a certificate nobody vouches for)
 * @param pem the certificate in PEM, for the evidence
 * @param ocspResponders the OCSP URLs its Authority Information Access names (RFC 5280
 *     §4.2.2.1): none means there is nothing for a server to staple
 */
public record CertificateFacts(
    String subject,
    String issuer,
    String issuerOrganization,
    Instant notBefore,
    Instant notAfter,
    String keyType,
    int keyBits,
    String signatureAlgorithm,
    List<String> subjectAltNames,
    boolean selfSigned,
    String pem,
    List<String> ocspResponders) {

  public CertificateFacts {
    subjectAltNames = List.copyOf(subjectAltNames);
    ocspResponders = ocspResponders == null ? List.of() : List.copyOf(ocspResponders);
  }

  /** Without the OCSP responders (a certificate stated by hand). */
  public CertificateFacts(String subject, String issuer, String issuerOrganization,
      Instant notBefore, Instant notAfter, String keyType, int keyBits,
      String signatureAlgorithm, List<String> subjectAltNames, boolean selfSigned, String pem) {
    this(subject, issuer, issuerOrganization, notBefore, notAfter, keyType, keyBits,
        signatureAlgorithm, subjectAltNames, selfSigned, pem, List.of());
  }

  public static CertificateFacts of(X509Certificate cert) {
    PublicKey key = cert.getPublicKey();
    int bits = 0;
    if (key instanceof RSAPublicKey rsa) {
      bits = rsa.getModulus().bitLength();
    } else if (key instanceof ECPublicKey ec) {
      bits = ec.getParams().getCurve().getField().getFieldSize();
    }
    String subject = cert.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
    String issuer = cert.getIssuerX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
    return new CertificateFacts(subject, issuer, organization(issuer),
        cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), key.getAlgorithm(), bits,
        cert.getSigAlgName(), CertificateNames.subjectAltNames(cert), subject.equals(issuer),
        pem(cert), ocspResponders(cert));
  }

  /** The OCSP responder URLs of the Authority Information Access extension, as written. */
  static List<String> ocspResponders(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
    if (ext == null) {
      return List.of();
    }
    try {
      AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
          JcaX509ExtensionUtils.parseExtensionValue(ext));
      List<String> out = new java.util.ArrayList<>();
      for (AccessDescription d : aia.getAccessDescriptions()) {
        if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
            && d.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
          out.add(String.valueOf(d.getAccessLocation().getName()));
        }
      }
      return out;
    } catch (java.io.IOException | IllegalArgumentException e) {
      // A malformed extension names no responder a client could ask.
      return List.of();
    }
  }

  /** The O= of a DN, or null. */
  static String organization(String dn) {
    try {
      for (Rdn rdn : new LdapName(dn).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("O")) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      // A DN the JDK printed always parses; nothing to name otherwise.
    }
    return null;
  }

  static String pem(X509Certificate cert) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
              .encodeToString(cert.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      return "";
    }
  }

  /** Whole lifetime in seconds (notAfter - notBefore). */
  public long lifetimeSeconds() {
    return notAfter.getEpochSecond() - notBefore.getEpochSecond();
  }
}
