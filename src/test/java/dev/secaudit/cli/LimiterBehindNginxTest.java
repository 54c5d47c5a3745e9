package dev.secaudit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.secaudit.probe.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * realapp26 MEDIUM 5: the login limiter lives in the application behind nginx. The live burst
 * shows it (429 at request 11, Retry-After), the nginx config has no limit_req for the path.
 * The claim is of behaviour: the config finding says where the limiter is not (INFO), it does
 * not refute the claim; a path the burst did not show limited, or a scan without the burst,
 * still FAILs in the config.
 */
class LimiterBehindNginxTest {
  @TempDir Path dir;
  private WireMockServer app;

  @BeforeEach
  void start() {
    app = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    app.start();
    // The application's own limiter: 10 attempts answered 401, the 11th refused.
    for (int i = 0; i < 10; i++) {
      app.stubFor(any(urlEqualTo("/login")).inScenario("limiter")
          .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "after-" + i)
          .willSetStateTo("after-" + (i + 1))
          .willReturn(aResponse().withStatus(401)));
    }
    app.stubFor(any(urlEqualTo("/login")).inScenario("limiter").whenScenarioStateIs("after-10")
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));
    app.stubFor(any(urlEqualTo("/open")).willReturn(aResponse().withStatus(401)));
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  private Path policy() throws Exception {
    write(dir, "nginx/nginx.conf", """
        events {}
        http {
          server {
            listen 127.0.0.1:%d;
            server_name 127.0.0.1;
            location / {
              proxy_pass http://127.0.0.1:9;
            }
          }
        }
        """.formatted(app.port()));
    return write(dir, "policy.yaml", """
        version: 1
        name: ledger
        targets:
          - {name: app, url: "http://127.0.0.1:%d"}
        rate_limits:
          - {name: login, target: app, request: {method: POST, path: /login, body: '{"email":"probe@ledger.test","password":"wrong"}'}, limit: 10, window: 1m}
          - {name: open, target: app, request: {method: POST, path: /open, body: '{"email":"probe@ledger.test","password":"wrong"}'}, limit: 10, window: 1m}
        configs:
          - {name: edge, kind: nginx, path: nginx/nginx.conf, target: app}
        claims:
          - id: login.rate_limit
            statement: "Login is limited to 10 attempts per minute; further attempts are answered with HTTP 429 and a Retry-After header."
            checks: [/rate_limits/0]
        """.formatted(app.port()));
  }

  private static List<JsonNode> findings(Path out, String check) throws Exception {
    List<JsonNode> list = new ArrayList<>();
    new ObjectMapper().readTree(out.resolve("scan.json").toFile()).get("findings").forEach(f -> {
      if (f.get("check_id").asText().equals(check)) {
        list.add(f);
      }
    });
    return list;
  }

  private static JsonNode forPath(List<JsonNode> findings, String path) {
    return findings.stream().filter(f -> f.get("subject").asText().endsWith("for " + path))
        .findFirst().orElseThrow(() -> new AssertionError("no finding for " + path + " in "
            + findings));
  }

  @Test
  void aLimitTheLiveBurstShowsIsNotRefutedByItsAbsenceFromNginx() throws Exception {
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("scan", "-p", policy().toString(), "--active", "-o", out.toString(),
        "-f", "json", "--color", "never");
    assertThat(r.code()).as(r.out() + r.err()).isNotEqualTo(ExitCode.INTERNAL.code);

    List<JsonNode> enforced = findings(out, "ratelimit.enforced");
    assertThat(enforced).filteredOn(f -> f.get("subject").asText().equals("login"))
        .singleElement().satisfies(f -> assertThat(f.get("status").asText()).as(f.toString())
            .isEqualTo("PASS"));
    List<JsonNode> config = findings(out, "config.nginx.rate_limit");
    JsonNode login = forPath(config, "/login");
    // Before: FAIL "no limit_req in effect", listed as failing under the claim.
    assertThat(login.get("status").asText()).as(login.toString()).isEqualTo("INFO");
    assertThat(login.get("observed").asText()).contains("no limit_req in effect",
        "not enforced in nginx", "shows it enforced upstream", "429 at request 11");
    // The burst on /open was never refused: the config's gap stays a FAIL.
    JsonNode open = forPath(config, "/open");
    assertThat(open.get("status").asText()).as(open.toString()).isEqualTo("FAIL");
    assertThat(open.get("observed").asText()).doesNotContain("upstream");

    JsonNode claim = findings(out, "claim.verified").stream()
        .filter(f -> f.get("subject").asText().equals("login.rate_limit")).findFirst()
        .orElseThrow();
    assertThat(claim.get("observed").asText()).as(claim.toString())
        .doesNotContain("config.nginx.rate_limit [");
    assertThat(claim.get("status").asText()).as(claim.toString()).isNotEqualTo("FAIL");
  }

  @Test
  void withoutTheLiveBurstTheMissingLimiterStillFails() throws Exception {
    Path out = dir.resolve("out");
    Cli.run("scan", "-p", policy().toString(), "-o", out.toString(), "-f", "json", "--color",
        "never");
    JsonNode login = forPath(findings(out, "config.nginx.rate_limit"), "/login");
    assertThat(login.get("status").asText()).as(login.toString()).isEqualTo("FAIL");
  }
}
