package dev.secaudit.check.flow;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small web app on loopback, built the way server-rendered apps are (Rails, Django, Laravel):
 * the sign-in page sets a session cookie and a CSRF cookie and carries the token in a hidden field
 * and a meta tag; sign-in rotates the session; a settings form checks the token bound to the
 * session (or, as configured, does not check it, or checks only that one is there). It also
 * issues tokens that really expire (bearer tokens, magic links, idle sessions) and enforces a
 * minimum password length on password change. State lives in memory; time is the wall clock, as
 * on a real server.
 */
final class LoopbackApp implements AutoCloseable {
  enum Csrf { ENFORCED, NONE, PRESENCE_ONLY }

  static final String EMAIL = "probe@app.test";

  private final HttpServer server;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, Instant> bearer = new ConcurrentHashMap<>();
  private final Map<String, Instant> magic = new ConcurrentHashMap<>();
  /** Every Cookie header received, to show what the jar sent. */
  final List<String> cookiesReceived = new CopyOnWriteArrayList<>();
  /** Every settings change that went through. */
  final List<String> changes = new CopyOnWriteArrayList<>();

  private final Csrf csrf;
  private final Duration tokenLife;
  private final boolean statesExpiry;
  private final int minPassword;
  private volatile String password;

  private static final class Session {
    String csrf;
    boolean signedIn;
    volatile Instant lastUse = Instant.now();
  }

  /**
   * @param tokenLife how long bearer tokens, magic links and idle sessions live
   * @param statesExpiry whether the token answer carries expires_in
   */
  LoopbackApp(Csrf csrf, Duration tokenLife, boolean statesExpiry, int minPassword,
      String password) throws IOException {
    this.csrf = csrf;
    this.tokenLife = tokenLife;
    this.statesExpiry = statesExpiry;
    this.minPassword = minPassword;
    this.password = password;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String password() {
    return password;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private String token() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String cookie = x.getRequestHeaders().getFirst("Cookie");
      if (cookie != null) {
        cookiesReceived.add(cookie);
      }
      Map<String, String> form = form(x);
      String path = x.getRequestURI().getPath();
      String method = x.getRequestMethod();
      Session s = session(cookie);
      switch (method + " " + path) {
        case "GET /login" -> {
          String sid = token();
          Session fresh = new Session();
          fresh.csrf = token();
          sessions.put(sid, fresh);
          x.getResponseHeaders().add("Set-Cookie", "_app_session=" + sid
              + "; Path=/; HttpOnly; SameSite=Lax");
          x.getResponseHeaders().add("Set-Cookie", "XSRF-TOKEN=" + fresh.csrf + "; Path=/");
          html(x, 200, fresh.csrf, "<form method=post action=/login>"
              + "<input type=hidden name=authenticity_token value=\"" + fresh.csrf + "\">"
              + "<input name=email><input type=password name=password></form>");
        }
        case "POST /login" -> {
          if (s == null || !tokenAccepted(s, form, x)) {
            send(x, 422, "text/plain", "InvalidAuthenticityToken");
          } else if (!EMAIL.equals(form.get("email")) || !password.equals(form.get("password"))) {
            send(x, 401, "text/plain", "wrong email or password");
          } else {
            String sid = token();
            Session in = new Session();
            in.csrf = token();
            in.signedIn = true;
            sessions.put(sid, in);
            sessions.values().remove(s);
            x.getResponseHeaders().add("Set-Cookie", "_app_session=" + sid
                + "; Path=/; HttpOnly; SameSite=Lax");
            x.getResponseHeaders().add("Location", "/settings");
            send(x, 303, "text/plain", "");
          }
        }
        case "GET /settings" -> {
          if (!live(s)) {
            x.getResponseHeaders().add("Location", "/login");
            send(x, 302, "text/plain", "");
          } else {
            html(x, 200, s.csrf, "<form method=post action=/settings><input name=name></form>");
          }
        }
        case "POST /settings" -> {
          if (!live(s)) {
            send(x, 401, "text/plain", "sign in");
          } else if (!tokenAccepted(s, form, x)) {
            send(x, 403, "text/plain", "CSRF token missing or wrong");
          } else {
            changes.add(form.get("name"));
            send(x, 200, "application/json", "{\"saved\":true}");
          }
        }
        case "POST /account/password" -> {
          String next = form.getOrDefault("new_password", "");
          if (!live(s)) {
            send(x, 401, "text/plain", "sign in");
          } else if (!password.equals(form.get("current_password"))) {
            send(x, 403, "application/json", "{\"error\":\"current password is wrong\"}");
          } else if (next.codePointCount(0, next.length()) < minPassword) {
            send(x, 422, "application/json", "{\"error\":\"at least " + minPassword
                + " characters\"}");
          } else {
            password = next;
            send(x, 200, "application/json", "{\"changed\":true}");
          }
        }
        case "POST /api/token" -> {
          String t = token();
          bearer.put(t, Instant.now());
          send(x, 200, "application/json", "{\"access_token\":\"" + t + "\""
              + (statesExpiry ? ",\"expires_in\":" + tokenLife.toSeconds() : "")
              + ",\"token_type\":\"Bearer\"}");
        }
        case "GET /api/me" -> {
          String auth = x.getRequestHeaders().getFirst("Authorization");
          Instant issued = auth == null ? null : bearer.get(auth.replaceFirst("^Bearer ", ""));
          boolean ok = issued != null && Instant.now().isBefore(issued.plus(tokenLife));
          send(x, ok ? 200 : 401, "application/json", ok ? "{\"id\":1}" : "{}");
        }
        case "POST /auth/magic-link" -> {
          String t = token();
          magic.put(t, Instant.now());
          // A test mailbox stands in for the e-mail: the link's token comes back in the answer.
          send(x, 200, "application/json", "{\"sent\":true,\"test_mailbox_token\":\"" + t
              + "\"}");
        }
        case "GET /auth/magic" -> {
          String q = x.getRequestURI().getRawQuery();
          String t = q == null ? "" : decode(q.replaceFirst("^token=", ""));
          Instant issued = magic.remove(t);
          boolean ok = issued != null && Instant.now().isBefore(issued.plus(tokenLife));
          send(x, ok ? 200 : 410, "text/plain", ok ? "signed in" : "link expired or used");
        }
        default -> send(x, 404, "text/plain", "not found");
      }
    }
  }

