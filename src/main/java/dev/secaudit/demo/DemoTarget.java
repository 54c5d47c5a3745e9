package dev.secaudit.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The target {@code secaudit demo} scans: a small web site on 127.0.0.1 with the half-finished
 * security posture most real sites have, so that one run shows passes, failures and attested claims
 * side by side without touching any network beyond loopback.
 *
 * <p>It serves HTTPS with a self-signed certificate made at start-up (kept only in memory) and a
 * plain-HTTP port that answers every request with a 301 to the same path over HTTPS. What is
 * deliberately right and wrong is listed in policies/demo.yaml, the policy it is scanned with.
 */
public final class DemoTarget implements AutoCloseable {
  /** What an nginx reverse proxy in front of an Express app announces; both are banners. */
  private static final String SERVER_BANNER = "nginx/1.22.1";

  private static final String POWERED_BY = "Express";

  /** One day: long enough to look configured, far below the one year the policy asks for. */
  private static final String HSTS = "max-age=86400";

  /** Restricts objects and framing but allows inline script and never sets base-uri. */
  private static final String CSP =
      "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.example.com;"
          + " object-src 'none'; frame-ancestors 'none'";

  private static final String LOGIN_CSP = CSP + "; form-action 'self'";

  /** Two years, beyond the 400 days browsers cap cookie lifetimes at. */
  private static final long TRACKING_MAX_AGE = Duration.ofDays(730).toSeconds();

  private static final Duration CERTIFICATE_LIFETIME = Duration.ofDays(90);
  private static final Duration CERTIFICATE_BACKDATE = Duration.ofHours(1);
  private static final Duration SECURITY_TXT_EXPIRES_IN = Duration.ofDays(200);

  /** Enough for a scan's few concurrent requests; the demo never serves anyone else. */
  private static final int WORKER_THREADS = 4;

  private final HttpsServer https;
  private final HttpServer http;
  private final ExecutorService workers;
  private final String certificatePem;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DemoTarget(
      HttpsServer https, HttpServer http, ExecutorService workers, String certificatePem) {
    this.https = https;
    this.http = http;
    this.workers = workers;
    this.certificatePem = certificatePem;
  }

  /** Starts the demo on free loopback ports with the system clock and a fresh SecureRandom. */
  public static DemoTarget start() {
    return start(Clock.systemUTC(), new SecureRandom());
  }

  /**
   * Starts the demo with an injected clock (certificate validity, security.txt Expires) and source
   * of randomness (key, serial number, cookie values).
   */
  public static DemoTarget start(Clock clock, SecureRandom random) {
    return start(clock, random, 0);
  }

