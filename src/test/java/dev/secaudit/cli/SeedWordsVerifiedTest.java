package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.secaudit.probe.tls.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed pages' sentences that stayed "not verified" with every rule passed (seeds21 §3),
 * each written as the page wrote it and scanned on loopback against a server where it is true
 * and one where it is false: the words are read, so a true sentence is verified where its checks
 * reach all it says, refuted where they fail, and otherwise left for a person with a reason
 * that names what to do. The matching questions get Yes, No or review from the same scans.
 */
class SeedWordsVerifiedTest {
  private static final String SESSION = "s3ssionVALUEseedwords";

  /** One sentence: its checks and what claim.verified says on the true and the false server. */
  private record Row(String id, String statement, String checks, String onTrue, String onFalse,
      String why) {}

  /** Seed 2's: a session cookie (Lax), an idempotent mutation, logs, TLS and the plain side. */
  private static final List<Row> SEED2 = List.of(
      new Row("users", "Authentication for users via session cookies (HttpOnly, Secure,"
          + " SameSite=Lax).", "[/cookies/0]", "PASS", "FAIL", ""),
      new Row("idempotency.plain", "Idempotency keys are supported.", "[/flows/0/expect/0]",
          "PASS", "FAIL", ""),
      // "on mutation endpoints" is every state-changing request; the flow sent one.
      new Row("idempotency", "Idempotency safeguards on mutation endpoints to mitigate replay and"
          + " duplicate-submission abuse.", "[/flows/0/expect/0]", "WARN", "FAIL",
          "reaches requests no flow sent"),
      new Row("logs", "Operational logs do not contain personal content.", "[/data_hygiene/0]",
          "PASS", "FAIL", ""),
      new Row("transit", "In transit: TLS 1.2 or higher for all client connections.",
          "[tls.protocols, https.redirect]", "PASS", "FAIL", ""),
      // A version check alone says nothing of a page served over plain HTTP.
      new Row("transit.versions", "In transit: TLS 1.2 or higher for all client connections.",
          "[tls.protocols]", "WARN", "WARN", "which https.redirect"));

  /** Seed 4's: a partitioned cross-site cookie, a JWT's lifetime and the edge network. */
  private static final List<Row> SEED4 = List.of(
      new Row("partitioned", "Session cookies are marked SameSite=None; Secure; Partitioned.",
          "[/cookies/0]", "PASS", "FAIL", ""),
      new Row("jwt", "JWT auth tokens have a 24-hour TTL.", "[/flows/0/jwt]", "PASS", "FAIL", ""),
      // The site and the API are both listed targets: every endpoint the sentence names was
      // judged.
      new Row("edge", "Our website, domains, and API are protected and accelerated by"
          + " Cloudflare.", "[subprocessors.edge]", "PASS", "FAIL", ""));

  @TempDir Path dir;

  @Test
  void seedTwoSentencesAreVerifiedOnTheTrueServerAndRefutedOnTheFalseOne() throws Exception {
    assertRows(SEED2, false);
  }

  @Test
  void seedFourSentencesAreVerifiedOnTheTrueServerAndRefutedOnTheFalseOne() throws Exception {
    assertRows(SEED4, true);
  }

  @Test
  void aStatementNamingTheApiWithOnlyTheSiteScannedSaysSo() throws Exception {
    try (Site site = Site.start(true, true)) {
      Path policy = policy("site-only", site, SEED4.subList(2, 3), true, false);
      Map<String, JsonNode> v = verified(scan(policy, "site-only"));
      assertThat(v.get("edge").get("status").asText()).isEqualTo("WARN");
      assertThat(v.get("edge").get("observed").asText()).contains("passed on app only",
          "the statement also speaks of the api", "list such a target");
    }
  }

  @Test
  void theQuestionsAreAnsweredFromTheSameScans() throws Exception {
    List<String> asked = List.of("Do JWTs expire within 24 hours?", "Are cookies partitioned?",
        "Is Cloudflare in front of your API?");
    for (boolean truth : new boolean[] {true, false}) {
      try (Site site = Site.start(truth, true)) {
        String name = "answers-" + truth;
        Path policy = policy(name, site, SEED4, true, true);
        Path out = scan(policy, name);
        Map<String, String> got = Cli.answer(Files.createDirectories(dir.resolve(name + "-q")),
            policy, out.resolve("scan.json"), asked);
        // "Cookies" unqualified are every cookie, which a rule over kl_sess does not show
        // partitioned, though one without it shows they are not all. JWTs are named as the
        // topic, not as a kind of token: the rule's claim over some token of a kind not known
        // does not stand for every token and link (review), while its 48 hours refute "within
        // 24 hours". The edge check failed on the API target itself, and a question asked of a
        // kind of endpoint is answered from its targets' failures (answers22): No.
        assertThat(got).containsEntry("Do JWTs expire within 24 hours?", truth ? "" : "No")
            .containsEntry("Are cookies partitioned?", truth ? "" : "No")
            .containsEntry("Is Cloudflare in front of your API?", truth ? "Yes" : "No");
      }
    }
  }

