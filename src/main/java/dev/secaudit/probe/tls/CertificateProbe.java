package dev.secaudit.probe.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * One JSSE handshake to read the certificate chain and judge it as a client would: the trust
 * manager records the PKIX verdict and lets the handshake finish, so an untrusted, expired or
 * misnamed chain is still captured. JSSE is right for this job (unlike version detection): the
 * chain does not depend on which old protocol versions the JDK is willing to speak, as long as the
 * server also speaks TLS 1.2 or 1.3.
 */
public final class CertificateProbe {
  private final ClientHelloProber.Limits limits;
  private final KeyStore anchors;
  private final String trustStoreName;
  /**
   * Built once: loading the trust store is most of the CPU a handshake costs here, and the
   * manager keeps no state of its own (each verdict lives on its handshake's session).
   */
  private final RecordingTrustManager trust;

  /**
   * @param extraAnchors trusted in addition to the JDK's store (the policy's or --ca-file's CAs)
   * @param extraName how the extra anchors are named in reports (the file name)
   */
  public CertificateProbe(ClientHelloProber.Limits limits, List<X509Certificate> extraAnchors,
      String extraName) {
    this.limits = limits;
    this.anchors = extraAnchors.isEmpty() ? null : withJdkAnchors(extraAnchors);
    this.trustStoreName = extraAnchors.isEmpty() ? "JDK trust store"
        : "JDK trust store + " + extraName;
    this.trust = RecordingTrustManager.forKeyStore(anchors);
  }

  /** The trust manager of the certificate probe, for the HTTP probe to share. */
  public RecordingTrustManager trustManager() {
    return trust;
  }

  /**
   * The trust anchors in use (the JDK's plus the extra ones), or null for the JDK's alone; the
   * HTTP probe trusts exactly the same, so a page's TLS verdict and the certificate checks agree.
   */
  public KeyStore trustAnchors() {
    return anchors;
  }

  /** The certificates of a PEM file (a CA bundle); none is a mistake of the caller's. */
  public static List<X509Certificate> readPem(Path file) throws IOException, GeneralSecurityException {
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException("no PEM certificate in " + file);
    }
    return out;
  }

  private static KeyStore withJdkAnchors(List<X509Certificate> extra) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            ks.setCertificateEntry("jdk-" + i++, c);
          }
        }
      }
      for (X509Certificate c : extra) {
        ks.setCertificateEntry("extra-" + i++, c);
      }
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the trust store: " + e.getMessage(), e);
    }
  }

  /** Handshake with {@code host:port}; {@code sni} null for IP literals. Never throws. */
  public CertificateObservation observe(String host, int port, String sni) {
    return observe(new TlsEndpoint(host, port, sni, null));
  }

  /**
   * Handshake with the endpoint, after its STARTTLS dialogue when it has one; the certificate
   * must name the SNI name when one is sent, else the host. Never throws.
   */
  public CertificateObservation observe(TlsEndpoint endpoint) {
    String host = endpoint.host();
    int port = endpoint.port();
    String sni = endpoint.sni();
    long deadline = System.nanoTime() + limits.total().toNanos();
    Socket plain = new Socket();
    // The total limit: closing the socket from outside is the only way to stop a handshake that
    // trickles bytes just fast enough to beat the read timeout.
    CompletableFuture.delayedExecutor(limits.total().toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> closeQuietly(plain));
    try (plain) {
      // JSSE writes a handshake flight as several small records; with Nagle's algorithm each one
      // after the first waits for the server's delayed ACK (40 ms on Linux), twice in a TLS 1.2
      // handshake: 80 ms of idle wall time per host on loopback, the most of a one-host scan.
      plain.setTcpNoDelay(true);
      plain.connect(new InetSocketAddress(host, port), (int) limits.connect().toMillis());
      if (endpoint.startTls() != null) {
        endpoint.startTls().upgrade(plain, deadline, limits.read().toMillis());
      }
      plain.setSoTimeout((int) limits.read().toMillis());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {trust}, null);
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true)) {
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        s.setSSLParameters(p);
        s.startHandshake();
        SSLSession session = s.getSession();
        List<CertificateFacts> chain = new ArrayList<>();
        List<X509Certificate> presented = new ArrayList<>();
        for (Certificate c : session.getPeerCertificates()) {
          if (c instanceof X509Certificate x) {
            presented.add(x);
            chain.add(CertificateFacts.of(x));
          }
        }
        X509Certificate leaf = presented.isEmpty() ? null : presented.get(0);
        Object verdict = session.getValue(RecordingTrustManager.VERDICT);
        String trustError = verdict == null ? "the trust manager was not consulted"
            : verdict.toString().isEmpty() ? null : verdict.toString();
        List<byte[]> staples = session instanceof ExtendedSSLSession e
            ? e.getStatusResponses() : List.of();
        OcspStaple staple = staples.isEmpty() || staples.get(0).length == 0 || leaf == null
            ? null : OcspStaple.parse(staples.get(0), leaf.getSerialNumber());
        return new CertificateObservation(endpoint.expectedName(), session.getProtocol(),
            session.getCipherSuite(), chain, trustError == null, trustError, trustStoreName,
            leaf != null && CertificateNames.matches(leaf, endpoint.expectedName()),
            staple != null, null, ChainShape.of(presented, List.of(trust.getAcceptedIssuers())),
            staple);
      }
    } catch (StartTls.Refused e) {
      return CertificateObservation.failed(endpoint.expectedName(), trustStoreName,
          ClientHelloProber.STARTTLS_FAILED + e.getMessage());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (plain.isClosed() && !plain.isConnected()) {
        why = "cannot connect: " + why;
      }
      return CertificateObservation.failed(host, trustStoreName,
          "TLS handshake failed: " + why);
    }
  }

  /**
   * Judges a chain the ClientHello prober read in the clear, for servers JSSE cannot talk to (TLS
   * 1.0/1.1 only): the same anchors and hostname rule, PKIX without the handshake's own checks.
   *
   * @param jsseError why the JSSE handshake failed, kept in the trust verdict's context
   */
  public CertificateObservation fromRawChain(String host, List<byte[]> der, String protocol,
      String cipherSuite, String jsseError) {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> chain = new ArrayList<>();
      for (byte[] d : der) {
        chain.add((X509Certificate) cf.generateCertificate(new java.io.ByteArrayInputStream(d)));
      }
      String trustError = null;
      List<X509Certificate> anchorCertificates = new ArrayList<>();
      try {
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        for (TrustManager tm : tmf.getTrustManagers()) {
          if (tm instanceof X509TrustManager x) {
            anchorCertificates.addAll(List.of(x.getAcceptedIssuers()));
            // "UNKNOWN": no key-usage rule tied to a key exchange, as for TLS 1.3.
            x.checkServerTrusted(chain.toArray(new X509Certificate[0]), "UNKNOWN");
          }
        }
      } catch (java.security.cert.CertificateException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
          t = t.getCause();
        }
        trustError = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      }
      List<CertificateFacts> facts = chain.stream().map(CertificateFacts::of).toList();
      return new CertificateObservation(host, protocol + " (raw ClientHello; JSSE: " + jsseError
          + ")", cipherSuite, facts, trustError == null, trustError, trustStoreName,
          !chain.isEmpty() && CertificateNames.matches(chain.get(0), host), false, null,
          ChainShape.of(chain, anchorCertificates), null);
    } catch (GeneralSecurityException | RuntimeException e) {
      return CertificateObservation.failed(host, trustStoreName, jsseError
          + "; the chain read in the clear does not parse: " + e.getMessage());
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Already closed: the probe finished first.
    }
  }
}
