package dev.secaudit.probe.tls;

import dev.secaudit.model.TlsVersion;
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
 * The certificate chain of an endpoint, judged as a client would: PKIX against the JDK's trust
 * store (plus the policy's CAs), the hostname, the chain's shape and the stapled OCSP response.
 *
 * <p>The chain is normally the one a version probe already read ({@link #fromHello}): the same
 * bytes a full handshake would show, without a second handshake for the server to sign and the
 * JSSE machinery to load. A full JSSE handshake ({@link #observe}) stands in when no probe read
 * one (a TLS 1.3 server that asked us to retry with another group, say). Either way the trust
 * manager records its verdict and never refuses, so an untrusted, expired or misnamed chain is
 * still captured.
 */
public final class CertificateProbe {
  private final ClientHelloProber.Limits limits;
  private final String trustStoreName;
  /**
   * The anchors, the trust manager over them and the anchors as a list (for the chain's shape).
   * Built once: loading the trust store is most of the CPU a handshake costs here, and the
   * manager keeps no state of its own (each verdict lives on its handshake's session).
   */
  private record Trust(KeyStore anchors, RecordingTrustManager manager,
      List<X509Certificate> anchorList) {}

  /**
   * Reading the JDK's trust store (about 150 certificates) takes a twentieth of a second; it
   * starts at construction, beside the first hellos, which need it only once they hold a chain.
   */
  private final CompletableFuture<Trust> trust;

  /**
   * @param extraAnchors trusted in addition to the JDK's store (the policy's or --ca-file's CAs)
   * @param extraName how the extra anchors are named in reports (the file name)
   */
  public CertificateProbe(ClientHelloProber.Limits limits, List<X509Certificate> extraAnchors,
      String extraName) {
    this.limits = limits;
    this.trustStoreName = extraAnchors.isEmpty() ? "JDK trust store"
        : "JDK trust store + " + extraName;
    List<X509Certificate> extra = List.copyOf(extraAnchors);
    this.trust = CompletableFuture.supplyAsync(() -> {
      KeyStore anchors = extra.isEmpty() ? null : withJdkAnchors(extra);
      RecordingTrustManager manager = RecordingTrustManager.forKeyStore(anchors);
      return new Trust(anchors, manager, List.of(manager.getAcceptedIssuers()));
    }, task -> {
      Thread t = new Thread(task, "secaudit-trust-store");
      t.setDaemon(true);
      t.start();
    });
  }

  private Trust trust() {
    try {
      return trust.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** The trust manager of the certificate probe, for the HTTP probe to share. */
  public RecordingTrustManager trustManager() {
    return trust().manager();
  }

  /**
   * The trust anchors in use (the JDK's plus the extra ones), or null for the JDK's alone; the
   * HTTP probe trusts exactly the same, so a page's TLS verdict and the certificate checks agree.
   */
  public KeyStore trustAnchors() {
    return trust().anchors();
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

  /**
   * The chain of the newest accepted version whose probe read one: the chain a modern client
   * gets, or, for a server JSSE cannot talk to (TLS 1.0 only), the only one there is. A full
   * JSSE handshake only when no probe read a chain, or the one read does not parse. Never throws.
   */
  public CertificateObservation observe(TlsEndpoint endpoint, List<VersionProbe> versions) {
    return observe(endpoint, versions, null);
  }

  /**
   * As {@link #observe(TlsEndpoint, List)}; the full handshake, when one is needed, is not made
   * once the target's {@code budget} is spent (null: no budget).
   */
  public CertificateObservation observe(TlsEndpoint endpoint, List<VersionProbe> versions,
      dev.secaudit.probe.TargetBudget budget) {
    return observe(endpoint, versions, budget, null);
  }

  /**
   * As {@link #observe(TlsEndpoint, List, dev.secaudit.probe.TargetBudget)}, the full
   * handshake (the only connection this opens) made holding one of {@code hellos}' permits of
   * open connections to the endpoint, so judging a chain a hello read holds none.
   *
   * @param hellos the endpoint's prober, whose count of open connections the handshake joins;
   *     or null for none
   */
  public CertificateObservation observe(TlsEndpoint endpoint, List<VersionProbe> versions,
      dev.secaudit.probe.TargetBudget budget, ClientHelloProber hellos) {
    CertificateObservation cert = null;
    // A server that could not sign for the chain it sent under one version gets none of its
    // chains taken as its own: the full handshake decides, and fails as a client's would.
    boolean disowned = versions.stream().anyMatch(VersionProbe::disowned);
    for (int i = versions.size() - 1; i >= 0 && cert == null && !disowned; i--) {
      VersionProbe v = versions.get(i);
      if (v.outcome() == VersionProbe.Outcome.ACCEPTED && !v.certificates().isEmpty()) {
        cert = fromHello(endpoint.expectedName(), v);
      }
    }
    if (cert == null || cert.error() != null) {
      String refused = budget == null ? null : budget.admit();
      if (refused != null) {
        return cert != null ? cert
            : CertificateObservation.failed(endpoint.expectedName(), trustStoreName, refused);
      }
      CertificateObservation full = hellos == null ? observe(endpoint)
          : hellos.holdingConnection(() -> observe(endpoint));
      cert = cert == null || full.error() == null ? full : cert;
    }
    return cert;
  }

  /** Handshake with {@code host:port}; {@code sni} null for IP literals. Never throws. */
  public CertificateObservation observe(String host, int port, String sni) {
    return observe(new TlsEndpoint(host, port, sni, null));
  }

  /**
   * Handshake with the endpoint, after its STARTTLS dialogue when it has one; the certificate
   * must name the SNI name when one is sent, else the host. A reset is retried once (see
   * {@link ConnectionReset}). Never throws.
   */
  public CertificateObservation observe(TlsEndpoint endpoint) {
    CertificateObservation first = attempt(endpoint);
    if (first.error() == null || !first.error().equals(RESET)) {
      return first;
    }
    CertificateObservation second = attempt(endpoint);
    if (second.error() == null || !second.error().equals(RESET)) {
      return second;
    }
    return CertificateObservation.failed(endpoint.host(), trustStoreName, RESET_TWICE);
  }

  private static final String RESET = ConnectionReset.IN_HANDSHAKE;
  static final String RESET_TWICE = RESET + ", twice";

  private CertificateObservation attempt(TlsEndpoint endpoint) {
    String host = endpoint.host();
    int port = endpoint.port();
    String sni = endpoint.sni();
    long t0 = System.nanoTime();
    long deadline = t0 + limits.total().toNanos();
    Arrivals.CountingSocket plain = new Arrivals.CountingSocket();
    java.util.concurrent.atomic.AtomicBoolean timedOut =
        new java.util.concurrent.atomic.AtomicBoolean();
    // The total limit: closing the socket from outside is the only way to stop a handshake that
    // trickles bytes just fast enough to beat the read timeout. JSSE then reports the close as
    // the server's ("Remote host terminated the handshake"), so the close is remembered as ours.
    CompletableFuture.delayedExecutor(limits.total().toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> {
          if (!plain.isClosed()) {
            timedOut.set(true);
            closeQuietly(plain);
          }
        });
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
      ctx.init(null, new TrustManager[] {trust().manager()}, null);
      plain.expectTls();
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
        List<X509Certificate> anchorList = trust().anchorList();
        String trustError = verdict == null ? "the trust manager was not consulted"
            : verdict.toString().isEmpty() ? null : verdict.toString();
        List<byte[]> staples = session instanceof ExtendedSSLSession e
            ? e.getStatusResponses() : List.of();
        OcspStaple staple = staples.isEmpty() || staples.get(0).length == 0 || leaf == null
            ? null : OcspStaple.parse(staples.get(0), leaf.getSerialNumber());
        return new CertificateObservation(endpoint.expectedName(), session.getProtocol(),
            session.getCipherSuite(), chain, trustError == null, trustError, trustStoreName,
            leaf != null && CertificateNames.matches(leaf, endpoint.expectedName()),
            staple != null, null, ChainShape.of(presented, anchorList), staple);
      }
    } catch (StartTls.Refused e) {
      return CertificateObservation.failed(endpoint.expectedName(), trustStoreName,
          ClientHelloProber.STARTTLS_FAILED + e.getMessage());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (timedOut.get()) {
        long bytes = plain.arrivals.bytes();
        return CertificateObservation.failed(host, trustStoreName, "TLS handshake failed:"
            + " not finished within secaudit's total timeout of " + limits.total().toMillis()
            / 1000.0 + " s (settings.timeouts.total); secaudit closed the connection after "
            + String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9)
            + " s, when the server had sent " + bytes + (bytes == 1 ? " byte" : " bytes"));
      }
      if (ConnectionReset.causes(e)) {
        return CertificateObservation.failed(host, trustStoreName, RESET);
      }
      String why = e.getMessage() == null ? e.getClass().getSimpleName()
          : HandshakeFailure.words(e.getMessage());
      if (plain.isClosed() && !plain.isConnected()) {
        why = "cannot connect: " + why;
      }
      return CertificateObservation.failed(host, trustStoreName,
          "TLS handshake failed: " + why);
    }
  }

  /**
   * Judges the chain a version probe read (in the clear up to TLS 1.2, from the opened flight in
   * TLS 1.3) as the JSSE handshake would: the same anchors, PKIX with the key usage the chosen
   * suite needs, the same hostname rule, and the staple the hello asked for.
   *
   * @param expectedName the name the certificate must carry (SNI name, else the host)
   * @param v an accepted version probe with a non-empty chain
   */
  public CertificateObservation fromHello(String expectedName, VersionProbe v) {
    String protocol = v.version().label() + " (" + FROM_HELLO
        + (v.version() == TlsVersion.SSL_3_0 ? "; " + CertificateObservation.NO_STAPLING_ASKED
        : "") + ")";
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> chain = new ArrayList<>();
      for (byte[] d : v.certificates()) {
        chain.add((X509Certificate) cf.generateCertificate(new java.io.ByteArrayInputStream(d)));
      }
      String verdict = trust().manager().verdict(chain.toArray(new X509Certificate[0]),
          authType(v.cipherSuite()));
      X509Certificate leaf = chain.get(0);
      OcspStaple staple = v.ocsp() == null || v.ocsp().length == 0 ? null
          : OcspStaple.parse(v.ocsp(), leaf.getSerialNumber());
      return new CertificateObservation(expectedName, protocol, v.cipherSuite(),
          chain.stream().map(CertificateFacts::of).toList(), verdict.isEmpty(),
          verdict.isEmpty() ? null : verdict, trustStoreName,
          CertificateNames.matches(leaf, expectedName), staple != null, null,
          ChainShape.of(chain, trust().anchorList()), staple);
    } catch (GeneralSecurityException | RuntimeException e) {
      return CertificateObservation.failed(expectedName, trustStoreName, "the chain the "
          + v.version().label() + " probe read does not parse: " + e.getMessage());
    }
  }

  /** How a chain read by a version probe is labelled in the observation's protocol. */
  public static final String FROM_HELLO = "read by the version probe";

  /**
   * The key exchange a suite's certificate serves, as the JDK's end-entity checks name it: RSA
   * key transport needs keyEncipherment, the signed exchanges digitalSignature, static ECDH
   * keyAgreement; TLS 1.3 suites name no exchange ("UNKNOWN", as JSSE passes for them).
   */
  static String authType(String suite) {
    if (suite == null || !suite.contains("_WITH_")) {
      return "UNKNOWN";
    }
    String kx = suite.substring(suite.indexOf('_') + 1, suite.indexOf("_WITH_"));
    return KNOWN_AUTH_TYPES.contains(kx) ? kx : "UNKNOWN";
  }

  private static final java.util.Set<String> KNOWN_AUTH_TYPES = java.util.Set.of("RSA",
      "RSA_EXPORT", "DHE_RSA", "DHE_DSS", "ECDHE_RSA", "ECDHE_ECDSA", "DH_RSA", "DH_DSS",
      "ECDH_RSA", "ECDH_ECDSA");

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Already closed: the probe finished first.
    }
  }
}
