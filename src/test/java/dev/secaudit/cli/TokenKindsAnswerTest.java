package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sign-in on loopback that issues three kinds of token, as the twelfth blind review's server
 * did: an access token (a JWT living 48 hours against the policy's 12), a magic link that works
 * once, and a password reset link that works every time; every page sends Referrer-Policy with
 * another value than the policy's. Scanned with --active and answered through the CLI: each
 * kind is answered by its own expectation, a looser bound by the lifetime read, and the header's
 * presence by whether it was sent (before: No to all four).
 */
class TokenKindsAnswerTest {
  private static final String PASSWORD = "kinds-test-password-31";

  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger issued = new AtomicInteger();
  private final Set<String> spent = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    String query = x.getRequestURI().getQuery() == null ? "" : x.getRequestURI().getQuery();
    x.getRequestBody().readAllBytes();
    x.getResponseHeaders().add("Referrer-Policy", "unsafe-url");
    int status = 200;
    String body = "ok";
    if (path.equals("/auth/login") && x.getRequestMethod().equals("POST")) {
      int n = issued.incrementAndGet();
      x.getResponseHeaders().add("Content-Type", "application/json");
      body = "{\"access_token\":\"" + jwt(48 * 3600) + "\",\"magic\":\"m" + n
          + "\",\"reset\":\"r" + n + "\"}";
    } else if (path.equals("/auth/magic")) {
      // A magic link works once.
      status = spent.add(query) ? 200 : 401;
    } else if (!path.equals("/auth/reset") && !path.equals("/")) {
      status = 404;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  /** A signed JWT living {@code lifetime} seconds from now (SeedWordsVerifiedTest's too). */
  static String jwt(long lifetime) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long now = Instant.now().getEpochSecond();
    String head = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(
        StandardCharsets.UTF_8));
    String claims = b64.encodeToString(("{\"sub\":\"probe\",\"iat\":" + now + ",\"exp\":"
        + (now + lifetime) + "}").getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec("loopback-signing-key".getBytes(StandardCharsets.UTF_8),
          "HmacSHA256"));
      return head + "." + claims + "." + b64.encodeToString(mac.doFinal((head + "." + claims)
          .getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path policy() throws IOException {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, """
        version: 1
        name: kinds
        targets:
          - {name: app, url: "http://127.0.0.1:%d", paths: [/]}
        headers:
          Referrer-Policy: {value: strict-origin-when-cross-origin}
        flows:
          - name: sign-in
            target: app
            steps:
              - name: sign-in
                request: {method: POST, path: /auth/login, form: {password: "${env:PW}"}}
                capture:
                  - {name: token, json: /access_token}
                  - {name: magic, json: /magic}
                  - {name: reset, json: /reset}
            expect:
              - name: magic-link-single-use
                kind: one_shot
                request: {method: GET, path: "/auth/magic?token={{magic}}"}
              - name: reset-link-single-use
                kind: one_shot
                request: {method: GET, path: "/auth/reset?token={{reset}}"}
            jwt: {capture: token, max_ttl: 12h}
        claims:
          - id: magic.once
            statement: "Magic links can only be used once."
            checks: [/flows/0/expect/0]
          - id: magic.all
            statement: "Magic links expire after 15 minutes and can only be used once."
            checks: [jwt.lifetime, token.single_use]
        """.formatted(server.getAddress().getPort()));
    return p;
  }

  @Test
  void eachKindOfTokenIsAnsweredByItsOwnRule() throws Exception {
    Path out = dir.resolve("out");
    Cli.Result scan = Cli.run(Map.of("PW", PASSWORD), null, "scan", "-p", policy().toString(),
        "--active", "-o", out.toString(), "--color", "never");
    assertThat(scan.code()).as(scan.out() + scan.err()).isIn(0, 1);
    Map<String, String> verified = new LinkedHashMap<>();
    for (JsonNode f : new ObjectMapper().readTree(out.resolve("scan.json").toFile())
        .get("findings")) {
      if (f.get("check_id").asText().equals("claim.verified")) {
        verified.put(f.get("subject").asText(), f.get("status").asText());
      }
    }
    // A claim may name one expectation of a flow: the magic link's passed, so it is verified.
    assertThat(verified).containsEntry("magic.once", "PASS");

    List<String> asked = List.of("Are magic links single-use?",
        "Are password reset links single-use?", "Do access tokens expire within 72 hours?",
        "Do access tokens expire within 24 hours?", "Do magic links expire within 1 hour?",
        "Do you set a Referrer-Policy header?");
    Map<String, String> got = Cli.answer(dir, policy(), out.resolve("scan.json"), asked);
    assertThat(got).containsEntry("Are magic links single-use?", "Yes")
        .containsEntry("Are password reset links single-use?", "No")
        .containsEntry("Do access tokens expire within 72 hours?", "Yes")
        .containsEntry("Do access tokens expire within 24 hours?", "No")
        .containsEntry("Do magic links expire within 1 hour?", "")
        .containsEntry("Do you set a Referrer-Policy header?", "Yes");
  }
}
