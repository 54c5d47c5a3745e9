package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secaudit.model.SecretForms;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/**
 * Random secrets put into every place a value can flow in a full scan, against a loopback server
 * that reflects what it receives: an ${env:} value in the target's URL and a page's query
 * (user-info is refused by the validator), in credential headers and in a local source's path; a cookie value the server sets and reflects
 * in a body, a Location and a JSON string; a token a flow captures and sends back. The server
 * echoes each in every encoding. No byte of any file the scan writes (every report format,
 * evidence bundle, run history) nor of the console holds any form of any of them, and the server
 * received each as it was meant to be sent.
 */
class SecretsNeverWrittenTest {

  /** The token: characters a URL's user-info, query and a file name all take as they are. */
  // Edge cases (one character repeated) are no secrets and would use up the few tries.
  @Property(tries = 6, edgeCases = net.jqwik.api.EdgeCasesMode.NONE, maxDiscardRatio = 50)
  void noSecretReachesAnyOutputInAnyForm(
      @ForAll @StringLength(min = 8, max = 24) @AlphaChars @NumericChars
      @Chars({'-', '.', '_', '~', '!', '*', '\'', '(', ')', '+', ',', ';', '=', '$'}) String token,
      @ForAll @StringLength(min = 12, max = 32) @AlphaChars @NumericChars
      @Chars({'!', '#', '$', '%', '&', '\'', '(', ')', '*', '+', '-', '.', '/', ':', '<', '=',
          '>', '?', '@', '[', ']', '^', '_', '`', '{', '|', '}', '~'}) String cookie,
      @ForAll @StringLength(min = 12, max = 32) @AlphaChars @NumericChars
      @Chars({' ', '"', '<', '>', '&', '/', '+', '=', '%', '\\'}) String inner)
      throws Exception {
    // A header value loses its outer spaces on the wire; the token's ends are letters.
    String captured = "t" + inner + "t";
    // A run of one character ("000000000000") is no secret: hashes in the history hold it.
    net.jqwik.api.Assume.that(Stream.of(token, cookie, captured)
        .allMatch(v -> v.chars().distinct().count() >= 5));
    Path dir = Files.createTempDirectory("secrets");
    Reflector server = new Reflector(cookie, captured);
    try {
      Path source = Files.createDirectories(dir.resolve("kept").resolve(token));
      Files.writeString(source.resolve("r.pdf"), "pdf");
      Path policy = Files.writeString(dir.resolve("policy.yaml"), """
          version: 1
          name: leaks
          settings: {timeouts: {connect: 2s, read: 3s, total: 8s}}
          targets:
            - name: app
              url: "http://127.0.0.1:%1$d/?token=${env:TOKEN}"
              paths: ["/?token=${env:TOKEN}"]
              request_headers: {Authorization: "Bearer ${env:TOKEN}", X-Api-Key: "${env:TOKEN}"}
              active: true
          headers:
            X-Content-Type-Options: {required: true, value: nosniff}
          cookies:
            - {name: sid, secure: true, http_only: true}
          flows:
            - name: login
              target: app
              steps:
                - name: sign-in
                  request: {method: POST, path: /login, body: '{"user":"probe"}'}
                  capture: [{name: token, json: /access_token}]
                - name: me
                  request: {path: /me, headers: {Authorization: "Bearer {{token}}"}}
          retention:
            - {name: kept, max_age: 30d, source: {directory: {path: "%2$s/${env:TOKEN}", glob: "*.pdf"}}}
          """.formatted(server.port(), dir.resolve("kept")));
      Path out = dir.resolve("out");
      Path evidence = dir.resolve("evidence");
      Path history = dir.resolve("history.jsonl");
      Cli.Result r = Cli.run(Map.of("TOKEN", token), null, "scan", "-p", policy.toString(),
          "--active", "-v", "--color", "never", "-o", out.toString(), "--evidence",
          evidence.toString(), "--history", history.toString(), "--debug");

      assertThat(r.code()).as(r.err()).isIn(0, 1, 3);
      // Sent as meant: the token in the query and the headers, the captured token back, and
      // the redirect's Location followed as received.
      assertThat(server.requests).anyMatch(q -> q.startsWith("GET /?token=")
          && decoded(q).contains(token));
      assertThat(server.requests).anyMatch(q -> q.startsWith("GET /landing?token=")
          && decoded(q).contains("token=" + token));
      assertThat(server.requests).anyMatch(q -> q.contains("authorization: Bearer " + token));
      assertThat(server.requests).anyMatch(q -> q.startsWith("GET /me")
          && q.contains("authorization: Bearer " + captured));
      String scanJson = Files.readString(out.resolve("scan.json"));
      assertThat(scanJson).contains("kept").contains("app/flow-login");

      List<Path> written = new ArrayList<>();
      for (Path root : List.of(out, evidence, history)) {
        try (Stream<Path> files = Files.walk(root)) {
          files.filter(Files::isRegularFile).forEach(written::add);
        }
      }
      assertThat(written).extracting(p -> p.getFileName().toString())
          .contains("scan.json", "report.html", "findings.csv", "junit.xml", "results.sarif",
              "history.jsonl");
      for (String secret : List.of(token, cookie, captured)) {
        for (Path f : written) {
          String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          assertThat(SecretForms.foundIn(bytes, secret)).as("%s in %s", secret, f).isEmpty();
        }
        assertThat(SecretForms.foundIn(r.out() + r.err(), secret)).as("%s on the console",
            secret).isEmpty();
      }
    } finally {
      server.stop();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The request line as a form decoder reads it: a raw + is a space. */
  private static String decoded(String request) {
    return URLDecoder.decode(request.lines().findFirst().orElse(""), StandardCharsets.UTF_8);
  }

  /**
   * A loopback server that sets a cookie, redirects to a page with the query it got, and answers
   * every request with what it received and its secrets, each in every encoding.
   */
  static final class Reflector {
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;
    private final String cookie;
    private final String captured;

    Reflector(String cookie, String captured) throws IOException {
      this.cookie = cookie;
      this.captured = captured;
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.createContext("/", this::answer);
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    void stop() {
      server.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
      ex.getRequestBody().readAllBytes();
      String target = ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
      StringBuilder received = new StringBuilder(ex.getRequestMethod() + " " + target + "\n");
      ex.getRequestHeaders().forEach((k, vs) -> vs.forEach(v ->
          received.append(k.toLowerCase(java.util.Locale.ROOT)).append(": ").append(v)
              .append('\n')));
      requests.add(received.toString());
      List<String> echoed = new ArrayList<>(List.of(received.toString(), cookie, captured,
          decoded(target)));
      String path = ex.getRequestURI().getPath();
      var h = ex.getResponseHeaders();
      h.add("Set-Cookie", "sid=" + cookie + "; Path=/; HttpOnly");
      h.add("X-Echo", cookie);
      int status = 200;
      String type = "text/html; charset=utf-8";
      String body;
      if (path.equals("/")) {
        status = 302;
        h.add("Location", "/landing?" + ex.getRequestURI().getRawQuery() + "&c="
            + URLEncoder.encode(cookie, StandardCharsets.UTF_8));
        body = mirror(echoed);
      } else if (path.equals("/login")) {
        type = "application/json";
        body = "{\"access_token\":\"" + SecretForms.json(captured) + "\",\"echo\":\""
            + SecretForms.json(mirror(echoed)) + "\"}";
      } else {
        body = "<html><head><title>t</title></head><body><pre>" + mirror(echoed)
            + "</pre><script>var v = \"" + SecretForms.json(cookie) + "\";</script></body></html>";
      }
      h.add("Content-Type", type);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(bytes);
      }
    }

    /** Each value as is and in each encoding, inside a longer encoded text too. */
    private static String mirror(List<String> values) {
      StringBuilder sb = new StringBuilder();
      for (String v : values) {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        sb.append(v).append('\n')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('\n')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")).append('\n')
            .append(SecretForms.everyBytePercentEncoded(v).toLowerCase(java.util.Locale.ROOT))
            .append('\n')
            .append(SecretForms.json(v)).append('\n')
            .append(SecretForms.html(v)).append('\n')
            .append(Base64.getEncoder().encodeToString(b)).append('\n')
            .append(Base64.getUrlEncoder().withoutPadding().encodeToString(b)).append('\n')
            .append(HexFormat.of().formatHex(b)).append('\n');
        for (String prefix : List.of("a", "ab")) {
          sb.append(Base64.getEncoder().encodeToString((prefix + v)
              .getBytes(StandardCharsets.UTF_8))).append('\n');
        }
      }
      return sb.toString();
    }
  }
}
