package dev.secaudit.check.ratelimit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A real limiter on loopback (the JDK's HTTP server) with one of the algorithms servers use, each
 * answering Retry-After as that algorithm would: a fixed window (the time left in it), a token
 * bucket (the time until the next token). Accepted attempts get 401 (wrong credentials), refused
 * ones 429. Whether it is honest depends only on the window the test claims for it.
 */
final class AlgorithmLimiter implements AutoCloseable {
  /** Decides one attempt at {@code now} (nanoTime): -1 to accept, else the seconds to wait. */
  interface Algorithm {
    long decide(long now);
  }

  /**
   * At most {@code limit} per window, counted in windows aligned so that the first one ends
   * {@code firstEndsMillis} after creation.
   */
  static Algorithm fixedWindow(int limit, long windowMillis, long firstEndsMillis) {
    long window = windowMillis * 1_000_000L;
    long origin = System.nanoTime() + firstEndsMillis * 1_000_000L - window;
    return new Algorithm() {
      private long current = -1;
      private int count;

      @Override
      public long decide(long now) {
        long index = Math.floorDiv(now - origin, window);
        if (index != current) {
          current = index;
          count = 0;
        }
        if (count < limit) {
          count++;
          return -1;
        }
        return ceilSeconds(origin + (index + 1) * window - now);
      }
    };
  }

  /** A bucket of {@code limit} tokens, full at first, refilled at limit per window. */
  static Algorithm tokenBucket(int limit, long windowMillis) {
    double perNano = limit / (windowMillis * 1_000_000.0);
    return new Algorithm() {
      private double tokens = limit;
      private long last = System.nanoTime();

      @Override
      public long decide(long now) {
        tokens = Math.min(limit, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
          tokens -= 1;
          return -1;
        }
        return ceilSeconds((long) Math.ceil((1 - tokens) / perNano));
      }
    };
  }

  private static long ceilSeconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }

  private final HttpServer server;
  private final Algorithm algorithm;
  private final List<Integer> statuses = new ArrayList<>();

  AlgorithmLimiter(Algorithm algorithm) throws IOException {
    this.algorithm = algorithm;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The status of every answer, in order. */
  synchronized List<Integer> statuses() {
    return List.copyOf(statuses);
  }

  private void handle(HttpExchange ex) throws IOException {
    ex.getRequestBody().readAllBytes();
    long retry;
    synchronized (this) {
      retry = algorithm.decide(System.nanoTime());
      statuses.add(retry < 0 ? 401 : 429);
    }
    SlidingLimiter.answer(ex, retry < 0 ? 401 : 429, retry);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
