package dev.secaudit.probe.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server on loopback port 0 that upgrades to TLS with JSSE after STARTTLS (RFC 3207),
 * or misbehaves in one chosen way. Each connection is served on its own thread.
 */
public final class SmtpServer implements AutoCloseable {
  /** How the server behaves. */
  public enum Mode {
    /** 220, EHLO with STARTTLS, 220, TLS. */
    GOOD,
    /** EHLO does not offer STARTTLS. */
    NO_STARTTLS,
    /** STARTTLS is answered 454. */
    REFUSE,
    /** The greeting is not SMTP. */
    GARBAGE,
    /** Accepts the connection and says nothing. */
    SILENT,
    /** Says 220 to STARTTLS and then sends clear text instead of TLS. */
    LIE
  }

  private final ServerSocket server;
  private final SSLContext tls;
  private final Mode mode;
  private final String[] protocols;
  private final AtomicInteger connections = new AtomicInteger();

  public SmtpServer(SSLContext tls, Mode mode, String... protocols) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.tls = tls;
    this.mode = mode;
    this.protocols = protocols;
    Thread t = new Thread(this::acceptLoop, "smtp-test-server");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connections.incrementAndGet();
        Thread t = new Thread(() -> serve(s), "smtp-test-session");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      switch (mode) {
        case SILENT -> {
          in.read(); // until the client gives up
          return;
        }
        case GARBAGE -> {
          write(out, "HTTP/1.1 400 Bad Request\r\n\r\n");
          return;
        }
        default -> write(out, "220 mx.test ESMTP ready\r\n");
      }
      while (true) {
        String line = line(in);
        if (line == null) {
          return;
        }
        String cmd = line.toUpperCase(java.util.Locale.ROOT);
        if (cmd.startsWith("EHLO")) {
          write(out, mode == Mode.NO_STARTTLS ? "250-mx.test\r\n250 PIPELINING\r\n"
              : "250-mx.test greets you\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n");
        } else if (cmd.equals("STARTTLS")) {
          if (mode == Mode.REFUSE) {
            write(out, "454 4.7.0 TLS not available due to temporary reason\r\n");
            continue;
          }
          write(out, "220 2.0.0 Ready to start TLS\r\n");
          if (mode == Mode.LIE) {
            write(out, "250 nothing to see here, no TLS at all\r\n");
            line(in);
            return;
          }
          SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, true);
          ssl.setUseClientMode(false);
          if (protocols.length > 0) {
            ssl.setEnabledProtocols(protocols);
          }
          ssl.startHandshake();
          write(ssl.getOutputStream(), "250 secured\r\n");
          return;
        } else if (cmd.equals("QUIT")) {
          write(out, "221 bye\r\n");
          return;
        } else {
          write(out, "502 5.5.2 command not recognized\r\n");
        }
      }
    } catch (IOException e) {
      // A probe that drops the connection after the ServerHello: expected.
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        return b.toString(StandardCharsets.US_ASCII).strip();
      }
      b.write(c);
    }
    return null;
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
