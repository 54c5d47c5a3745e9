package dev.secaudit.probe.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback relay to a server that holds each answer back by a delay, as a distant host would,
 * and notes when each client connection opened and closed, so a test can count how many were
 * open at once.
 */
public final class DelayRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final long delayMillis;
  private final List<long[]> spans;

  public DelayRelay(int targetPort, long delayMillis) throws IOException {
    this(targetPort, delayMillis, null);
  }

  /**
   * @param countedWith another relay whose connections this one's are counted with, as two
   *     ports of one host are (null: counted alone)
   */
  public DelayRelay(int targetPort, long delayMillis, DelayRelay countedWith)
      throws IOException {
    this.spans = countedWith == null ? new ArrayList<>() : countedWith.spans;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = targetPort;
    this.delayMillis = delayMillis;
    Thread t = new Thread(this::accept, "delay-relay");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        long[] span = {System.nanoTime(), Long.MAX_VALUE};
        synchronized (spans) {
          spans.add(span);
        }
        Thread t = new Thread(() -> relay(client, span), "delay-relay-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relay(Socket client, long[] span) {
    try (client; Socket server = new Socket()) {
      server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5000);
      Thread back = new Thread(() -> pump(server, client, delayMillis), "delay-relay-back");
      back.setDaemon(true);
      back.start();
      pump(client, server, 0);
    } catch (IOException e) {
      // the client or the server went away: the span ends either way
    } finally {
      synchronized (spans) {
        span[1] = System.nanoTime();
      }
    }
  }

  private static void pump(Socket from, Socket to, long delay) {
    byte[] buf = new byte[16384];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        if (delay > 0) {
          Thread.sleep(delay);
        }
        out.write(buf, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The most client connections open at once, each counted until {@code slackMillis} before it
   * closed: the relay sees a close a moment after the client made it, and the client's next
   * connection may already be in by then.
   */
  public int mostOpen(long slackMillis) {
    List<long[]> copy;
    synchronized (spans) {
      copy = spans.stream().map(s -> new long[] {s[0], s[1] - slackMillis * 1_000_000}).toList();
    }
    int most = 0;
    for (long[] s : copy) {
      int open = 0;
      for (long[] o : copy) {
        if (o[0] <= s[0] && o[1] > s[0]) {
          open++;
        }
      }
      most = Math.max(most, open);
    }
    return most;
  }

  /** Client connections made so far. */
  public int connections() {
    synchronized (spans) {
      return spans.size();
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