  /** A signed-in session still inside its idle time; using it resets the idle clock. */
  private boolean live(Session s) {
    if (s == null || !s.signedIn) {
      return false;
    }
    Instant now = Instant.now();
    if (!now.isBefore(s.lastUse.plus(tokenLife))) {
      return false;
    }
    s.lastUse = now;
    return true;
  }

  private boolean tokenAccepted(Session s, Map<String, String> form, HttpExchange x) {
    String sent = form.getOrDefault("authenticity_token",
        x.getRequestHeaders().getFirst("X-CSRF-Token"));
    return switch (csrf) {
      case NONE -> true;
      case PRESENCE_ONLY -> sent != null && !sent.isEmpty();
      case ENFORCED -> s.csrf.equals(sent);
    };
  }

  private Session session(String cookie) {
    if (cookie == null) {
      return null;
    }
    for (String pair : cookie.split(";")) {
      String p = pair.trim();
      if (p.startsWith("_app_session=")) {
        return sessions.get(p.substring("_app_session=".length()));
      }
    }
    return null;
  }

  private static Map<String, String> form(HttpExchange x) throws IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> out = new HashMap<>();
    if (body.isEmpty()) {
      return out;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      out.put(decode(eq < 0 ? pair : pair.substring(0, eq)),
          eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void html(HttpExchange x, int status, String csrf, String body)
      throws IOException {
    send(x, status, "text/html; charset=utf-8", "<!doctype html><html><head>"
        + "<meta name=\"csrf-param\" content=\"authenticity_token\">"
        + "<meta name=\"csrf-token\" content=\"" + csrf + "\"></head><body>" + body
        + "</body></html>");
  }

  private static void send(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(b);
      }
    }
  }
}
