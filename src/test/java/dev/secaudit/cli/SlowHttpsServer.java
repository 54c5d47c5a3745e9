package dev.secaudit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An HTTPS server on loopback port 0 that is slow at everything: each connection waits {@code
 * latency} before the server reads the ClientHello, so raw hellos, full handshakes and HTTP
 * requests all cost the same time. Connections are served side by side, as a real server does,
 * so the client's own concurrency decides how much fits in a budget.
 */
final class SlowHttpsServer implements AutoCloseable {
  private final ServerSocket server;
  private final SSLContext tls;
  private final Duration latency;
  private final String response;
  private final Duration drip;

  SlowHttpsServer(SSLContext tls, Duration latency, String response) throws IOException {
    this(tls, latency, response, null);
  }

  /**
   * As above; with {@code drip}, the response is followed by one more byte each {@code drip},
   * for as long as the client listens: a head that never ends.
   */
  SlowHttpsServer(SSLContext tls, Duration latency, String response, Duration drip)
      throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    this.tls = tls;
    this.latency = latency;
    this.response = response;
    this.drip = drip;
    Thread acceptor = new Thread(this::accept, "slow-https-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "slow-https-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket plain) {
    try (plain) {
      // The server's latency, not a wait for the test's sake: every answer comes this late.
      Thread.sleep(latency.toMillis());
      plain.setSoTimeout(5000);
      SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1",
          plain.getPort(), true);
      s.setUseClientMode(false);
      s.startHandshake();
      readHead(s.getInputStream());
      OutputStream out = s.getOutputStream();
      out.write(response.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (drip != null && !server.isClosed()) {
        out.write('X');
        out.flush();
        Thread.sleep(drip.toMillis());
      }
    } catch (IOException | InterruptedException e) {
      // A prober that hangs up after the ServerHello, or the test ending: expected.
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b; matched < end.length && (b = in.read()) >= 0; ) {
      matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
