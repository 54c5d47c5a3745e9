package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.secaudit.probe.tls.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server-rendered app on loopback HTTPS, shaped as Django serves a sign-in (a blind review ran
 * secaudit against Django and Express): the login form carries a hidden csrfmiddlewaretoken and a
 * csrf-token meta tag, fresh on every answer, beside a csrftoken cookie without HttpOnly; the
 * session cookie and a remember_me cookie without HttpOnly are set only by a successful POST.
 * The scan's own login flow saw both; the cookie rules must judge them, name the answer that set
 * them, and no token or cookie value may reach any file the scan writes.
 */
class LoginCookiesScanTest {
  private static final String PASSWORD = "login-cookies-password-31";

  @TempDir Path dir;
  private HttpsServer server;
  private Path ca;
  /** Every token and cookie value the app handed out. */
  private final List<String> handedOut = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();

  @BeforeEach
  void start() throws Exception {
    TestPki pki = new TestPki("Login Cookies Test CA", Instant.now());
    ca = dir.resolve("ca.pem");
    pki.writeRoot(ca);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(
        pki.issue(TestPki.Spec.good(Instant.now())).serverContext()));
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String fresh() {
    byte[] b = new byte[20];
    random.nextBytes(b);
    String v = HexFormat.of().formatHex(b);
    handedOut.add(v);
    return v;
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String cookies = String.valueOf(x.getRequestHeaders().getFirst("Cookie"));
      switch (x.getRequestMethod() + " " + path) {
        case "GET /" -> {
          // The same cookie with other attributes on another page: two Set-Cookies to tell apart.
          x.getResponseHeaders().add("Set-Cookie", "csrftoken=" + fresh()
              + "; Path=/; Secure; SameSite=Strict; Max-Age=31449600");
          send(x, 200, "<!doctype html><html><body><a href=/login/>Log in</a></body></html>");
        }
        case "GET /login/" -> {
          x.getResponseHeaders().add("Set-Cookie", "csrftoken=" + fresh()
              + "; Path=/; Secure; SameSite=Lax; Max-Age=31449600");
          send(x, 200, "<!doctype html><html><head><meta name=\"csrf-token\" content=\""
              + fresh() + "\"></head><body><form method=post action=/login/>"
              + "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"" + fresh() + "\">"
              + "<input name=username><input type=password name=password></form></body></html>");
        }
        case "POST /login/" -> {
          if (!body.contains("csrfmiddlewaretoken=") || !body.contains(PASSWORD)) {
            send(x, 403, "forbidden");
            return;
          }
          x.getResponseHeaders().add("Set-Cookie", "sessionid=" + fresh()
              + "; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure");
          x.getResponseHeaders().add("Set-Cookie", "remember_me=" + fresh()
              + "; Max-Age=2592000; Path=/; Secure; SameSite=Lax");
          x.getResponseHeaders().add("Location", "/account/");
          send(x, 302, "");
        }
        case "GET /account/" -> {
          if (cookies.contains("sessionid=")) {
            send(x, 200, "<!doctype html><p>account</p>");
          } else {
            x.getResponseHeaders().add("Location", "/login/?next=/account/");
            send(x, 302, "");
          }
        }
        default -> send(x, 404, "not found");
      }
    }
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      x.getResponseBody().write(b);
    }
  }

  private String base() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  private Path policy(boolean withFlow) throws Exception {
    Path p = dir.resolve("policy.yaml");
    String flow = """
        flows:
          - name: login
            target: web
            cookie_jar: true
            steps:
              - name: form
                request: {path: /login/}
                capture: [{name: csrf, html: "input[name=csrfmiddlewaretoken]"}]
              - name: sign-in
                request: {method: POST, path: /login/, form: {csrfmiddlewaretoken: "{{csrf}}", username: alice, password: "${env:PW}"}}
                expect_status: [302]
            expect:
              - {name: account, kind: requires_auth, request: {path: /account/}, status: [302]}
        """;
    Files.writeString(p, """
        version: 1
        name: shop
        settings: {timeouts: {connect: 2s, read: 5s, total: 30s}}
        targets:
          - {name: web, url: "%s", paths: [/, /login/]}
        tls: {certificate: {ca_file: "%s"}}
        cookies:
          - {name: sessionid, required: true, secure: true, http_only: true, same_site: Lax, max_age: 30d}
          - {name: "*", http_only: true}
        %s
        claims:
          - id: session.cookies
            statement: "Session cookies are HttpOnly, Secure and SameSite=Lax."
            checks: [/cookies/0]
          - id: cookies.httponly
            statement: "All cookies we set are HttpOnly."
            checks: [cookie.*]
        checks:
          "tls.*": {enabled: false}
        """.formatted(base(), ca, withFlow ? flow : ""));
    return p;
  }

  private record Row(String check, String subject, String status, String observed,
      List<String> evidence) {}

  private static List<Row> findings(Path out) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (JsonNode f : new ObjectMapper().readTree(out.resolve("scan.json").toFile())
        .get("findings")) {
      List<String> ev = new ArrayList<>();
      f.path("evidence").forEach(e -> ev.add(e.isTextual() ? e.asText()
          : e.path("artifact").asText(e.toString())));
      rows.add(new Row(f.get("check_id").asText(), f.path("subject").asText(),
          f.get("status").asText(), f.path("observed").asText(), ev));
    }
    return rows;
  }

  private static Row one(List<Row> rows, String check, String subject) {
    List<Row> found = rows.stream().filter(r -> r.check().equals(check)
        && r.subject().equals(subject)).toList();
    assertThat(found).as("%s %s in %s", check, subject, rows).hasSize(1);
    return found.get(0);
  }

  private List<Row> scan(Path out, Path evidence, boolean withFlow) throws Exception {
    return scan(out, evidence, withFlow, true);
  }

  private List<Row> scan(Path out, Path evidence, boolean withFlow, boolean active)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("scan", "-p", policy(withFlow).toString(), "-o",
        out.toString(), "--evidence", evidence.toString(), "--color", "never"));
    if (active) {
      args.add("--active");
    }
    Cli.Result r = Cli.run(Map.of("PW", PASSWORD), null, args.toArray(String[]::new));
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);
    return findings(out);
  }

  @Test
  void cookiesTheLoginFlowSawAreJudgedAndNamedByTheAnswerThatSetThem() throws Exception {
    List<Row> rows = scan(dir.resolve("out"), dir.resolve("evidence"), true);
    String signIn = "set on the flow 'login' step 'sign-in': HTTP 302 answer to POST " + base()
        + "/login/";

    // Set only at sign-in, as in every server-rendered framework: seen, so required passes.
    Row required = one(rows, "cookie.required", "sessionid");
    assertThat(required.status()).isEqualTo("PASS");
    assertThat(required.evidence()).containsExactly("web/flow-login");
    for (String check : List.of("cookie.secure", "cookie.http_only", "cookie.same_site",
        "cookie.lifetime")) {
      Row r = one(rows, check, "sessionid");
      assertThat(r.status()).as(check).isEqualTo("PASS");
      assertThat(r.observed()).startsWith(signIn);
    }
    // The flow's remember_me lacks HttpOnly: the "*" rule fails it, naming the answer.
    Row remember = one(rows, "cookie.http_only", "remember_me");
    assertThat(remember.status()).isEqualTo("FAIL");
    assertThat(remember.observed()).isEqualTo(signIn + ": HttpOnly missing");
    assertThat(one(rows, "cookie.syntax", "remember_me").status()).isEqualTo("PASS");

    // The claim over all cookies counts what the flow saw; the session claim is true.
    assertThat(rows).filteredOn(r -> r.check().equals("claim.verified")
        && r.subject().equals("cookies.httponly")).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("FAIL"));
    assertThat(rows).filteredOn(r -> r.check().equals("claim.verified")
        && r.subject().equals("session.cookies")).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("PASS"));
  }

  @Test
  void twoDifferentSetCookiesOfOneCookieAreToldApartEachWithItsAnswer() throws Exception {
    List<Row> rows = scan(dir.resolve("out"), dir.resolve("evidence"), true);
    Row syntax = one(rows, "cookie.syntax", "csrftoken");
    assertThat(syntax.observed()).startsWith("2 different Set-Cookie headers: (1) on GET "
        + base() + "/: Secure; SameSite=Strict; Path=/; Max-Age=31449600 (2) on GET " + base()
        + "/login/: Secure; SameSite=Lax; Path=/; Max-Age=31449600 (the same on the flow"
        + " 'login' step 'form': HTTP 200 answer to GET " + base() + "/login/)");
  }

  @Test
  void noFormTokenMetaTokenOrCookieValueReachesAnyFile() throws Exception {
    Path out = dir.resolve("out");
    Path evidence = dir.resolve("evidence");
    scan(out, evidence, true);
    // The page fetch and the flow each got their own tokens; all of them were handed out.
    assertThat(handedOut).hasSizeGreaterThanOrEqualTo(9);
    String scanJson = Files.readString(out.resolve("scan.json"));
    assertThat(scanJson).contains("csrfmiddlewaretoken").contains("csrf-token");
    try (Stream<Path> files = Stream.concat(Files.walk(out), Files.walk(evidence))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(text).as(f.toString()).doesNotContain(PASSWORD);
        for (String v : handedOut) {
          assertThat(text).as(f.toString()).doesNotContain(v);
        }
      }
    }
  }

  @Test
  void withoutAnyFlowACookieNoAnswerSetIsMissing() throws Exception {
    List<Row> rows = scan(dir.resolve("out"), dir.resolve("evidence"), false);
    Row required = one(rows, "cookie.required", "sessionid");
    assertThat(required.status()).isEqualTo("FAIL");
    assertThat(required.observed()).isEqualTo("no answer sets it (fetched: " + base() + "/, "
        + base() + "/login/)");
  }

  @Test
  void aSignInFlowNotRunLeavesASessionCookieUnseenNotMissing() throws Exception {
    List<Row> rows = scan(dir.resolve("out"), dir.resolve("evidence"), true, false);
    Row required = one(rows, "cookie.required", "sessionid");
    assertThat(required.status()).isEqualTo("WARN");
    assertThat(required.observed()).startsWith("no answer sets it (fetched: " + base() + "/, "
        + base() + "/login/); the flow 'login' was not run (").endsWith(
        "), and a cookie set at sign-in could not be seen");
  }
}
