package dev.secaudit.probe.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** A JSSE TLS server on a loopback port 0 that answers each handshake with a tiny HTTP reply. */
final class JsseServer implements AutoCloseable {
  private final SSLServerSocket server;
  private final Thread thread;

  JsseServer(SSLContext ctx, InetAddress bind, String... protocols) throws IOException {
    server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, bind);
    if (protocols.length > 0) {
      server.setEnabledProtocols(protocols);
    }
    thread = new Thread(this::serve, "jsse-test-server");
    thread.setDaemon(true);
    thread.start();
  }

  JsseServer(SSLContext ctx, String... protocols) throws IOException {
    this(ctx, InetAddress.getLoopbackAddress(), protocols);
  }

  /** Only these suites, picked by the server's order when {@code serverOrder}. */
  JsseServer suites(boolean serverOrder, String... suites) {
    server.setEnabledCipherSuites(suites);
    javax.net.ssl.SSLParameters p = server.getSSLParameters();
    p.setUseCipherSuitesOrder(serverOrder);
    server.setSSLParameters(p);
    return this;
  }

  int port() {
    return server.getLocalPort();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(5000);
        try {
          ((SSLSocket) s).startHandshake();
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException e) {
          // A probe that drops the connection after the ServerHello: expected.
        }
      } catch (IOException e) {
        // closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
