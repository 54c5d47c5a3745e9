package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secaudit.model.SecretForms;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loopback page that reflects the API key it was sent, as debug pages do: in a hexdump, wrapped
 * at a fixed width, backwards, and last in a body the size cap cuts in the middle of the key (a
 * red-team review read nine of its characters so); and one that names a cookie after the key's
 * first twelve characters (hostile22 left it: cookie names are written mid-line in every header
 * listing and cookie finding). Nothing of the key is in any file written or any line printed.
 */
class CutSecretScanTest {
  static final String KEY = "KeyZulu4Ab8Cd2Ef6Gh";

  @TempDir Path dir;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::reflect);
    server.createContext("/named/", this::nameCookie);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void reflect(HttpExchange ex) throws java.io.IOException {
    String key = String.valueOf(ex.getRequestHeaders().getFirst("X-Api-Key"));
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    StringBuilder page = new StringBuilder("<pre>\n")
        .append("hex: ").append(HexFormat.ofDelimiter(" ").formatHex(bytes)).append('\n')
        .append("HEX: ").append(HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes))
        .append('\n')
        .append("wrapped: ").append(SecretForms.wrapped(key, 5)).append('\n')
        .append("reversed: ").append(new StringBuilder(key).reverse()).append('\n');
    // The cap (1 KiB) falls nine characters into the key.
    while (page.length() < 1024 - 9) {
      page.append('t');
    }
    page.append(key).append("\n</pre>\n");
    byte[] out = page.toString().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    ex.sendResponseHeaders(200, out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  @Test
  void nothingOfAReflectedKeyIsWrittenWhereverTheBodyIsCut() throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), """
        version: 1
        name: reflected
        extends: [owasp-headers]
        settings: {max_body_kb: 1}
        targets:
          - name: debug
            url: "http://127.0.0.1:%d/"
            request_headers: {X-Api-Key: "${env:API_KEY}"}
        """.formatted(server.getAddress().getPort()));
    Path out = dir.resolve("out");
    Path evidence = dir.resolve("evidence");
    Cli.Result r = Cli.run(Map.of("API_KEY", KEY), null, "scan", "-p", policy.toString(),
        "-o", out.toString(), "--evidence", evidence.toString(), "--color", "never", "-v");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1, 3);

    List<Path> files = written(out, evidence);
    boolean cutRecorded = false;
    String cutPart = KEY.substring(0, 9).toLowerCase(Locale.ROOT);
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      assertThat(SecretForms.foundIn(text, KEY)).as("%s", f).isEmpty();
      assertThat(text.toLowerCase(Locale.ROOT)).as("%s", f).doesNotContain(cutPart);
      cutRecorded |= text.contains("(cut at the size cap)");
    }
    // The page was recorded, cut: the test saw the cut, not an empty evidence.
    assertThat(cutRecorded).isTrue();
    assertThat(SecretForms.foundIn(r.out() + r.err(), KEY)).isEmpty();
    assertThat((r.out() + r.err()).toLowerCase(Locale.ROOT)).doesNotContain(cutPart);
  }

  private void nameCookie(HttpExchange ex) throws java.io.IOException {
    String key = String.valueOf(ex.getRequestHeaders().getFirst("X-Api-Key"));
    byte[] out = "<html><head></head><body>hello</body></html>".getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    ex.getResponseHeaders().add("Set-Cookie", "X" + key.substring(0, Math.min(12, key.length()))
        + "=1; Path=/");
    ex.sendResponseHeaders(200, out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  @Test
  void aCookieNamedAfterAKeysBeginningDoesNotShowIt() throws Exception {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), """
        version: 1
        name: reflected-name
        cookies:
          - {name: "*", secure: true, http_only: true}
        targets:
          - name: app
            url: "http://127.0.0.1:%d/named/"
            request_headers: {X-Api-Key: "${env:API_KEY}"}
        """.formatted(server.getAddress().getPort()));
    Path out = dir.resolve("out");
    Path evidence = dir.resolve("evidence");
    Cli.Result r = Cli.run(Map.of("API_KEY", KEY), null, "scan", "-p", policy.toString(),
        "-o", out.toString(), "--evidence", evidence.toString(), "--color", "never", "-v");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    String beginning = KEY.substring(0, 8).toLowerCase(Locale.ROOT);
    boolean judged = false;
    for (Path f : written(out, evidence)) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      assertThat(text.toLowerCase(Locale.ROOT)).as("%s", f).doesNotContain(beginning);
      judged |= f.getFileName().toString().equals("findings.csv")
          && text.contains("cookie.secure") && text.contains("X[REDACTED]");
    }
    // The cookie was seen and judged under its masked name: the test saw it, not an empty run.
    assertThat(judged).as(r.out()).isTrue();
    assertThat((r.out() + r.err()).toLowerCase(Locale.ROOT)).doesNotContain(beginning);
  }

  private static List<Path> written(Path out, Path evidence) throws java.io.IOException {
    try (Stream<Path> all = Stream.concat(Files.walk(out), Files.walk(evidence))) {
      return all.filter(Files::isRegularFile).toList();
    }
  }
}