  private void assertRows(List<Row> rows, boolean seed4) throws Exception {
    for (boolean truth : new boolean[] {true, false}) {
      try (Site site = Site.start(truth, seed4)) {
        String name = (seed4 ? "seed4-" : "seed2-") + truth;
        Path out = scan(policy(name, site, rows, seed4, seed4), name);
        Map<String, JsonNode> v = verified(out);
        List<String> wrong = new ArrayList<>();
        for (Row r : rows) {
          JsonNode f = v.get(r.id());
          String want = truth ? r.onTrue() : r.onFalse();
          if (f == null || !f.get("status").asText().equals(want)
              || (truth && !f.get("observed").asText().contains(r.why()))) {
            wrong.add(r.id() + " on the " + (truth ? "true" : "false") + " server: expected "
                + want + (truth && !r.why().isEmpty() ? " (" + r.why() + ")" : "") + ", got "
                + (f == null ? "nothing" : f.get("status").asText() + " " + f.get("observed")));
          }
        }
        assertThat(wrong).isEmpty();
        try (Stream<Path> files = Files.walk(out)) {
          for (Path p : files.filter(Files::isRegularFile).toList()) {
            assertThat(Files.readString(p, StandardCharsets.ISO_8859_1)).as(p.toString())
                .doesNotContain(SESSION);
          }
        }
      }
    }
  }

