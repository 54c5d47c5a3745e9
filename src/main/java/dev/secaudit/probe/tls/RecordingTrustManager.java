package dev.secaudit.probe.tls;

import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Validates the server chain with the real trust store, writes the verdict on the TLS session and
 * never throws: a probe must still see the headers of a site whose certificate is broken, and the
 * certificate verdict belongs in a finding, not in a failed request.
 */
public final class RecordingTrustManager extends X509ExtendedTrustManager {
  /** Session value: the empty string when trusted, otherwise why not. */
  public static final String VERDICT = "dev.secaudit.trust";

  private final X509ExtendedTrustManager delegate;

  public RecordingTrustManager(X509ExtendedTrustManager delegate) {
    this.delegate = delegate;
  }

  /** Wraps the JDK's default trust store (or the given one). */
  public static RecordingTrustManager forKeyStore(KeyStore trustStore) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return new RecordingTrustManager(x);
        }
      }
      throw new IllegalStateException("no X509 trust manager in the JDK");
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the trust store: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    String verdict = verdictOf(() -> delegate.checkServerTrusted(chain, authType, socket));
    if (socket instanceof SSLSocket s) {
      record(s.getHandshakeSession(), verdict);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    String verdict = verdictOf(() -> delegate.checkServerTrusted(chain, authType, engine));
    if (engine != null) {
      record(engine.getHandshakeSession(), verdict);
    }
  }

  /**
   * The verdict on a chain read outside a JSSE handshake (by a version probe): the same PKIX
   * validation, with the key usage {@code authType} needs; the empty string when trusted.
   */
  public String verdict(X509Certificate[] chain, String authType) {
    return verdictOf(() -> delegate.checkServerTrusted(chain, authType));
  }

  /** One PKIX validation by the real trust manager. */
  private interface Validation {
    void run() throws CertificateException;
  }

  /** The empty string when the validation passes, otherwise why not; never throws. */
  private static String verdictOf(Validation validation) {
    try {
      validation.run();
      return "";
    } catch (CertificateException | RuntimeException e) {
      return reason(e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
    // Only reached without a socket, where there is nowhere to record; the JSSE client always
    // calls the socket or engine variant.
  }

  private static void record(SSLSession session, String verdict) {
    if (session != null) {
      session.putValue(VERDICT, verdict);
    }
  }

  private static String reason(Exception e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return msg.length() > 300 ? msg.substring(0, 300) : msg;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
