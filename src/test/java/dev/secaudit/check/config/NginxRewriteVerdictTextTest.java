package dev.secaudit.check.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What config.nginx.rate_limit says when return or rewrite run before limit_req; the served
 * tests (NginxServedRewriteTest) prove which of them nginx lets past the limiter.
 */
class NginxRewriteVerdictTextTest {
  @TempDir Path dir;

  private static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: api, url: "http://api.acme.test:8080"}
      rate_limits:
        - {name: login, target: api, request: {path: /login}, limit: 10, window: 1m}
      configs:
        - {name: edge, kind: nginx, path: nginx/nginx.conf, target: api}
      """;

  private Finding judge(String server) throws Exception {
    return ConfigScan.nginx(dir, POLICY, "limit_req_zone $binary_remote_addr zone=z:1m"
        + " rate=5r/m;\nlimit_req_status 429;\nserver { listen 8080; server_name"
        + " api.acme.test;\n" + server + "\n}\n", new NginxRateLimitCheck()).get(0);
  }

  @Test
  void aReturnInsideAnIfAnswersThoseRequestsItselfAndIsANoteNotAReview() throws Exception {
    Finding f = judge("location /login { limit_req zone=z burst=4 nodelay;\n"
        + "if ($http_x_a) { return 200 ok; } }");
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).isEqualTo("/login is served by nginx.conf:7 location /login in"
        + " nginx.conf:6 server api.acme.test: zone z 5r/m burst=4 (nginx.conf:4,"
        + " nginx.conf:7); the requests matching if ($http_x_a) (nginx.conf:8) are answered by"
        + " nginx itself with return 200 ok; (nginx.conf:8) before limit_req runs: they never"
        + " reach the content the limit protects, so none is served unlimited");
  }

  @Test
  void aRedirectOfEveryRequestIsAReviewNotAFail() throws Exception {
    Finding f = judge("location /login { limit_req zone=z burst=4 nodelay;\n"
        + "rewrite ^/log(in)$ /auth permanent; }");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).isEqualTo("/login is served by nginx.conf:7 location /login in"
        + " nginx.conf:6 server api.acme.test: rewrite ^/log(in)$ /auth permanent;"
        + " (nginx.conf:8) answers every request to /login itself in the rewrite phase, before"
        + " limit_req (preaccess phase) and before any content: none is served unlimited"
        + " here, and none is refused by a limit either; a redirect's requests are limited, if"
        + " at all, where it lands, which is the path to name in the policy");
    assertThat(judge("location /login { return 200 ok; }").observed()).endsWith("check that"
        + " the policy names the path the application serves");
  }

  @Test
  void aRewriteThatMovesTheRequestNamesTheRouteAndTheLocationThatServesIt() throws Exception {
    Finding f = judge("rewrite ^/(login)$ /v2/$1?from=old last;\n"
        + "location /login { limit_req zone=z burst=4 nodelay; }\n"
        + "location /v2/ { }");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("/login is rewritten to /v2/login by rewrite ^/(login)$"
        + " /v2/$1?from=old last; (nginx.conf:7), and nginx chooses the location again;"
        + " /v2/login is served by nginx.conf:9 location /v2/ in nginx.conf:6 server"
        + " api.acme.test: no limit_req in effect");
  }

  @Test
  void aRewriteThatCannotBeEvaluatedIsAReviewNotAPass() throws Exception {
    Finding f = judge("location /login { limit_req zone=z burst=4 nodelay;\n"
        + "rewrite ^/login$ $uri/x last; }");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).endsWith("; not evaluated: rewrite ^/login$ $uri/x last;"
        + " (nginx.conf:8), because its replacement reads variables, so the URI it makes is"
        + " the request's; it may answer or move requests before limit_req runs");
  }

  @Test
  void aRewriteThatDoesNotMatchThePathChangesNothing() throws Exception {
    Finding f = judge("location /login { limit_req zone=z burst=4 nodelay;\n"
        + "rewrite ^/logout$ /bye redirect; }");
    assertThat(f.status()).isEqualTo(Status.PASS);
  }

  @Test
  void theServerByNameIsTheLongestWildcardAsInNginx() throws Exception {
    Finding f = ConfigScan.nginx(dir, POLICY, "limit_req_zone $binary_remote_addr zone=z:1m"
        + " rate=5r/m;\nlimit_req_status 429;\n"
        + "server { listen 8080; server_name *.test; location /login { limit_req zone=z; } }\n"
        + "server { listen 8080; server_name *.acme.test; location /login { } }\n",
        new NginxRateLimitCheck()).get(0);
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("/login is served by nginx.conf:7 location /login in"
        + " nginx.conf:7 server *.acme.test: no limit_req in effect");
  }
}