  private Path scan(Path policy, String name) {
    Path out = dir.resolve("out-" + name);
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "--active", "-o", out.toString(),
        "--color", "never");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);
    return out;
  }

  private static Map<String, JsonNode> verified(Path out) throws IOException {
    Map<String, JsonNode> v = new LinkedHashMap<>();
    for (JsonNode f : new ObjectMapper().readTree(out.resolve("scan.json").toFile())
        .get("findings")) {
      if (f.get("check_id").asText().equals("claim.verified")) {
        v.put(f.get("subject").asText(), f);
      }
    }
    return v;
  }

  private Path policy(String name, Site site, List<Row> rows, boolean seed4, boolean apiTarget)
      throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs-" + name));
    Files.writeString(logs.resolve("app.log"), site.truth
        ? "2026-12-05T10:00:00Z POST /api/items 201 15ms\n"
        : "2026-12-05T10:00:00Z POST /signup 201 user=jane.doe@example.com\n");
    Path ca = site.pki.writeRoot(dir.resolve("ca-" + name + ".pem"));
    StringBuilder y = new StringBuilder("version: 1\nname: " + name + "\ntargets:\n"
        + "  - {name: app, url: \"" + site.url() + "\", http_url: \"" + site.plainUrl()
        + "\", paths: [/], active: true}\n");
    if (apiTarget) {
      y.append("  - {name: api, url: \"").append(site.url()).append("api/\", tags: [api],"
          + " active: true}\n");
    }
    y.append("https: {redirect: true}\ntls:\n  min_version: \"1.2\"\n  certificate: {ca_file: \"")
        .append(ca).append("\"}\n");
    y.append(seed4
        ? "cookies:\n  - {name: \"kl_sess\", secure: true, same_site: None, partitioned: true}\n"
            + "subprocessors:\n  declared:\n    - {name: Cloudflare, edge: true}\n"
        : "cookies:\n  - {name: \"session\", secure: true, http_only: true, same_site: Lax}\n"
            + "data_hygiene:\n  - {name: operational-logs, paths: [\"" + logs + "/*.log\"]}\n");
    y.append("flows:\n  - name: web\n    target: app\n    steps:\n"
        + "      - name: sign-in\n        request: {method: POST, path: /auth/login,"
        + " body: '{\"email\":\"t@x.test\"}'}\n        capture: [{name: token, json: /token}]\n");
    y.append(seed4 ? "    jwt: {capture: token, max_ttl: 24h}\n"
        : "    expect:\n      - name: idem\n        kind: idempotent\n"
            + "        request: {method: POST, path: /api/items, body: '{\"n\":1}'}\n"
            + "        effect: {request: {method: GET, path: /api/items}, json: /items}\n");
    y.append("claims:\n");
    for (Row r : rows) {
      y.append("  - id: ").append(r.id()).append("\n    statement: \"").append(r.statement())
          .append("\"\n    checks: ").append(r.checks()).append("\n");
    }
    Path p = dir.resolve(name + ".yaml");
    Files.writeString(p, y);
    return p;
  }

  /**
   * The seed's app on loopback: HTTPS from a test CA, with a plain-HTTP side that redirects
   * (true) or serves the page (false). True, it sets its cookies as the sentences say, issues
   * a JWT living 24 hours, replays a mutation's answer for a repeated Idempotency-Key, and
   * answers through Cloudflare (CF-RAY); false, it drops HttpOnly or Partitioned, issues a JWT of
   * 48 hours, performs every repeat and names no edge network.
   */
  private static final class Site implements AutoCloseable {
    final boolean truth;
    final TestPki pki;
    private final boolean seed4;
    private final HttpsServer https;
    private final HttpServer plain;
    private final List<Integer> items = new ArrayList<>();
    private final Map<String, String> answered = new ConcurrentHashMap<>();

    private Site(boolean truth, boolean seed4) throws Exception {
      this.truth = truth;
      this.seed4 = seed4;
      this.pki = new TestPki("Seed Words", Instant.now());
      InetAddress loopback = InetAddress.getByName("127.0.0.1");
      https = HttpsServer.create(new InetSocketAddress(loopback, 0), 16);
      https.setHttpsConfigurator(new HttpsConfigurator(
          pki.issue(TestPki.Spec.good(Instant.now())).serverContext()));
      https.createContext("/", this::app);
      https.setExecutor(Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "seed-words");
        t.setDaemon(true);
        return t;
      }));
      plain = HttpServer.create(new InetSocketAddress(loopback, 0), 16);
      plain.createContext("/", ex -> {
        ex.getRequestBody().readAllBytes();
        if (truth) {
          ex.getResponseHeaders().add("Location", url().replaceAll("/$", "")
              + ex.getRequestURI().getPath());
          ex.sendResponseHeaders(301, -1);
          ex.close();
        } else {
          app(ex);
        }
      });
      https.start();
      plain.start();
    }

    static Site start(boolean truth, boolean seed4) throws Exception {
      return new Site(truth, seed4);
    }

    String url() {
      return "https://127.0.0.1:" + https.getAddress().getPort() + "/";
    }

    String plainUrl() {
      return "http://127.0.0.1:" + plain.getAddress().getPort() + "/";
    }

    private void app(HttpExchange ex) throws IOException {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      ex.getRequestBody().readAllBytes();
      if (truth) {
        ex.getResponseHeaders().add("Server", "cloudflare");
        ex.getResponseHeaders().add("CF-RAY", "8f1b2c3d4e5f6a7b-AMS");
      }
      int status = 200;
      String body = "{}";
      if (method.equals("POST") && path.equals("/auth/login")) {
        body = "{\"token\":\"" + TokenKindsAnswerTest.jwt(truth ? 24 * 3600 : 48 * 3600)
            + "\"}";
      } else if (method.equals("POST") && path.equals("/api/items")) {
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        synchronized (items) {
          String kept = key == null ? null : answered.get(key);
          if (truth && kept != null) {
            body = kept;
          } else {
            items.add(items.size() + 1);
            body = "{\"id\":" + items.size() + "}";
            if (key != null) {
              answered.put(key, body);
            }
          }
        }
        status = 201;
      } else if (path.equals("/api/items")) {
        synchronized (items) {
          body = "{\"items\":" + items + "}";
        }
      } else if (path.equals("/") || path.equals("/api/")) {
        body = "<!doctype html><html><body><h1>App</h1></body></html>";
        ex.getResponseHeaders().add("Content-Type", "text/html");
        ex.getResponseHeaders().add("Set-Cookie", seed4
            ? "kl_sess=" + SESSION + "; Path=/; Secure; SameSite=None"
                + (truth ? "; Partitioned" : "")
            : "session=" + SESSION + "; Path=/; Secure; SameSite=Lax"
                + (truth ? "; HttpOnly" : ""));
      } else {
        status = 404;
      }
      if (!ex.getResponseHeaders().containsKey("Content-Type")) {
        ex.getResponseHeaders().add("Content-Type", "application/json");
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
      ex.close();
    }

    @Override
    public void close() {
      https.stop(0);
      plain.stop(0);
    }
  }
}
