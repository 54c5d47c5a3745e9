package dev.secaudit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loopback site that sets several cookies with mixed attributes on two pages, scanned with a
 * policy whose cookie rule names session cookies only, beside an attested "All cookies we set
 * are HttpOnly": scan.json records every cookie as a typed value (never its value), `answer`
 * reads the tracking cookie without HttpOnly as a No naming it and its page, and `page` withholds
 * the attested sentence with that reason.
 */
class ObservedCookiesEndToEndTest {
  private static final List<String> VALUES = List.of("s3ssionVALUEabc", "prefsVALUEdark",
      "csrfVALUEtok", "trackVALUE42");

  @TempDir Path dir;
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    server.stubFor(any(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html")
        .withHeader("Set-Cookie", "session=" + VALUES.get(0) + "; Path=/; HttpOnly; SameSite=Lax")
        .withHeader("Set-Cookie", "prefs=" + VALUES.get(1) + "; Path=/; SameSite=Lax; Max-Age=600")
        .withBody("<html><body>home</body></html>")));
    server.stubFor(any(urlEqualTo("/login")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html")
        .withHeader("Set-Cookie", "csrf=" + VALUES.get(2) + "; Path=/login; HttpOnly; SameSite=Strict")
        .withHeader("Set-Cookie", "track=" + VALUES.get(3) + "; Path=/; HttpOnly")
        .withBody("<html><body>login</body></html>")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void everyRecordedCookieIsATypedValueAndAnswersAndThePageFollowIt() throws Exception {
    Path policy = dir.resolve("acme.yaml");
    Files.writeString(policy, """
        version: 1
        name: acme
        targets:
          - {name: app, url: "http://127.0.0.1:%d", paths: [/, /login]}
        cookies:
          - {name: "session*", http_only: true, same_site: Lax}
        claims:
          - id: cookies.all
            statement: "All cookies we set are HttpOnly."
            category: privacy
            attest: {owner: cto@acme.test, date: 2026-12-01}
        """.formatted(server.port()));
    Path out = dir.resolve("out");
    Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f",
        "json", "--color", "never");
    assertThat(scan.code()).as(scan.err()).isIn(0, 1);

    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    List<JsonNode> cookies = new ArrayList<>();
    for (JsonNode f : json.get("findings")) {
      if (f.get("check_id").asText().equals("cookie.syntax")) {
        JsonNode v = f.get("observed_value");
        if (v.get("kind").asText().equals("list")) {
          v.get("items").forEach(cookies::add);
        } else {
          cookies.add(v);
        }
      }
    }
    String base = "http://127.0.0.1:" + server.port();
    assertThat(cookies).extracting(c -> c.get("kind").asText()).containsOnly("cookie");
    assertThat(cookies).extracting(c -> c.get("name").asText() + " " + c.get("url").asText()
            + " " + c.get("http_only").asBoolean() + " " + c.get("same_site").asText())
        .containsExactlyInAnyOrder("session " + base + "/ true Lax",
            "prefs " + base + "/ false Lax", "csrf " + base + "/login true Strict",
            "track " + base + "/login true null");
    JsonNode prefs = cookies.stream().filter(c -> c.get("name").asText().equals("prefs"))
        .findFirst().orElseThrow();
    assertThat(prefs.get("max_age").asBoolean()).isTrue();
    assertThat(prefs.get("expires").asBoolean()).isFalse();
    assertThat(prefs.get("secure").asBoolean()).isFalse();
    assertThat(prefs.get("path").asText()).isEqualTo("/");
    assertThat(prefs.get("domain").isNull()).isTrue();

    Path sheet = dir.resolve("questions.csv");
    Files.writeString(sheet, """
        ID,Question,Answer
        C-1,Are all cookies HttpOnly?,
        C-2,Are session cookies HttpOnly?,
        C-3,Are all cookies set with SameSite=Strict?,
        """);
    Path answered = dir.resolve("answered.csv");
    Cli.Result answer = Cli.run("answer", sheet.toString(), "--policy", policy.toString(),
        "--scan", out.resolve("scan.json").toString(), "-o", answered.toString());
    assertThat(answer.code()).as(answer.err()).isIn(0, 1);
    List<CSVRecord> rows;
    try (Reader r = Files.newBufferedReader(answered, StandardCharsets.UTF_8)) {
      rows = CSVFormat.RFC4180.parse(r).getRecords();
    }
    assertThat(rows.get(1).get(2)).isEqualTo("No");
    assertThat(String.join(" ", rows.get(1).toList())).contains("prefs on " + base + "/");
    assertThat(rows.get(2).get(2)).isEqualTo("Yes");
    assertThat(rows.get(3).get(2)).isEqualTo("No");

    Cli.Result page = Cli.run("page", "--policy", policy.toString(), "--scan",
        out.resolve("scan.json").toString(), "-o", dir.resolve("site").toString());
    assertThat(page.err()).contains("left out of the page: claim cookies.all: the scan speaks"
        + " against it:").contains("prefs on " + base + "/");
    assertThat(Files.readString(dir.resolve("site/security.md")))
        .doesNotContain("All cookies we set are HttpOnly");

    // No cookie value in any output, in any encoding a reader might meet.
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.equals(policy)) {
          continue;
        }
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String v : VALUES) {
          assertThat(text).as(f.toString()).doesNotContain(v)
              .doesNotContain(java.util.Base64.getEncoder().encodeToString(
                  v.getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
  }
}
