package dev.secaudit.probe.tls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** Certificates made by the tests: a root, and leaves with whatever flaw a test needs. */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(1);

  /** A key pair and its certificate chain, leaf first. */
  public record Issued(KeyPair keys, List<X509Certificate> chain) {
    public X509Certificate leaf() {
      return chain.get(0);
    }

    /** A server context presenting this chain. */
    public SSLContext serverContext() throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", keys.getPrivate(), new char[0],
          chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    }

    /**
     * A server context sending exactly {@code presented} (any order, gaps, strangers), which a
     * key store would refuse to hold: a key manager hands the list out as it is.
     */
    public SSLContext serverContextPresenting(List<X509Certificate> presented) throws Exception {
      X509Certificate[] sent = presented.toArray(new X509Certificate[0]);
      javax.net.ssl.X509ExtendedKeyManager km = new javax.net.ssl.X509ExtendedKeyManager() {
        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
          return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers,
            java.net.Socket socket) {
          return null;
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
          return new String[] {"server"};
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers,
            java.net.Socket socket) {
          return keyType.equals(keys.getPublic().getAlgorithm()) ? "server" : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers,
            javax.net.ssl.SSLEngine engine) {
          return chooseServerAlias(keyType, issuers, null);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
          return sent.clone();
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
          return keys.getPrivate();
        }
      };
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(new javax.net.ssl.KeyManager[] {km}, null, null);
      return ctx;
    }

    /** Writes cert.pem (chain) and key.pem (PKCS#8) for openssl s_server. */
    public Path[] writePem(Path dir) throws Exception {
      Path cert = dir.resolve("cert.pem");
      Path key = dir.resolve("key.pem");
      StringBuilder sb = new StringBuilder();
      for (X509Certificate c : chain) {
        sb.append(CertificateFacts.pem(c));
      }
      Files.writeString(cert, sb.toString());
      Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(keys.getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n");
      return new Path[] {cert, key};
    }
  }

  /** What a leaf should look like; the defaults make a good certificate for 127.0.0.1/localhost. */
  public record Spec(String keyType, int bits, String signature, Instant notBefore,
      Instant notAfter, List<String> dnsNames, List<String> ips, String issuerOrg,
      String ocspUrl) {
    public Spec(String keyType, int bits, String signature, Instant notBefore,
        Instant notAfter, List<String> dnsNames, List<String> ips, String issuerOrg) {
      this(keyType, bits, signature, notBefore, notAfter, dnsNames, ips, issuerOrg, null);
    }

    public static Spec good(Instant now) {
      return new Spec("RSA", 2048, "SHA256withRSA", now.minus(Duration.ofDays(10)),
          now.plus(Duration.ofDays(80)), List.of("localhost"), List.of("127.0.0.1", "::1"),
          "Test CA Org");
    }

    /** The leaf names this OCSP responder in its Authority Information Access. */
    public Spec ocsp(String url) {
      return new Spec(keyType, bits, signature, notBefore, notAfter, dnsNames, ips, issuerOrg,
          url);
    }

    public Spec validity(Instant from, Instant to) {
      return new Spec(keyType, bits, signature, from, to, dnsNames, ips, issuerOrg);
    }

    public Spec key(String type, int size) {
      return new Spec(type, size, signature, notBefore, notAfter, dnsNames, ips, issuerOrg);
    }

    public Spec signedWith(String alg) {
      return new Spec(keyType, bits, alg, notBefore, notAfter, dnsNames, ips, issuerOrg);
    }

    public Spec names(List<String> dns, List<String> ipNames) {
      return new Spec(keyType, bits, signature, notBefore, notAfter, dns, ipNames, issuerOrg);
    }
  }

  private final KeyPair rootKeys;
  private final X509Certificate root;
  private final String org;

  public TestPki(String org, Instant now) throws Exception {
    this.org = org;
    this.rootKeys = keys("RSA", 2048);
    X500Name name = new X500Name("CN=" + org + " Root, O=" + org);
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
        BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(now.minus(Duration.ofDays(365))),
        Date.from(now.plus(Duration.ofDays(3650))), name, rootKeys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true,
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    root = sign(b, "SHA256withRSA", rootKeys);
  }

  public X509Certificate root() {
    return root;
  }

  public Path writeRoot(Path file) throws Exception {
    Files.writeString(file, CertificateFacts.pem(root));
    return file;
  }

  /** A leaf signed by this root, per spec. */
  public Issued issue(Spec spec) throws Exception {
    KeyPair kp = keys(spec.keyType(), spec.bits());
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
        new X500Name("CN=" + org + " Root, O=" + org),
        BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(spec.notBefore()),
        Date.from(spec.notAfter()), new X500Name("CN=" + (spec.dnsNames().isEmpty() ? "server"
            : spec.dnsNames().get(0))), kp.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false, altNames(spec));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    if (spec.ocspUrl() != null) {
      b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
          new AccessDescription(AccessDescription.id_ad_ocsp, new GeneralName(
              GeneralName.uniformResourceIdentifier, spec.ocspUrl()))));
    }
    String alg = spec.signature();
    return new Issued(kp, List.of(sign(b, alg, rootKeys)));
  }

  /** A self-signed leaf: no CA vouches for it. */
  public static Issued selfSigned(Spec spec) throws Exception {
    KeyPair kp = keys(spec.keyType(), spec.bits());
    X500Name name = new X500Name("CN=" + spec.dnsNames().get(0) + ", O=Self");
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
        BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(spec.notBefore()),
        Date.from(spec.notAfter()), name, kp.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false, altNames(spec));
    return new Issued(kp, List.of(sign(b, spec.signature(), kp)));
  }

  /** A leaf issued by an intermediate CA of this root: chain [leaf, intermediate]. */
  public Issued issueViaIntermediate(Spec spec) throws Exception {
    // EC keys: RSA key generation is what makes certificate tests slow on a busy machine.
    KeyPair caKeys = keys("EC", 256);
    X500Name caName = new X500Name("CN=" + org + " Intermediate, O=" + org);
    JcaX509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(
        new X500Name("CN=" + org + " Root, O=" + org), BigInteger.valueOf(SERIAL.getAndIncrement()),
        Date.from(spec.notBefore().minus(Duration.ofDays(30))),
        Date.from(spec.notAfter().plus(Duration.ofDays(365))), caName, caKeys.getPublic());
    ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    ca.addExtension(Extension.keyUsage, true,
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate intermediate = sign(ca, "SHA256withRSA", rootKeys);
    KeyPair kp = keys(spec.keyType(), spec.bits());
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caName,
        BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(spec.notBefore()),
        Date.from(spec.notAfter()), new X500Name("CN=" + spec.dnsNames().get(0)), kp.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false, altNames(spec));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    return new Issued(kp, List.of(sign(b, "SHA256withECDSA", caKeys), intermediate));
  }

  /**
   * A DER OCSP response for {@code leaf} signed by this root (the leaf must be the root's own),
   * with {@code status} null for good.
   */
  public byte[] ocspResponse(X509Certificate leaf, CertificateStatus
      status, Instant thisUpdate, Instant nextUpdate) throws Exception {
    DigestCalculatorProvider digests =
        new JcaDigestCalculatorProviderBuilder().build();
    CertificateID id = new CertificateID(
        digests.get(CertificateID.HASH_SHA1),
        new JcaX509CertificateHolder(root), leaf.getSerialNumber());
    BasicOCSPRespBuilder b =
        new JcaBasicOCSPRespBuilder(rootKeys.getPublic(),
            digests.get(CertificateID.HASH_SHA1));
    b.addResponse(id, status, Date.from(thisUpdate), Date.from(nextUpdate));
    BasicOCSPResp basic = b.build(
        new JcaContentSignerBuilder("SHA256withRSA").build(rootKeys.getPrivate()), null,
        Date.from(thisUpdate));
    return new OCSPRespBuilder()
        .build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
  }

  private static GeneralNames altNames(Spec spec) {
    List<GeneralName> names = new ArrayList<>();
    spec.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    spec.ips().forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
    return new GeneralNames(names.toArray(new GeneralName[0]));
  }

  static KeyPair keys(String type, int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(type);
    if (type.equals("EC")) {
      g.initialize(new ECGenParameterSpec(bits == 384 ? "secp384r1" : "secp256r1"));
    } else {
      g.initialize(bits);
    }
    return g.generateKeyPair();
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, String alg, KeyPair signer)
      throws Exception {
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder(alg).build(signer.getPrivate())));
  }
}
