package dev.secaudit.check.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.probe.config.LoopbackNginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * return and rewrite ahead of limit_req, served by the real nginx: a burst to /login tells
 * whether the limiter counted the requests, and the verdict must say the same. A second burst
 * with the header an if tests tells the requests the if takes from those it does not. The
 * server a Host name reaches is asked of nginx the same way.
 */
class NginxServedRewriteTest {
  @TempDir Path dir;

  private static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: api, url: "http://api.acme.test:%d"}
      rate_limits:
        - {name: login, target: api, request: {path: /login}, limit: 10, window: 1m}
      configs:
        - {name: edge, kind: nginx, path: nginx/nginx.conf, target: api}
      """;

  private static final String LIMIT = "limit_req zone=z burst=4 nodelay;";
  /** What only the content nginx serves for /login and /auth says. */
  private static final String HANDLER = "content-behind-the-limit";

  /** Serves {@code server} (a server block's body), bursts, and judges; returns the finding. */
  private Finding served(String server, String... mustSay) throws Exception {
    int port = LoopbackNginx.freePort();
    Files.createDirectories(dir.resolve("www"));
    Files.writeString(dir.resolve("www/login"), HANDLER);
    Files.writeString(dir.resolve("www/auth"), HANDLER);
    String http = "limit_req_zone $binary_remote_addr zone=z:1m rate=5r/m;\n"
        + "limit_req_status 429;\nserver { listen 127.0.0.1:%1$d; server_name api.acme.test;"
        + " root " + dir.resolve("www") + ";\n" + server + "\n}\n";
    try (LoopbackNginx n = ServedNginx.serve(dir, http, port)) {
      int plain = ServedNginx.handled(port, "/login", 14, HANDLER);
      // The bucket is empty now: a request the if takes that still reaches the content
      // bypassed the limit.
      int marked = ServedNginx.handled(port, "/login", 4, HANDLER, "X-A", "1");
      Finding f = ConfigScan.run(ConfigScan.load(dir, POLICY.formatted(port)),
          new NginxRateLimitCheck()).get(0);
      // What reached the content decides the verdict: more than burst + 1 of the burst is a
      // FAIL; none at all (nginx answered every one itself) is a review, since the path is
      // neither limited nor served; the requests an if takes reaching it is a review; the
      // rest a PASS. A request nginx answers itself (return, redirect) is not served
      // unlimited, whatever its status.
      Status served = plain > 5 ? Status.FAIL : plain == 0 || marked > 0 ? Status.WARN
          : Status.PASS;
      assertThat(f.status()).as(server + "\nnginx: " + plain + " then " + marked + "\n"
          + f.observed()).isEqualTo(served);
      assertThat(f.observed()).contains(mustSay);
      return f;
    }
  }

  /**
   * A blind review: "if ($scheme = http) { return 301 https://...; }" ahead of limit_req was a
   * WARN "some requests ... never limited". nginx answers those requests itself; none reaches
   * the content, so nothing is served unlimited and the limit holds for what is served.
   */
  @Test
  void aReturnInsideAnIfAnswersSomeRequestsItselfAndTheLimitHolds() throws Exception {
    assumeTrue(LoopbackNginx.available());
    served("location /login { " + LIMIT + " if ($http_x_a) { return 200 ok; } }",
        "return 200 ok;", "matching if ($http_x_a)", "never reach the content");
    served("if ($http_x_a) { return 301 https://$host$request_uri; } location /login { "
        + LIMIT + " }", "return 301 https://$host$request_uri;", "never reach the content");
    served("if ($http_x_a) { rewrite ^ /auth redirect; } location /login { " + LIMIT + " }",
        "rewrite ^ /auth redirect;", "never reach the content");
    served("location /login { " + LIMIT + " if ($http_x_a) { rewrite ^ /auth last; } }"
        + " location /auth { }", "moves them to /auth");
  }

  @Test
  void aRedirectForEveryRequestServesNothingAndIsAReview() throws Exception {
    assumeTrue(LoopbackNginx.available());
    for (String rewrite : new String[] {"rewrite ^/login$ /elsewhere redirect;",
        "rewrite ^/login$ /elsewhere permanent;", "rewrite ^/login$ https://x.test/;",
        "return 301 https://$host$request_uri;"}) {
      served("location /login { " + LIMIT + " " + rewrite + " }", rewrite,
          "answers every request to /login itself");
    }
  }

  @Test
  void aRewriteThatMovesTheRequestIsJudgedWhereItLands() throws Exception {
    assumeTrue(LoopbackNginx.available());
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("location /login { " + LIMIT + " rewrite ^/login$ /auth last; } location /auth { }",
        "no limit_req in effect");
    cases.put("location /login { " + LIMIT + " rewrite ^/(login)$ /auth; } location /auth { }",
        "no limit_req in effect");
    cases.put("rewrite ^/login$ /auth break; location /login { " + LIMIT + " }"
        + " location /auth { }", "no limit_req in effect");
    cases.put("location /login { rewrite ^/login$ /auth last; } location /auth { " + LIMIT
        + " }", "zone z 5r/m burst=4");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      served(c.getKey(), "/login is rewritten to /auth by", "chooses the location again",
          "/auth is served by", c.getValue());
    }
  }

  @Test
  void aBreakInTheLimitedLocationKeepsTheRequestThereAndIsLimited() throws Exception {
    assumeTrue(LoopbackNginx.available());
    Finding f = served("location /login { " + LIMIT + " rewrite ^/login$ /auth break; }",
        "/login is served by");
    assertThat(f.status()).isEqualTo(Status.PASS);
  }

  /** Serves {@code servers} (whole server blocks on %1$d) and judges the policy's /login. */
  private Finding byName(String servers) throws Exception {
    int port = LoopbackNginx.freePort();
    String http = "limit_req_zone $binary_remote_addr zone=z:1m rate=5r/m;\n"
        + "limit_req_status 429;\n" + servers;
    try (LoopbackNginx n = ServedNginx.serve(dir, http, port)) {
      boolean limited = ServedNginx.burst(port, "/login", 14).containsKey(429);
      Finding f = ConfigScan.run(ConfigScan.load(dir, POLICY.formatted(port)),
          new NginxRateLimitCheck()).get(0);
      assertThat(f.status()).as(servers + "\nnginx limited: " + limited + "\n" + f.observed())
          .isEqualTo(limited ? Status.PASS : Status.FAIL);
      return f;
    }
  }

  @Test
  void theServerIsChosenByNameInNginxsOrderNotTheFilesOrder() throws Exception {
    assumeTrue(LoopbackNginx.available());
    String limited = " location /login { " + LIMIT + " } }\n";
    String open = " location /login { } }\n";
    String listen = "server { listen 127.0.0.1:%1$d; server_name ";
    // The longest leading wildcard wins, wherever it is in the file.
    assertThat(byName(listen + "*.test;" + limited + listen + "*.acme.test;" + open).observed())
        .contains("server *.acme.test");
    assertThat(byName(listen + "*.test;" + open + listen + "*.acme.test;" + limited).observed())
        .contains("server *.acme.test");
    // A trailing wildcard comes before a regular expression.
    assertThat(byName(listen + "~^api[.];" + limited + listen + "api.*;" + open).observed())
        .contains("server api.*");
  }
}
