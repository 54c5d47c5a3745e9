package dev.secaudit.evidence;

import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Signs a manifest with a CMS (PKCS#7) detached signature: SHA-256, the signer's certificate (and
 * any chain given with it) included, so {@code openssl cms -verify} and {@code secaudit evidence
 * verify} both check it without anything but the bundle and a CA.
 *
 * <p>Keys and certificates are loaded and tried (a test signature verified with the
 * certificate's public key) before anything is probed, so a wrong key or password costs no scan.
 */
public final class ManifestSigner {
  private final PrivateKey key;
  private final List<X509Certificate> chain;

  private ManifestSigner(PrivateKey key, List<X509Certificate> chain, String source) {
    if (chain.isEmpty()) {
      throw new UsageException(source + ": no certificate found; give the signer's certificate"
          + " in PEM (-----BEGIN CERTIFICATE-----)");
    }
    this.key = key;
    this.chain = List.copyOf(chain);
    requireMatchingPair(source);
  }

  /** Who signs, as the manifest names them: the certificate's subject. */
  public String signer() {
    return chain.get(0).getSubjectX500Principal().getName();
  }

  /** SHA-256 of the signer's certificate (DER), which the manifest records beside its name. */
  public String certificateSha256() {
    try {
      return dev.secaudit.model.Artifact.sha256(chain.get(0).getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("the signing certificate cannot be encoded", e);
    }
  }

  /**
   * From a PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted ones need {@code passwordEnv}) and
   * a PEM certificate file whose first certificate is the signer's.
   */
  public static ManifestSigner fromPem(Path keyFile, Path certFile, String passwordEnv,
      Function<String, String> env) {
    char[] password = passwordEnv == null ? null : password(passwordEnv, env);
    PrivateKey key = readKey(keyFile, password);
    List<X509Certificate> certs;
    try (InputStream in = Files.newInputStream(certFile)) {
      certs = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certs.add((X509Certificate) c);
      }
    } catch (NoSuchFileException e) {
      throw new UsageException("--sign-cert: " + certFile + ": no such file");
    } catch (IOException | GeneralSecurityException e) {
      throw new UsageException("--sign-cert: " + certFile + ": not a PEM certificate ("
          + e.getMessage() + ")");
    }
    return new ManifestSigner(key, certs, "--sign-key " + keyFile + " / --sign-cert " + certFile);
  }

  /** From a PKCS#12 file: its first key entry and that entry's certificate chain. */
  public static ManifestSigner fromPkcs12(Path file, String passwordEnv,
      Function<String, String> env) {
    char[] password = passwordEnv == null ? new char[0] : password(passwordEnv, env);
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          PrivateKey key = (PrivateKey) ks.getKey(alias, password);
          List<X509Certificate> chain = new ArrayList<>();
          Certificate[] certs = ks.getCertificateChain(alias);
          for (Certificate c : certs == null ? new Certificate[0] : certs) {
            chain.add((X509Certificate) c);
          }
          return new ManifestSigner(key, chain, "--sign-p12 " + file);
        }
      }
      throw new UsageException("--sign-p12: " + file + " holds no private key entry");
    } catch (NoSuchFileException e) {
      throw new UsageException("--sign-p12: " + file + ": no such file");
    } catch (IOException | GeneralSecurityException e) {
      throw new UsageException("--sign-p12: cannot open " + file + " (" + e.getMessage() + ");"
          + (passwordEnv == null ? " if it has a password, name the environment variable that"
              + " holds it with --sign-pass-env NAME" : " check the password in $" + passwordEnv));
    }
  }

  /**
   * Refuses a signer whose certificate is not valid now: a bundle signed with it would fail
   * verification, and the run would be wasted.
   */
  public ManifestSigner requireValidAt(Instant now) {
    X509Certificate c = chain.get(0);
    if (now.isBefore(c.getNotBefore().toInstant()) || now.isAfter(c.getNotAfter().toInstant())) {
      throw new UsageException("signing certificate " + signer() + " is not valid now (valid "
          + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant() + "); renew it");
    }
    return this;
  }

  /** The DER-encoded CMS SignedData over {@code content}, detached (content not included). */
  public byte[] sign(byte[] content, Instant signingTime) {
    try {
      // The signing time is the run's end, not the wall clock: the same run signs the same way.
      ASN1EncodableVector attrs = new ASN1EncodableVector();
      attrs.add(new Attribute(CMSAttributes.signingTime,
          new DERSet(new Time(Date.from(signingTime)))));
      CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
      gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
          new JcaDigestCalculatorProviderBuilder().build())
          .setSignedAttributeGenerator(
              new DefaultSignedAttributeTableGenerator(new AttributeTable(attrs)))
          .build(new JcaContentSignerBuilder(algorithm(key)).build(key), chain.get(0)));
      gen.addCertificates(new JcaCertStore(chain));
      CMSSignedData signed = gen.generate(new CMSProcessableByteArray(content), false);
      return signed.getEncoded();
    } catch (OperatorCreationException | CMSException | GeneralSecurityException
        | IOException e) {
      throw new IllegalStateException("signing the manifest failed: " + e.getMessage(), e);
    }
  }

  static String algorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      default -> throw new UsageException("signing key: " + key.getAlgorithm() + " keys are not"
          + " supported; use an RSA or EC (ECDSA) key");
    };
  }

  private void requireMatchingPair(String source) {
    try {
      byte[] probe = "secaudit signing key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(algorithm(key));
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(algorithm(key));
      v.initVerify(chain.get(0).getPublicKey());
      v.update(probe);
      if (!v.verify(sig)) {
        throw new UsageException(source + ": the private key does not belong to the certificate"
            + " " + signer() + "; give the key and certificate of the same signer");
      }
    } catch (GeneralSecurityException e) {
      throw new UsageException(source + ": the private key does not belong to the certificate "
          + signer() + " (" + e.getMessage() + ")");
    }
  }

  private static char[] password(String name, Function<String, String> env) {
    String value = env.apply(name);
    if (value == null) {
      throw new UsageException("--sign-pass-env: environment variable " + name + " is not set;"
          + " export it with the key's password");
    }
    return value.toCharArray();
  }

  private static PrivateKey readKey(Path file, char[] password) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      BouncyCastleProvider bc = new BouncyCastleProvider();
      if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
        if (password == null) {
          throw encrypted(file);
        }
        o = enc.decryptPrivateKeyInfo(
            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(bc).build(password));
      } else if (o instanceof PEMEncryptedKeyPair enc) {
        if (password == null) {
          throw encrypted(file);
        }
        o = enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(bc)
            .build(password));
      }
      if (o instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new UsageException("--sign-key: " + file + ": no private key found; give a PEM"
          + " private key (-----BEGIN PRIVATE KEY-----)");
    } catch (NoSuchFileException e) {
      throw new UsageException("--sign-key: " + file + ": no such file");
    } catch (IOException | OperatorCreationException | PKCSException e) {
      throw new UsageException("--sign-key: " + file + ": cannot read the private key ("
          + e.getMessage() + ")" + (password == null ? "" : "; is the password right?"));
    }
  }

  private static UsageException encrypted(Path file) {
    return new UsageException("--sign-key: " + file + " is encrypted; name the environment"
        + " variable that holds its password with --sign-pass-env NAME");
  }
}
