package dev.secaudit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Active probes are opt-in: --active on the command line, or active: true on a target. */
class ActiveScanTest {
  @TempDir Path dir;
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    server.stubFor(any(urlEqualTo("/login")).willReturn(aResponse().withStatus(429)
        .withHeader("Retry-After", "7")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private Path policy(String targetExtra) throws Exception {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, """
        version: 1
        name: opt-in
        targets:
          - {name: api, url: "http://127.0.0.1:%d"%s}
        rate_limits:
          - {name: login, target: api, request: {method: POST, path: /login}, limit: 10, window: 1m}
        """.formatted(server.port(), targetExtra));
    return p;
  }

  private List<JsonNode> findings(Path out) throws Exception {
    List<JsonNode> list = new ArrayList<>();
    new ObjectMapper().readTree(out.resolve("scan.json").toFile()).get("findings")
        .forEach(list::add);
    return list;
  }

  @Test
  void withoutActiveNothingIsSentAndTheFindingsSaySo() throws Exception {
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("scan", "-p", policy("").toString(), "-o", out.toString(), "-f", "json",
        "--color", "never");

    // Every check of this policy is active and none ran: nothing was judged, so not "passed".
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.INCOMPLETE.code);
    assertThat(r.out()).contains("gate: incomplete: nothing judged");
    assertThat(server.findAll(anyRequestedFor(urlEqualTo("/login")))).isEmpty();
    assertThat(r.err()).doesNotContain("active probe");
    assertThat(findings(out)).extracting(f -> f.get("check_id").asText())
        .containsExactly("ratelimit.enforced", "ratelimit.headers", "ratelimit.retry_after",
            "ratelimit.window");
    assertThat(findings(out)).allSatisfy(f -> {
      assertThat(f.get("status").asText()).isEqualTo("SKIPPED");
      assertThat(f.get("observed").asText()).isEqualTo("active check: rerun with --active (or"
          + " set active: true on target 'api')");
    });
  }

  @Test
  void activeFlagRunsTheProbeAndAnnouncesItsCaps() throws Exception {
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("scan", "-p", policy("").toString(), "--active", "-o", out.toString(),
        "--color", "never");

    assertThat(r.err()).contains("secaudit: active probe: rate limit 'login' on api: POST")
        .contains("plan: at most 13 requests, each started within 60s of the first; stops at the first 429");
    assertThat(server.findAll(anyRequestedFor(urlEqualTo("/login")))).hasSize(1);
    assertThat(findings(out)).filteredOn(f -> f.get("check_id").asText()
        .equals("ratelimit.retry_after")).singleElement()
        .satisfies(f -> assertThat(f.get("status").asText()).isEqualTo("PASS"));
    // Every report renders the new evidence kind.
    org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(out.resolve("report.html").toFile(),
        "UTF-8");
    assertThat(html.text()).contains("ratelimit.enforced").contains("api/ratelimit-login");
    assertThat(Files.readString(out.resolve("findings.csv"))).contains("ratelimit.retry_after");
  }

  @Test
  void aTargetCanOptInByItself() throws Exception {
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("scan", "-p", policy(", active: true").toString(), "-o",
        out.toString(), "-f", "json", "--color", "never");

    assertThat(r.err()).contains("active probe: rate limit 'login'");
    assertThat(server.findAll(anyRequestedFor(urlEqualTo("/login")))).hasSize(1);
    assertThat(findings(out)).noneMatch(f -> f.get("status").asText().equals("SKIPPED"));
  }
}
