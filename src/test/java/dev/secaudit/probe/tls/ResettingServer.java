package dev.secaudit.probe.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback listener that accepts every connection and resets it at once, before reading a
 * byte: the prober's connect, write or read sees the reset, depending only on timing.
 */
public final class ResettingServer implements AutoCloseable {
  private final ServerSocket server;

  public ResettingServer() throws IOException {
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          s.setSoLinger(true, 0);
        } catch (IOException e) {
          return;
        }
      }
    }, "resetting-server");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
