package dev.secaudit.probe.http;

import java.io.IOException;
import javax.net.ssl.SSLSession;
import okhttp3.Response;

/**
 * What OkHttp saw of one call that the probe needs afterwards: the TLS session (the verdicts
 * were written on it), and whether the request went out on a pooled connection and got as far
 * as a whole response head, which decide whether a failure may be retried.
 */
final class CallTrace {
  volatile SSLSession session;
  volatile boolean connected;
  volatile boolean headRead;
  /** The TLS handshake began and had not finished: a failure then is the handshake's. */
  volatile boolean handshaking;
  /** What arrives on the connection, and its counts when this request went out on it. */
  private volatile dev.secaudit.probe.tls.Arrivals arrivals;
  private volatile long bytesBefore;
  private volatile int interimBefore;
  private volatile int finalsBefore;

  void counting(dev.secaudit.probe.tls.Arrivals a) {
    bytesBefore = a.bytes();
    interimBefore = a.interim();
    finalsBefore = a.finals();
    arrivals = a;
  }

  /** What this request had seen after {@code millis}: for a timeout's message. */
  TransportFailure.Seen seen(HttpProbe.Limits limits, long millis) {
    dev.secaudit.probe.tls.Arrivals a = arrivals;
    return new TransportFailure.Seen(limits.total(), limits.read(), millis, a != null,
        a == null ? 0 : a.bytes() - bytesBefore, a == null ? 0 : a.interim() - interimBefore,
        a == null ? 0 : a.finals() - finalsBefore, headRead, handshaking);
  }

  okhttp3.EventListener listener() {
    return new okhttp3.EventListener() {
      @Override
      public void connectStart(okhttp3.Call call, java.net.InetSocketAddress address,
          java.net.Proxy proxy) {
        connected = true;
      }

      @Override
      public void secureConnectStart(okhttp3.Call call) {
        handshaking = true;
      }

      @Override
      public void secureConnectEnd(okhttp3.Call call, okhttp3.Handshake handshake) {
        handshaking = false;
      }

      @Override
      public void responseHeadersEnd(okhttp3.Call call, Response response) {
        headRead = true;
      }
    };
  }

  /**
   * A pooled connection the server had already closed: it closed (or reset) it before any
   * byte of the response head. Browsers, curl and OkHttp's own retry send an idempotent
   * request again on a new connection then; OkHttp's is off because it also retries
   * failures that are the server's answer (a partial head, a refused route), which the probe
   * records instead.
   */
  boolean staleConnection(IOException e) {
    return !connected && !headRead
        && (ResponseHeadLimits.closedBeforeAnyByte(e) || dev.secaudit.probe.tls.ConnectionReset
            .causes(e));
  }
}
