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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finding's key (check, target, subject) is written once per scan: a loopback site sets its
 * session cookie on two pages, Secure on / but not on /login, and a repository has two
 * package.json files, one naming two vendors and both naming Stripe. The scan writes one
 * cookie.secure finding that fails naming /login, one subprocessors.dependencies finding per
 * vendor, and every reader of its scan.json (report --from, answer) takes it; the same keys come
 * out of a second run.
 */
class OneFindingPerKeyEndToEndTest {
  private static final String SESSION = "s3ssionVALUE-keys22";

  @TempDir Path dir;
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    server.stubFor(any(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html")
        .withHeader("Set-Cookie", "session=" + SESSION + "; Path=/; Secure; HttpOnly;"
            + " SameSite=Lax")
        .withBody("<html><body>home</body></html>")));
    server.stubFor(any(urlEqualTo("/login")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html")
        .withHeader("Set-Cookie", "session=" + SESSION + "; Path=/; HttpOnly; SameSite=Lax")
        .withBody("<html><body>login</body></html>")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private JsonNode scan(Path policy, Path out) throws IOException {
    Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f",
        "json", "--color", "never");
    assertThat(scan.code()).as(scan.out() + scan.err()).isIn(0, 1);
    return new ObjectMapper().readTree(out.resolve("scan.json").toFile());
  }

  private static List<JsonNode> of(JsonNode scan, String checkId, String subject) {
    List<JsonNode> out = new ArrayList<>();
    scan.get("findings").forEach(f -> {
      if (f.get("check_id").asText().equals(checkId)
          && (subject == null || f.get("subject").asText().equals(subject))) {
        out.add(f);
      }
    });
    return out;
  }

  private static List<String> keys(JsonNode scan) {
    List<String> out = new ArrayList<>();
    scan.get("findings").forEach(f -> out.add(f.get("check_id").asText() + "|"
        + f.get("target").asText() + "|" + f.get("subject").asText()));
    return out;
  }

  @Test
  void aCookieOnTwoPagesAndAVendorInTwoManifestsAreEachOneFinding() throws IOException {
    Path repo = dir.resolve("shop");
    write(repo.resolve("package.json"), """
        {
          "name": "shop",
          "dependencies": {
            "stripe": "^16.0.0",
            "@sentry/node": "^8.0.0"
          }
        }
        """);
    write(repo.resolve("web/package.json"), """
        {
          "name": "web",
          "dependencies": {
            "@stripe/stripe-js": "^4.0.0"
          }
        }
        """);
    Path policy = dir.resolve("acme.yaml");
    Files.writeString(policy, """
        version: 1
        name: acme
        targets:
          - {name: app, url: "http://127.0.0.1:%d", paths: [/, /login]}
        cookies:
          - {name: "session*", secure: true, http_only: true, severity: high}
        subprocessors:
          declared:
            - {name: Stripe, purpose: payments}
        repositories:
          - {name: shop-repo, path: shop}
        """.formatted(server.port()));
    Path out = dir.resolve("out");
    JsonNode json = scan(policy, out);
    assertThat(keys(json)).doesNotHaveDuplicates();
    String base = "http://127.0.0.1:" + server.port();

    // Secure on / but not on /login: one finding, judged by the worse answer, naming it first.
    List<JsonNode> secure = of(json, "cookie.secure", "session");
    assertThat(secure).hasSize(1);
    JsonNode session = secure.get(0);
    assertThat(session.get("status").asText()).isEqualTo("FAIL");
    assertThat(session.get("severity").asText()).isEqualTo("HIGH");
    String observed = session.get("observed").asText();
    assertThat(observed).startsWith("2 different Set-Cookie headers: (1) on GET " + base
        + "/login: Secure missing (2) on GET " + base + "/: Secure");
    assertThat(session.get("evidence")).hasSize(2);
    // The same attributes on both pages: one finding naming both answers.
    List<JsonNode> httpOnly = of(json, "cookie.http_only", "session");
    assertThat(httpOnly).hasSize(1);
    assertThat(httpOnly.get(0).get("status").asText()).isEqualTo("PASS");
    assertThat(httpOnly.get(0).get("observed").asText()).isEqualTo("on GET " + base + "/, GET "
        + base + "/login: HttpOnly");
    assertThat(json.toString()).doesNotContain(SESSION);

    // Two vendors in one package.json are two subjects; Stripe in both manifests is one finding
    // naming both, located at the first.
    List<JsonNode> deps = of(json, "subprocessors.dependencies", null);
    assertThat(deps).extracting(f -> f.get("subject").asText() + " " + f.get("status").asText())
        .containsExactlyInAnyOrder("Stripe PASS", "Sentry FAIL");
    JsonNode stripe = of(json, "subprocessors.dependencies", "Stripe").get(0);
    assertThat(stripe.get("location").get("file").asText()).isEqualTo("package.json");
    assertThat(stripe.get("location").get("line").asInt()).isEqualTo(4);
    assertThat(stripe.get("observed").asText()).contains("npm stripe at package.json:4")
        .contains("npm @stripe/stripe-js at web/package.json:4");
    JsonNode sentry = of(json, "subprocessors.dependencies", "Sentry").get(0);
    assertThat(sentry.get("location").get("line").asInt()).isEqualTo(5);
    // The processing record still says where Stripe was seen: the manifest line.
    assertThat(json.get("processing").get(0).get("where_seen").toString())
        .isEqualTo("[\"shop-repo: package.json:4\"]");

    // Every reader takes the file: none finds a key twice.
    for (String format : List.of("html", "csv", "sarif")) {
      Cli.Result report = Cli.run("report", "--from", out.resolve("scan.json").toString(), "-o",
          dir.resolve("report." + format).toString(), "-f", format, "--no-gate");
      assertThat(report.code()).as(report.err()).isZero();
    }
    Path sheet = dir.resolve("questions.csv");
    Files.writeString(sheet, "ID,Question,Answer\nQ-1,Are session cookies Secure?,\n");
    Cli.Result answer = Cli.run("answer", sheet.toString(), "--policy", policy.toString(),
        "--scan", out.resolve("scan.json").toString(), "-o", dir.resolve("a.csv").toString());
    assertThat(answer.code()).as(answer.err()).isIn(0, 1);

    // Keys are the same run after run: they depend on neither order nor timing.
    JsonNode again = scan(policy, dir.resolve("again"));
    assertThat(keys(again)).containsExactlyElementsOf(keys(json));
  }
}
