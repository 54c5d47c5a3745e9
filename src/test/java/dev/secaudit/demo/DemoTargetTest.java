package dev.secaudit.demo;

import dev.secaudit.check.StandardChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import dev.secaudit.check.CheckCatalog;
import dev.secaudit.model.Redactor;
import dev.secaudit.policy.Claim;
import dev.secaudit.policy.CookieRule;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.policy.Presence;
import dev.secaudit.policy.Target;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.http.TlsInfo;
import dev.secaudit.probe.tls.CertificateNames;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoTargetTest {
  private static final Path POLICY = Path.of("policies", "demo.yaml");

  /** Whole seconds, as X.509 validity and RFC 3339 timestamps carry them. */
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private DemoTarget demo;
  private HttpProbe probe;

  @BeforeAll
  void startDemo() {
    demo = DemoTarget.start(Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());
    probe = probeTrusting(null);
  }

  @AfterAll
  void stopDemo() {
    demo.close();
  }

  private static HttpProbe probeTrusting(KeyStore trustStore) {
    return new HttpProbe(
        new HttpProbe.Limits(
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), 1 << 20),
        RecordingTrustManager.forKeyStore(trustStore),
        Clock.systemUTC(),
        "test");
  }

  private HttpExchange get(String path) {
    return get(path, Map.of());
  }

  private HttpExchange get(String path, Map<String, String> headers) {
    HttpExchange ex = probe.exchange("demo/test", "GET", demo.httpsUrl() + path, headers);
    assertThat(ex.error()).as("transport error for %s", path).isNull();
    return ex;
  }

  private static List<String> cookieNames(HttpExchange ex) {
    return ex.headers("Set-Cookie").stream()
        .map(c -> c.substring(0, c.indexOf('=')))
        .collect(Collectors.toList());
  }

  private X509Certificate servedCertificate() throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(
                    demo.certificatePem().getBytes(StandardCharsets.US_ASCII)));
  }

  private KeyStore trustStoreWithDemoCertificate() throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    ks.setCertificateEntry("demo", servedCertificate());
    return ks;
  }

  private SSLContext clientTrustingDemo() throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStoreWithDemoCertificate());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  @Test
  void urlsAreLoopbackWithDistinctPorts() {
    URI https = URI.create(demo.httpsUrl());
    URI http = URI.create(demo.httpUrl());
    assertThat(https.getScheme()).isEqualTo("https");
    assertThat(http.getScheme()).isEqualTo("http");
    assertThat(https.getHost()).isEqualTo("127.0.0.1");
    assertThat(http.getHost()).isEqualTo("127.0.0.1");
    assertThat(https.getPort()).isPositive().isNotEqualTo(http.getPort());
    assertThat(http.getPort()).isPositive();
  }

  @Test
  void homePageHasTheMixedHeaderPosture() {
    HttpExchange home = get("/");

    assertThat(home.status()).isEqualTo(200);
    assertThat(home.protocol()).isEqualTo("HTTP/1.1");
    assertThat(home.header("Content-Type")).startsWith("text/html");
    assertThat(home.headers("Strict-Transport-Security")).containsExactly("max-age=86400");
    String csp = home.header("Content-Security-Policy");
    assertThat(csp)
        .contains("script-src 'self' 'unsafe-inline' https://cdn.example.com")
        .contains("object-src 'none'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("base-uri")
        .doesNotContain("'unsafe-eval'");
    assertThat(home.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(home.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
    assertThat(home.header("X-Powered-By")).isEqualTo("Express");
    assertThat(home.header("Server")).isEqualTo("nginx/1.22.1");
    assertThat(home.header("Permissions-Policy")).isNull();
    assertThat(home.header("Cross-Origin-Opener-Policy")).isNull();
    assertThat(home.header("X-Frame-Options")).isNull();
    assertThat(home.metaCsp()).hasSize(1);
    assertThat(home.metaCsp().get(0)).contains("default-src 'self'");
  }

  @Test
  void homePageSetsThreeCookiesWithDistinctFlaws() {
    HttpExchange home = get("/");

    assertThat(cookieNames(home)).containsExactly("session", "_tracking", "__Host-csrf");
    Map<String, String> byName = new LinkedHashMap<>();
    for (String c : home.headers("Set-Cookie")) {
      byName.put(c.substring(0, c.indexOf('=')), c);
    }
    assertThat(byName.get("session"))
        .contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax")
        .doesNotContain("Max-Age", "Expires");
    assertThat(byName.get("_tracking")).doesNotContain("Secure").doesNotContain("HttpOnly");
    long maxAge = Long.parseLong(byName.get("_tracking").replaceAll(".*Max-Age=(\\d+).*", "$1"));
    assertThat(Duration.ofSeconds(maxAge)).isGreaterThan(Duration.ofDays(400));
    assertThat(byName.get("__Host-csrf"))
        .contains("; Path=/", "; Secure", "; SameSite=Strict")
        .doesNotContain("Domain", "HttpOnly");
  }

  @Test
  void cookieValuesAreRandomAndNeverWrittenFromTheProbesRecord() throws Exception {
    HttpClient raw =
        HttpClient.newBuilder()
            .sslContext(clientTrustingDemo())
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(demo.httpsUrl() + "/"))
            .timeout(Duration.ofSeconds(5))
            .build();
    List<String> sessions = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = raw.send(req, HttpResponse.BodyHandlers.ofString());
      bodies.add(r.body());
      for (String c : r.headers().allValues("Set-Cookie")) {
        String pair = c.substring(0, c.indexOf(';'));
        String value = pair.substring(pair.indexOf('=') + 1);
        assertThat(value).as("cookie value in %s", c).matches("[A-Za-z0-9_-]{20,}");
        if (pair.startsWith("session=")) {
          sessions.add(value);
        }
      }
    }
    assertThat(sessions).hasSize(2).doesNotHaveDuplicates();
    // 32 random bytes, base64url without padding.
    assertThat(sessions.get(0)).hasSize(43);
    for (String body : bodies) {
      for (String s : sessions) {
        assertThat(body).doesNotContain(s);
      }
    }

    HttpExchange recorded = get("/login");
    assertThat(recorded.headers("Set-Cookie")).hasSize(3);
    assertThat(recorded.transcript(10_000).lines()
        .filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("set-cookie: ")))
        .hasSize(3)
        .allSatisfy(c -> assertThat(c).matches("(?i)set-cookie: [^=]+=\\Q" + Redactor.MASK
            + "\\E(;.*)?"));
    assertThat(recorded.transcript(10_000)).doesNotContain(sessions);
  }

  @Test
  void headRequestsGetTheHeadersWithoutABody() {
    HttpExchange head = probe.exchange("demo/head", "HEAD", demo.httpsUrl() + "/", Map.of());

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("Strict-Transport-Security")).isEqualTo("max-age=86400");
    assertThat(cookieNames(head)).containsExactly("session", "_tracking", "__Host-csrf");
  }

  @Test
  void loginPageAddsNoStoreAndFramingHeadersAndTheSameCookies() {
    HttpExchange login = get("/login");

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.header("Cache-Control")).isEqualTo("no-store");
    assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(login.header("Content-Security-Policy")).contains("form-action 'self'");
    assertThat(login.header("Strict-Transport-Security")).isEqualTo("max-age=86400");
    assertThat(cookieNames(login)).containsExactly("session", "_tracking", "__Host-csrf");
    assertThat(login.body()).contains("<form", "type=\"password\"");
  }

  @Test
  void unknownPathIs404WithTheSameSecurityHeadersAndNoCookies() {
    HttpExchange missing = get("/does-not-exist");

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Strict-Transport-Security")).isEqualTo("max-age=86400");
    assertThat(missing.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    assertThat(missing.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(missing.header("Server")).isEqualTo("nginx/1.22.1");
    assertThat(missing.headers("Set-Cookie")).isEmpty();
  }

  @Test
  void plainHttpRedirectsToHttpsOnTheSameHostAndPath() {
    HttpFetch fetch =
        probe.fetch(
            "demo/redirect",
            demo.httpUrl() + "/login?next=%2Faccount",
            Map.of(),
            3,
            Set.of("127.0.0.1"));

    assertThat(fetch.stop()).isEqualTo("final");
    assertThat(fetch.hops()).hasSize(2);
    HttpExchange first = fetch.first();
    assertThat(first.isHttps()).isFalse();
    assertThat(first.status()).isEqualTo(301);
    assertThat(first.header("Location")).isEqualTo(demo.httpsUrl() + "/login?next=%2Faccount");
    assertThat(fetch.last().isHttps()).isTrue();
    assertThat(fetch.last().status()).isEqualTo(200);
    assertThat(URI.create(fetch.last().url()).getHost())
        .isEqualTo(URI.create(first.url()).getHost());
  }

  @Test
  void redirectFollowsTheCertificateNamesButNeverAForeignHostHeader() {
    int httpPort = URI.create(demo.httpUrl()).getPort();
    int httpsPort = URI.create(demo.httpsUrl()).getPort();

    HttpExchange viaName =
        probe.exchange(
            "demo/localhost",
            "GET",
            demo.httpUrl() + "/x",
            Map.of("Host", "localhost:" + httpPort));
    HttpExchange forged =
        probe.exchange(
            "demo/forged",
            "GET",
            demo.httpUrl() + "/x",
            Map.of("Host", "evil.example:" + httpPort));

    assertThat(viaName.header("Location")).isEqualTo("https://localhost:" + httpsPort + "/x");
    assertThat(forged.header("Location")).isEqualTo("https://127.0.0.1:" + httpsPort + "/x");
  }

  @Test
  void securityTxtParsesAsRfc9116() {
    HttpExchange txt = get("/.well-known/security.txt");

    assertThat(txt.status()).isEqualTo(200);
    assertThat(txt.header("Content-Type")).isEqualToIgnoringCase("text/plain; charset=utf-8");
    Map<String, List<String>> fields = securityTxtFields(txt.body());
    assertThat(fields.get("contact")).containsExactly("mailto:security@demo.secaudit.test");
    assertThat(fields.get("expires")).hasSize(1);
    Instant expires = OffsetDateTime.parse(fields.get("expires").get(0)).toInstant();
    assertThat(expires)
        .isAfter(now.plus(Duration.ofDays(180)))
        .isBefore(now.plus(Duration.ofDays(366)));
    assertThat(fields.get("preferred-languages")).containsExactly("en");
    assertThat(fields.get("canonical"))
        .containsExactly(demo.httpsUrl() + "/.well-known/security.txt");
  }

  /** RFC 9116 §4: "Field-Name: value" lines; '#' starts a comment; names are case-insensitive. */
  private static Map<String, List<String>> securityTxtFields(String body) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (String line : body.split("\r?\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      assertThat(colon).as("field line '%s'", line).isPositive();
      fields
          .computeIfAbsent(line.substring(0, colon).trim().toLowerCase(), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    return fields;
  }

  @Test
  void apiReflectsAnyOriginWithCredentialsButTheHomePageSendsNoCors() {
    String origin = "https://cors-probe.secaudit.invalid";

    HttpExchange me = get("/api/me", Map.of("Origin", origin));
    HttpExchange meWithoutOrigin = get("/api/me");
    HttpExchange home = get("/", Map.of("Origin", origin));

    assertThat(me.status()).isEqualTo(200);
    assertThat(me.header("Content-Type")).startsWith("application/json");
    assertThat(me.header("Access-Control-Allow-Origin")).isEqualTo(origin);
    assertThat(me.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(me.header("Vary")).contains("Origin");
    assertThat(meWithoutOrigin.header("Access-Control-Allow-Origin")).isNull();
    assertThat(home.header("Access-Control-Allow-Origin")).isNull();
    assertThat(home.header("Access-Control-Allow-Credentials")).isNull();
  }

  @Test
  void preflightOnTheApiIsAnsweredWithTheReflectedOrigin() {
    String origin = "https://elsewhere.example";
    HttpExchange pre =
        probe.exchange(
            "demo/preflight",
            "OPTIONS",
            demo.httpsUrl() + "/api/me",
            Map.of("Origin", origin, "Access-Control-Request-Method", "POST"));

    assertThat(pre.status()).isEqualTo(204);
    assertThat(pre.header("Access-Control-Allow-Origin")).isEqualTo(origin);
    assertThat(pre.header("Access-Control-Allow-Methods")).contains("POST");
  }

  @Test
  void tlsIsRecordedAsUntrustedButNamingTheLoopbackAddress() throws Exception {
    TlsInfo tls = get("/").tls();

    assertThat(tls).isNotNull();
    assertThat(tls.protocol()).isEqualTo("TLSv1.3");
    assertThat(tls.trusted()).isFalse();
    assertThat(tls.trustError()).isNotBlank();
    assertThat(tls.hostnameMatches()).isTrue();
    // chainSubjects is not asserted here: HttpProbe takes it from OkHttp's Handshake, which is
    // empty for an untrusted chain (see the test below for the trusted case).
  }

  @Test
  void certificateIsSelfSignedP256ForLocalhostAndLoopbackValidNinetyDaysFromAnHourAgo()
      throws Exception {
    X509Certificate cert = servedCertificate();

    assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
    cert.verify(cert.getPublicKey());
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
    assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getOrder().bitLength())
        .isEqualTo(256);
    assertThat(CertificateNames.subjectAltNames(cert))
        .containsExactlyInAnyOrder("localhost", "127.0.0.1");
    assertThat(CertificateNames.matches(cert, "127.0.0.1")).isTrue();
    assertThat(CertificateNames.matches(cert, "localhost")).isTrue();
    assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    assertThat(notBefore).isEqualTo(now.minus(Duration.ofHours(1)));
    assertThat(Duration.between(notBefore, notAfter)).isEqualTo(Duration.ofDays(90));
    assertThat(demo.certificatePem())
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
  }

  @Test
  void theServedChainIsExactlyThePemCertificate() throws Exception {
    HttpProbe trusting = probeTrusting(trustStoreWithDemoCertificate());

    HttpExchange home = trusting.exchange("demo/trusted", "GET", demo.httpsUrl() + "/", Map.of());

    assertThat(home.tls().trusted()).as(home.tls().trustError()).isTrue();
    assertThat(home.tls().trustError()).isNull();
    assertThat(home.tls().chainSubjects())
        .containsExactly(servedCertificate().getSubjectX500Principal().getName());
  }

  @Test
  void tls12ClientsCanConnectToo() throws Exception {
    URI https = URI.create(demo.httpsUrl());
    try (SSLSocket socket =
        (SSLSocket)
            clientTrustingDemo()
                .getSocketFactory()
                .createSocket(https.getHost(), https.getPort())) {
      socket.setSoTimeout(5_000);
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      socket.startHandshake();
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
      assertThat(socket.getSession().getCipherSuite()).contains("ECDHE_ECDSA");
    }
  }

  @Test
  void closeStopsPromptlyFreesBothPortsAndUsesOnlyDaemonThreads() throws Exception {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    DemoTarget other = DemoTarget.start();
    List<Thread> started =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t))
            .filter(
                t ->
                    t.getName().startsWith("secaudit-demo-")
                        || t.getName().startsWith("HTTP-Dispatcher")
                        || t.getName().startsWith("idle-timeout-task"))
            .collect(Collectors.toList());
    int httpsPort = URI.create(other.httpsUrl()).getPort();
    int httpPort = URI.create(other.httpUrl()).getPort();
    // Serve one request on each port first, so close() has live connections to tear down.
    assertThat(probe.exchange("demo/a", "GET", other.httpsUrl() + "/", Map.of()).status())
        .isEqualTo(200);
    assertThat(probe.exchange("demo/b", "GET", other.httpUrl() + "/", Map.of()).status())
        .isEqualTo(301);

    assertThat(started)
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.isDaemon()).as("%s is a daemon", t.getName()).isTrue());
    assertTimeout(Duration.ofSeconds(3), other::close);
    other.close(); // a second close is harmless

    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    for (int port : new int[] {httpsPort, httpPort}) {
      try (ServerSocket rebound = new ServerSocket(port, 1, loopback)) {
        assertThat(rebound.getLocalPort()).isEqualTo(port);
      }
    }
    for (Thread t : started) {
      t.join(2_000);
      assertThat(t.isAlive()).as("%s still running after close()", t.getName()).isFalse();
    }
  }

  @Test
  void demoPolicyLoadsAndStatesTheDocumentedRules() {
    LoadedPolicy loaded = new PolicyLoader(name -> null, StandardChecks.catalog().ids()).load(POLICY);
    Policy p = loaded.policy();

    assertThat(p.name()).isEqualTo("demo");
    assertThat(p.presets()).containsExactly("owasp-headers");
    assertThat(p.targets()).hasSize(1);
    Target t = p.targets().get(0);
    assertThat(t.name()).isEqualTo("demo");
    assertThat(t.url()).isEqualTo("https://127.0.0.1:8443");
    assertThat(t.httpUrl()).isEqualTo("http://127.0.0.1:8080");
    assertThat(t.paths()).containsExactly("/", "/login");
    assertThat(p.https().redirect()).isTrue();
    assertThat(p.hsts().minMaxAge().value()).isEqualTo(Duration.ofDays(365));
    assertThat(p.hsts().includeSubdomains()).isTrue();
    assertThat(p.csp().requiredDirectives()).contains("base-uri", "object-src");
    assertThat(p.csp().mustAvoid()).containsExactly("'unsafe-eval'");
    // The preset's rules are merged under the file's own.
    assertThat(p.headers()).containsKeys("Permissions-Policy", "Cross-Origin-Opener-Policy");
    assertThat(p.infoLeak().enabled()).isTrue();
    assertThat(p.framing().required()).isTrue();
    assertThat(p.cors().paths()).containsExactly("/api/me");
    assertThat(p.cookies())
        .extracting(CookieRule::name)
        .containsExactly("session*", "__Host-*", "*");
    CookieRule session = p.cookies().get(0);
    assertThat(session.secure()).isTrue();
    assertThat(session.httpOnly()).isTrue();
    assertThat(session.sameSite()).isEqualTo(CookieRule.SameSite.LAX);
    assertThat(session.maxAge().value()).isEqualTo(Duration.ofDays(30));
    assertThat(p.cookies().get(1).prefix()).isEqualTo("__Host-");
    assertThat(p.cookies().get(2).secure()).isTrue();
    assertThat(p.securityTxt().contacts()).containsExactly("mailto:security@demo.secaudit.test");
    assertThat(loaded.sha256()).isNotBlank();
  }

  @Test
  void demoPolicyClaimsAreAttestedAndExactlyOneIsStale() {
    List<Claim> claims =
        new PolicyLoader(name -> null, StandardChecks.catalog().ids()).load(POLICY).policy().claims();

    assertThat(claims).hasSizeBetween(3, 4);
    assertThat(claims)
        .allSatisfy(
            c -> {
              assertThat(c.category()).isNotBlank();
              assertThat(c.mapsTo()).isNotEmpty();
              assertThat(c.attest()).isNotNull();
              assertThat(c.attest().owner()).isNotBlank();
              assertThat(c.attest().evidence()).isNotEmpty();
            });
    // Judged against the newest attestation in the file, so the answer does not drift with
    // the calendar: the fresh claims age out over time, the stale one is stale for good.
    LocalDate newest =
        claims.stream()
            .map(c -> LocalDate.parse(c.attest().date()))
            .max(LocalDate::compareTo)
            .orElseThrow();
    List<String> stale =
        claims.stream()
            .filter(
                c ->
                    LocalDate.parse(c.attest().date())
                        .plusDays(c.attest().maxAge().value().toDays())
                        .isBefore(newest))
            .map(Claim::id)
            .collect(Collectors.toList());
    assertThat(stale).hasSize(1);
  }

  @Test
  void demoPolicyMatchesWhatTheDemoServes() {
    Policy p = new PolicyLoader(name -> null, StandardChecks.catalog().ids()).load(POLICY).policy();

    for (String path : p.targets().get(0).paths()) {
      assertThat(get(path).status()).as(path).isEqualTo(200);
    }
    for (String path : p.cors().paths()) {
      assertThat(get(path).status()).as(path).isEqualTo(200);
    }
    Map<String, List<String>> txt = securityTxtFields(get("/.well-known/security.txt").body());
    assertThat(txt.get("contact")).containsAll(p.securityTxt().contacts());
    Set<String> served = new HashSet<>(cookieNames(get("/")));
    assertThat(served).anyMatch(n -> n.startsWith("session"));
  }
}
