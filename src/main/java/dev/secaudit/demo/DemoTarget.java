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
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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
    ServerIdentity identity = ServerIdentity.selfSigned(clock.instant(), random);
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

  /** The demo's key pair and self-signed certificate; never written to disk. */
  private record ServerIdentity(KeyPair keys, X509Certificate certificate) {

    /**
     * EC P-256 rather than RSA: key generation takes milliseconds, which keeps the demo's start-up
     * out of the user's way. The validity starts an hour back so clock skew cannot make the
     * certificate "not yet valid".
     */
    static ServerIdentity selfSigned(Instant now, SecureRandom random) {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair keys = generator.generateKeyPair();
        Instant notBefore = now.minus(CERTIFICATE_BACKDATE).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.plus(CERTIFICATE_LIFETIME);
        X500Name name = new X500Name("CN=localhost, O=secaudit demo target");
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        JcaX509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(1, serial),
                Date.from(notBefore),
                Date.from(notAfter),
                name,
                keys.getPublic());
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.dNSName, "localhost"),
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(
            Extension.subjectKeyIdentifier,
            false,
            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        // The JDK's own providers sign and parse, so BouncyCastle's provider is never registered.
        X509Certificate cert =
            new JcaX509CertificateConverter()
                .getCertificate(
                    builder.build(
                        new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        return new ServerIdentity(keys, cert);
      } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
        throw new IllegalStateException("cannot create the demo certificate: " + e.getMessage(), e);
      }
    }

    SSLContext sslContext(SecureRandom random) {
      try {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(
            new KeyManager[] {new SingleKeyManager(keys.getPrivate(), certificate)}, null, random);
        return ctx;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK has no TLS server: " + e.getMessage(), e);
      }
    }

    String pem() {
      try {
        String base64 =
            Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Hands JSSE the one key and certificate directly. A KeyStore would need a password and, for
   * PKCS12, thousands of PBKDF2 rounds to protect a key that never leaves memory anyway.
   */
  private static final class SingleKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "demo";

    private final PrivateKey key;
    private final X509Certificate certificate;

    SingleKeyManager(PrivateKey key, X509Certificate certificate) {
      this.key = key;
      this.certificate = certificate;
    }

    private String aliasFor(String keyType) {
      return key.getAlgorithm().equalsIgnoreCase(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? new X509Certificate[] {certificate} : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
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
