package dev.secaudit.check.ratelimit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A limiter on loopback that really counts: {@code limit} attempts accepted (401, wrong
 * credentials), then 429 with Retry-After. Every answer sets a session cookie {@code sid} with a
 * fresh random value (a session rotated on each attempt), and the count is kept either for every
 * request (one client) or per session, carried over to the rotated one: a client that drops the
 * cookie starts a new session, with a count of 0, on every request. What the answers advertise
 * of the count is the test's.
 */
final class CountingLimiter implements AutoCloseable {
  /** Headers an answer advertises, from the limit and the attempts counted after it. */
  interface Advertised {
    Map<String, String> headers(int limit, int counted);
  }

  private final HttpServer server;
  private final int limit;
  private final boolean perSession;
  private final Advertised advertised;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Integer> sessions = new HashMap<>();
  private final List<String> issued = new ArrayList<>();
  private final List<String> cookiesReceived = new ArrayList<>();
  private int counted;

  CountingLimiter(int limit, boolean perSession, Advertised advertised) throws IOException {
    this.limit = limit;
    this.perSession = perSession;
    this.advertised = advertised;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every session value the answers set, in order: secrets the evidence must never hold. */
  synchronized List<String> issued() {
    return List.copyOf(issued);
  }

  /** The Cookie header of every request received, in order ("" when it had none). */
  synchronized List<String> cookiesReceived() {
    return List.copyOf(cookiesReceived);
  }

  private void handle(HttpExchange ex) throws IOException {
    ex.getRequestBody().readAllBytes();
    String cookie = ex.getRequestHeaders().getFirst("Cookie");
    String sid = null;
    for (String pair : (cookie == null ? "" : cookie).split(";")) {
      if (pair.trim().startsWith("sid=")) {
        sid = pair.trim().substring(4);
      }
    }
    int status;
    int now;
    byte[] fresh = new byte[16];
    random.nextBytes(fresh);
    String next = HexFormat.of().formatHex(fresh);
    synchronized (this) {
      cookiesReceived.add(cookie == null ? "" : cookie);
      int before = perSession ? sessions.getOrDefault(sid, 0) : counted;
      status = before < limit ? 401 : 429;
      now = status == 401 ? before + 1 : before;
      if (perSession) {
        sessions.remove(sid);
        sessions.put(next, now);
      } else {
        counted = now;
      }
      issued.add(next);
    }
    advertised.headers(limit, now).forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.getResponseHeaders().add("Set-Cookie", "sid=" + next + "; Path=/; HttpOnly");
    SlidingLimiter.answer(ex, status, 30);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Probes {@code rule} (the YAML of one rate_limits entry, target api) and judges it. */
  ProbedRateLimit probe(String rule) {
    // Nothing is slept: no recovery is asked, and a test that counts the requests claims the
    // 30 s window its Retry-After asks for, so that the probe does not burst again after it.
    return ProbedRateLimit.of(url(), rule, d -> { });
  }
}
