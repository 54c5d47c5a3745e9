package dev.secaudit.check.ratelimit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A real limiter on loopback (the JDK's HTTP server): at most {@code limit} attempts in any
 * {@code windowMillis}, counted by a sliding log of the accepted ones. With a window of a second
 * it is the limiter that answers a burst exactly as one of the same count per hour would, and
 * lets thousands of times more through. Accepted attempts get 401 (wrong credentials), refused
 * ones 429 with Retry-After.
 */
public final class SlidingLimiter implements AutoCloseable {
  private final HttpServer server;
  private final int limit;
  private final long windowNanos;
  private final Deque<Long> accepted = new ArrayDeque<>();
  private final List<Long> received = new ArrayList<>();

  public SlidingLimiter(int limit, long windowMillis) throws IOException {
    this.limit = limit;
    this.windowNanos = windowMillis * 1_000_000L;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request received, as nanoTime, in order. */
  public synchronized List<Long> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange ex) throws IOException {
    ex.getRequestBody().readAllBytes();
    int status;
    long retry;
    synchronized (this) {
      long now = System.nanoTime();
      received.add(now);
      while (!accepted.isEmpty() && now - accepted.peekFirst() >= windowNanos) {
        accepted.removeFirst();
      }
      if (accepted.size() < limit) {
        accepted.addLast(now);
        status = 401;
        retry = 0;
      } else {
        status = 429;
        retry = Math.max(1, (accepted.peekFirst() + windowNanos - now + 999_999_999L)
            / 1_000_000_000L);
      }
    }
    answer(ex, status, retry);
  }

  /** A 401 to an attempt with wrong credentials, or a 429 asking to wait {@code retry} s. */
  static void answer(HttpExchange ex, int status, long retry) throws IOException {
    byte[] body = (status == 401 ? "{\"error\":\"invalid credentials\"}" : "slow down")
        .getBytes(StandardCharsets.UTF_8);
    if (status == 429) {
      ex.getResponseHeaders().add("Retry-After", String.valueOf(retry));
    }
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