  /**
   * As above, the HTTPS site on loopback port {@code portBase} and the plain-HTTP redirect on
   * the next; 0 takes free ports. A port in use fails with a {@link java.net.BindException} as
   * the cause, naming the address.
   */
  public static DemoTarget start(Clock clock, SecureRandom random, int portBase) {
    // The JDK server writes headers and body separately; with Nagle's algorithm on, each
    // response then waits ~40 ms for a delayed ACK, which would make every probe of the demo
    // look slow. The property is read once, when the server classes first load.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    DemoIdentity identity = DemoIdentity.selfSigned(clock.instant(), random, CERTIFICATE_BACKDATE,
        CERTIFICATE_LIFETIME);
    ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS, daemonThreads());
    HttpsServer https = null;
    HttpServer http = null;
    int binding = 0;
    try {
      InetAddress loopback = ipv4Loopback();
      binding = portBase;
      https = HttpsServer.create(new InetSocketAddress(loopback, portBase), 16);
      https.setHttpsConfigurator(new HttpsConfigurator(identity.sslContext(random)));
      https.setExecutor(workers);
      int httpsPort = https.getAddress().getPort();
      String origin = "https://127.0.0.1:" + httpsPort;
      Instant expires =
          clock.instant().plus(SECURITY_TXT_EXPIRES_IN).truncatedTo(ChronoUnit.SECONDS);
      https.createContext("/", new DemoSite(securityTxt(origin, expires), random));

      binding = portBase == 0 ? 0 : portBase + 1;
      http = HttpServer.create(new InetSocketAddress(loopback, binding), 16);
      http.setExecutor(workers);
      http.createContext("/", new HttpsRedirect(httpsPort));

      startOnDaemonThread(workers, https, http);
      return new DemoTarget(https, http, workers, identity.pem());
    } catch (IOException e) {
      stopQuietly(https, http, workers);
      // The JDK's BindException does not say which address: a chosen port in use is named.
      String where = e instanceof java.net.BindException && binding != 0
          ? "127.0.0.1:" + binding + " is in use (" + e.getMessage() + ")" : e.getMessage();
      throw new UncheckedIOException("cannot start the demo target on 127.0.0.1: " + where, e);
    } catch (RuntimeException e) {
      stopQuietly(https, http, workers);
      throw e;
    }
  }

  /** Base URL of the HTTPS site, without a trailing slash: {@code https://127.0.0.1:PORT}. */
  public String httpsUrl() {
    return "https://127.0.0.1:" + https.getAddress().getPort();
  }

  /** Base URL of the plain-HTTP port that redirects to {@link #httpsUrl()}. */
  public String httpUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /** The served certificate in PEM, so a user can inspect it or trust it deliberately. */
  public String certificatePem() {
    return certificatePem;
  }

  /** Stops both servers and their threads; open connections are closed, not drained. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stopQuietly(https, http, workers);
    }
  }

  private static void stopQuietly(HttpServer https, HttpServer http, ExecutorService workers) {
    // stop(0) closes the listening sockets at once; in-flight demo responses do not matter.
    if (https != null) {
      https.stop(0);
    }
    if (http != null) {
      http.stop(0);
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The JDK server makes its dispatcher thread inherit the daemon flag of the thread that calls
   * start(); starting from a worker keeps every demo thread a daemon, so a forgotten close() can
   * never keep the CLI's JVM alive.
   */
  private static void startOnDaemonThread(ExecutorService workers, HttpServer... servers) {
    try {
      workers
          .submit(
              () -> {
                for (HttpServer s : servers) {
                  s.start();
                }
              })
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the demo target", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot start the demo target", e.getCause());
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "secaudit-demo-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** 127.0.0.1 itself: the loopback name may resolve to ::1 first, and the URLs promise IPv4. */
  private static InetAddress ipv4Loopback() {
    try {
      return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String securityTxt(String origin, Instant expires) {
    return "# Security contact for the secaudit demo target (RFC 9116).\n"
        + "Contact: mailto:security@demo.secaudit.test\n"
        + "Expires: "
        + expires
        + "\n"
        + "Preferred-Languages: en\n"
        + "Canonical: "
        + origin
        + "/.well-known/security.txt\n";
  }

  /** The site behind the HTTPS port. */
  private static final class DemoSite implements HttpHandler {
    private final String securityTxt;
    private final SecureRandom random;

    DemoSite(String securityTxt, SecureRandom random) {
      this.securityTxt = securityTxt;
      this.random = random;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
      try (ex) {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        Headers h = ex.getResponseHeaders();
        securityHeaders(h, CSP);
        if (path.startsWith("/api/")) {
          api(ex, path, method);
          return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
          h.set("Allow", "GET, HEAD");
          send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
          return;
        }
        switch (path) {
          case "/" -> {
            sessionCookies(h);
            send(ex, 200, "text/html; charset=utf-8", HOME_PAGE);
          }
          case "/login" -> {
            securityHeaders(h, LOGIN_CSP);
            h.set("Cache-Control", "no-store");
            h.set("X-Frame-Options", "DENY");
            sessionCookies(h);
            send(ex, 200, "text/html; charset=utf-8", LOGIN_PAGE);
          }
          case "/.well-known/security.txt" ->
              send(ex, 200, "text/plain; charset=utf-8", securityTxt);
          default -> send(ex, 404, "text/html; charset=utf-8", NOT_FOUND_PAGE);
        }
      }
    }

    /**
     * The classic CORS mistake: any Origin is echoed back and credentials are allowed, so every web
     * site a signed-in user visits can read their profile.
     */
    private void api(HttpExchange ex, String path, String method) throws IOException {
      Headers h = ex.getResponseHeaders();
      String origin = ex.getRequestHeaders().getFirst("Origin");
      if (origin != null) {
        h.set("Access-Control-Allow-Origin", origin);
        h.set("Access-Control-Allow-Credentials", "true");
      }
      h.set("Vary", "Origin");
      h.set("Cache-Control", "no-store");
      if (method.equals("OPTIONS")) {
        h.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        h.set("Access-Control-Allow-Headers", "Content-Type, X-CSRF-Token");
        h.set("Access-Control-Max-Age", "600");
        send(ex, 204, null, "");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        h.set("Allow", "GET, HEAD, OPTIONS");
        send(ex, 405, "application/json", "{\"error\":\"method not allowed\"}\n");
      } else if (path.equals("/api/me")) {
        send(ex, 200, "application/json", ME_JSON);
      } else {
        send(ex, 404, "application/json", "{\"error\":\"not found\"}\n");
      }
    }

    /**
     * A correct session cookie, a tracking cookie that is neither Secure nor short-lived, and a
     * double-submit CSRF cookie (not HttpOnly on purpose: the page's script must read it). Values
     * are fresh and random on every response so a report that leaked one would be obvious.
     */
    private void sessionCookies(Headers h) {
      h.add("Set-Cookie", "session=" + token(32) + "; Path=/; Secure; HttpOnly; SameSite=Lax");
      h.add("Set-Cookie", "_tracking=" + token(16) + "; Path=/; Max-Age=" + TRACKING_MAX_AGE);
      h.add("Set-Cookie", "__Host-csrf=" + token(32) + "; Path=/; Secure; SameSite=Strict");
    }

    private String token(int bytes) {
      byte[] b = new byte[bytes];
      random.nextBytes(b);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
  }

  /** Headers every HTTPS response carries, as a proxy adding them site-wide would. */
  private static void securityHeaders(Headers h, String csp) {
    h.set("Server", SERVER_BANNER);
    h.set("X-Powered-By", POWERED_BY);
    h.set("Strict-Transport-Security", HSTS);
    h.set("Content-Security-Policy", csp);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "strict-origin-when-cross-origin");
  }

  private static void send(HttpExchange ex, int status, String contentType, String body)
      throws IOException {
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    boolean noBody = bytes.length == 0 || ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, noBody ? -1 : bytes.length);
    if (!noBody) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /**
   * The plain-HTTP port: a 301 to the same path and query on HTTPS, on the host the client asked
   * for when that is one of the certificate's names, else on 127.0.0.1 (a Host header never steers
   * the redirect anywhere else).
   */
  private static final class HttpsRedirect implements HttpHandler {
    private final int httpsPort;

    HttpsRedirect(int httpsPort) {
      this.httpsPort = httpsPort;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
      try (ex) {
        String host = hostWithoutPort(ex.getRequestHeaders().getFirst("Host"));
        if (!host.equals("localhost")) {
          host = "127.0.0.1";
        }
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        String location =
            "https://"
                + host
                + ":"
                + httpsPort
                + (path == null || path.isEmpty() ? "/" : path)
                + (query == null ? "" : "?" + query);
        ex.getResponseHeaders().set("Server", SERVER_BANNER);
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(301, -1);
      }
    }

    private static String hostWithoutPort(String hostHeader) {
      if (hostHeader == null) {
        return "";
      }
      String h = hostHeader.trim().toLowerCase(Locale.ROOT);
      int colon = h.lastIndexOf(':');
      return colon >= 0 && !h.endsWith("]") ? h.substring(0, colon) : h;
    }
  }

  private static final String HOME_PAGE =
      """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; frame-ancestors 'none'">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Demo Corp</title>
      <link rel="stylesheet" href="/static/site.css">
      <script src="https://cdn.example.com/analytics.js"></script>
      </head>
      <body>
      <header><h1>Demo Corp</h1><nav><a href="/login">Sign in</a></nav></header>
      <main>
      <p>This is the secaudit demo target. It runs on 127.0.0.1 only, for as long as
      <code>secaudit demo</code> runs, and is configured the way many real sites are: mostly
      right, with a few mistakes a scan should find.</p>
      <p>Found a vulnerability? See <a href="/.well-known/security.txt">security.txt</a>.</p>
      </main>
      <script>document.documentElement.classList.add("js");</script>
      </body>
      </html>
      """;

  private static final String LOGIN_PAGE =
      """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>Sign in - Demo Corp</title>
      </head>
      <body>
      <h1>Sign in</h1>
      <form method="post" action="/login" autocomplete="on">
      <label>Email <input type="email" name="email" autocomplete="username" required></label>
      <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
      <input type="hidden" name="csrf" id="csrf">
      <button type="submit">Sign in</button>
      </form>
      <script>
      // Double-submit CSRF token: copied from the __Host-csrf cookie, never written into the HTML.
      var m = document.cookie.match(/(?:^|; )__Host-csrf=([^;]*)/);
      if (m) { document.getElementById("csrf").value = m[1]; }
      </script>
      </body>
      </html>
      """;

  private static final String NOT_FOUND_PAGE =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
      <body><h1>404 Not Found</h1></body></html>
      """;

  private static final String ME_JSON =
      "{\"id\":\"u_1001\",\"name\":\"Ada Example\",\"email\":\"ada@demo.secaudit.test\","
          + "\"plan\":\"team\"}\n";
}
