package dev.secaudit.evidence;

import dev.secaudit.model.Artifact;
import dev.secaudit.policy.UsageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The CA certificates a scan trusted beside the JDK's ({@code scan --ca-file}, or the policy's
 * {@code tls.certificate.ca_file}), as the bundle keeps them: the certificates only, each
 * re-encoded as PEM, so a file that also held a private key never carries it into the bundle.
 *
 * @param option what brought them, as the manifest names it
 * @param given the file as the option named it
 * @param sourceSha256 of the file as read
 */
public record TrustedCaCopy(String option, String given, String sourceSha256,
    List<X509Certificate> certificates) {

  public TrustedCaCopy {
    certificates = List.copyOf(certificates);
  }

  /** The command line's option. */
  public static final String COMMAND_LINE = "--ca-file";
  /** The policy's field. */
  public static final String POLICY_FIELD = "tls.certificate.ca_file";

  /** The name of its copy in the bundle's trust folder, by what brought it. */
  public String fileName() {
    return option.equals(COMMAND_LINE) ? "ca-file.pem" : "policy-ca-file.pem";
  }

  /**
   * Reads {@code file}; a file with no certificate, or that cannot be read, is the user's
   * mistake, named by {@code where} (the option, or the policy's line).
   */
  public static TrustedCaCopy read(String option, String where, String given, Path file) {
    try {
      return read(option, given, file);
    } catch (UsageException e) {
      throw new UsageException(where + e.getMessage().substring(option.length()));
    }
  }

  private static TrustedCaCopy read(String option, String given, Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bytes))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new UsageException(option + ": " + file + " holds no certificate; give a PEM file"
            + " of CA certificates");
      }
      return new TrustedCaCopy(option, given, Artifact.sha256(bytes), out);
    } catch (IOException | GeneralSecurityException e) {
      throw new UsageException(option + ": cannot read CA certificates from " + file + " ("
          + e.getMessage() + "); give a PEM file of CA certificates");
    }
  }

  /** The certificates as PEM, in the file's order: what the bundle stores. */
  public byte[] pem() {
    StringBuilder sb = new StringBuilder();
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    for (X509Certificate c : certificates) {
      // No subject line beside it: a subject is the issuer's text, the manifest lists it.
      sb.append("-----BEGIN CERTIFICATE-----\n").append(b64.encodeToString(der(c)))
          .append("\n-----END CERTIFICATE-----\n");
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** What the manifest says of each certificate. */
  List<Manifest.TrustedCertificate> described() {
    List<Manifest.TrustedCertificate> out = new ArrayList<>();
    for (X509Certificate c : certificates) {
      out.add(new Manifest.TrustedCertificate(c.getSubjectX500Principal().getName(),
          Artifact.sha256(der(c)), c.getNotAfter().toInstant()));
    }
    return out;
  }

  private static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("a certificate the JDK parsed has no encoding", e);
    }
  }
}
