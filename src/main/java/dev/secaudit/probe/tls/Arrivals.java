package dev.secaudit.probe.tls;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * What arrived on one connection, counted as the bytes were read: how many, and (on a plain
 * connection) how many status lines of interim 1xx and of final answers began. When a request
 * ends in a timeout this is what lets the finding say what the server did meanwhile (dripped 400
 * bytes, sent nothing, sent interim responses without end) instead of only that time ran out.
 * A TLS handshake that our timeout ended says so too, with the bytes the server had sent.
 */
public final class Arrivals {
  private volatile long bytes;
  private volatile int interim;
  private volatile int finals;
  /** The first bytes of the current line, enough to tell a status line and its code. */
  private final byte[] line = new byte[12];
  private int lineLength;

  public long bytes() {
    return bytes;
  }

  /** Interim (1xx) status lines seen at the start of a line. */
  public int interim() {
    return interim;
  }

  public int finals() {
    return finals;
  }

  private synchronized void saw(byte[] b, int off, int n) {
    bytes += n;
    for (int i = off; i < off + n; i++) {
      byte c = b[i];
      if (c == '\n') {
        lineLength = 0;
        continue;
      }
      if (lineLength < line.length) {
        line[lineLength++] = c;
        // "HTTP/1.1 1xx": the code's first digit is the line's tenth byte.
        if (lineLength == 10 && line[0] == 'H' && line[1] == 'T' && line[2] == 'T'
            && line[3] == 'P' && line[4] == '/' && line[8] == ' ') {
          if (line[9] == '1') {
            interim++;
          } else if (line[9] >= '2' && line[9] <= '5') {
            finals++;
          }
        }
      }
    }
  }

  /**
   * A socket factory whose sockets count what they read. The socket is the plain TCP one: on a
   * TLS connection the counts are of the encrypted records (bytes only; no status line can be
   * told).
   */
  public static final class Factory extends SocketFactory {
    @Override
    public Socket createSocket() {
      return new CountingSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return open(new java.net.InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return open(new java.net.InetSocketAddress(host, port),
          new java.net.InetSocketAddress(local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return open(new java.net.InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return open(new java.net.InetSocketAddress(host, port),
          new java.net.InetSocketAddress(local, localPort));
    }

    private static Socket open(java.net.InetSocketAddress remote,
        java.net.InetSocketAddress local) throws IOException {
      Socket s = new CountingSocket();
      if (local != null) {
        s.bind(local);
      }
      s.connect(remote);
      return s;
    }
  }

  /**
   * JSSE's socket factory, telling each counting socket it layers TLS over that the next bytes
   * must begin a TLS record, so an answer that does not is named for what it is.
   */
  public static final class TlsFactory extends javax.net.ssl.SSLSocketFactory {
    private final javax.net.ssl.SSLSocketFactory jsse;

    public TlsFactory(javax.net.ssl.SSLSocketFactory jsse) {
      this.jsse = jsse;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose)
        throws IOException {
      if (s instanceof CountingSocket c) {
        c.expectTls();
      }
      return jsse.createSocket(s, host, port, autoClose);
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return jsse.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return jsse.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return jsse.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return jsse.createSocket(host, port, local, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return jsse.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return jsse.createSocket(host, port, local, localPort);
    }
  }

  /** A TCP socket that keeps the {@link Arrivals} of what is read from it. */
  public static final class CountingSocket extends Socket {
    public final Arrivals arrivals = new Arrivals();
    private InputStream in;
    /** Set when TLS is layered over the socket: its next bytes must begin a record. */
    private volatile boolean tlsNext;

    /** The next bytes read must begin a TLS record; anything else ends the read, named. */
    public void expectTls() {
      tlsNext = true;
    }

    /**
     * The first read after {@link #expectTls}: a close or bytes that cannot begin a TLS record
     * are thrown as {@link NotTls.Answer}, with what the server sent (the bytes read so far and
     * those already waiting, never waiting for more).
     */
    private void firstOfTls(InputStream raw, byte[] b, int off, int n) throws IOException {
      tlsNext = false;
      String where = (getInetAddress() instanceof java.net.Inet6Address a
          ? "[" + a.getHostAddress() + "]" : getInetAddress().getHostAddress()) + ":" + getPort();
      if (n < 0) {
        throw new NotTls.Answer(NotTls.closed(where));
      }
      if (NotTls.beginsRecord(b[off] & 0xff)) {
        return;
      }
      byte[] seen = java.util.Arrays.copyOf(java.util.Arrays.copyOfRange(b, off, off + n),
          Math.max(n, NotTls.KEPT));
      int have = Math.min(n, NotTls.KEPT);
      int waiting = Math.min(raw.available(), NotTls.KEPT - have);
      while (waiting > 0) {
        int m = raw.read(seen, have, waiting);
        if (m <= 0) {
          break;
        }
        have += m;
        waiting -= m;
      }
      throw new NotTls.Answer(NotTls.answered(seen, have, where));
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new FilterInputStream(super.getInputStream()) {
          @Override
          public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
              arrivals.saw(new byte[] {(byte) c}, 0, 1);
            }
            if (tlsNext) {
              firstOfTls(in, new byte[] {(byte) c}, 0, c < 0 ? -1 : 1);
            }
            return c;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
              arrivals.saw(b, off, n);
            }
            if (tlsNext && n != 0) {
              firstOfTls(in, b, off, n);
            }
            return n;
          }
        };
      }
      return in;
    }
  }
}
