package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loopback server sets two cookies whose names differ only in that one starts with the
 * right-to-left override and the other with the six characters a printed override looks like
 * (reports25 HIGH 3). They stay two findings under two subjects, and every reader of the scan
 * (report --from, scan --baseline, merge) takes secaudit's own file; SARIF fingerprints differ.
 */
class LookAlikeCookieNamesTest {
  /** The override as U+202E, and the same name written with a backslash as plain text. */
  private static final String OVERRIDE = "\u202eSESSIONID";
  private static final String LOOK_ALIKE = "\\" + "u202eSESSIONID";

  @TempDir Path dir;
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      // Header bytes go out one char a byte: the override's UTF-8 bytes, as a browser gets them.
      String utf8 = new String((OVERRIDE + "=a1; Path=/").getBytes(StandardCharsets.UTF_8),
          StandardCharsets.ISO_8859_1);
      ex.getResponseHeaders().add("Set-Cookie", utf8);
      ex.getResponseHeaders().add("Set-Cookie", LOOK_ALIKE + "=b2; Path=/");
      byte[] body = "<html><body>hello</body></html>".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/html");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void twoNamesStayTwoAndEveryReaderTakesTheScan() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "version: 1\nname: lookalike\nsettings: {timeouts: {connect: 2s,"
        + " read: 2s, total: 5s}}\ntargets:\n  - {name: app, url: \"http://127.0.0.1:"
        + server.getAddress().getPort() + "/\"}\ncookies:\n"
        + "  - {name: \"*\", secure: true, http_only: true}\n");
    Path out = dir.resolve("out");
    Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f",
        "json,sarif", "--color", "never");
    assertThat(scan.code()).as(scan.err()).isIn(0, 1);

    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    List<String> secureSubjects = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (JsonNode f : json.get("findings")) {
      String key = f.get("check_id").asText() + "|" + f.get("target").asText() + "|"
          + f.get("subject").asText();
      assertThat(keys.add(key)).as("one finding per key: " + key).isTrue();
      if (f.get("check_id").asText().equals("cookie.secure")) {
        secureSubjects.add(f.get("subject").asText());
      }
    }
    // The override is shown as its code; the typed backslash as its own code before it.
    assertThat(secureSubjects).anyMatch(s -> s.contains("\\u202eSESSIONID")
        && !s.contains("x5c")).anyMatch(s -> s.contains("\\x5cu202eSESSIONID"));
    assertThat(Files.readString(out.resolve("scan.json"))).doesNotContain("\u202e");

    JsonNode sarif = new ObjectMapper().readTree(out.resolve("results.sarif").toFile());
    List<String> prints = new ArrayList<>();
    sarif.get("runs").get(0).get("results").forEach(r ->
        r.get("partialFingerprints").fields().forEachRemaining(e -> prints.add(e.getValue()
            .asText())));
    assertThat(prints).doesNotHaveDuplicates();

    Cli.Result again = Cli.run("report", "--from", out.resolve("scan.json").toString(), "-o",
        dir.resolve("again.sarif").toString(), "-f", "sarif");
    assertThat(again.code()).as(again.err()).isIn(0, 1);
    Cli.Result gated = Cli.run("scan", "-p", policy.toString(), "-o",
        dir.resolve("second").toString(), "-f", "json", "--baseline",
        out.resolve("scan.json").toString(), "--color", "never");
    assertThat(gated.code()).as(gated.err()).isIn(0, 1);
    JsonNode second = new ObjectMapper().readTree(dir.resolve("second/scan.json").toFile());
    for (JsonNode f : second.get("findings")) {
      if (f.get("check_id").asText().equals("cookie.secure")) {
        assertThat(f.get("baseline").asText()).as(f.get("subject").asText())
            .isEqualTo("UNCHANGED");
      }
    }
    Cli.Result merged = Cli.run("merge", out.resolve("scan.json").toString(), "-o",
        dir.resolve("merged").toString(), "-f", "json");
    assertThat(merged.code()).as(merged.err()).isIn(0, 1);
  }
}
