package dev.secaudit.check.config;

import dev.secaudit.check.StandardChecks;
import static dev.secaudit.probe.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.secaudit.check.CheckContext;
import dev.secaudit.check.csp.CspCheck;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.Header;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx configs judged with the live rules: fixtures in a temp dir, read by the real probe. The
 * fixtures that nginx must accept are also run through nginx -t (NginxConfigTool).
 */
class NginxConfigChecksTest {
  @TempDir Path dir;

  private static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: api, url: "https://api.acme.test"}
      tls: {min_version: "1.2"}
      hsts: {min_max_age: 1y}
      framing: {required: true}
      headers:
        X-Content-Type-Options: {value: nosniff}
      info_leak: {}
      rate_limits:
        - {name: login, target: api, request: {method: POST, path: /login}, limit: 5, window: 1m}
        - {name: search, target: api, request: {path: /search/all}, limit: 100, window: 1m}
        - {name: export, target: api, request: {path: /export/x}, limit: 10, window: 1m}
      configs:
        - {name: edge, kind: nginx, path: nginx/nginx.conf, target: api}
      """;

  private List<Finding> scan(String http) throws Exception {
    return ConfigScan.nginx(dir, POLICY, http, new NginxTlsCheck(), new NginxHeadersCheck(),
        new NginxServerTokensCheck(), new NginxRateLimitCheck());
  }

  /**
   * Issue 21: with only default-src set, required_directives: [script-src] passed live (the
   * fallback) and failed here. One rule, one judgement: the config's header and the same header
   * on a live page get the same verdict.
   */
  @Test
  void aCspRuleGetsTheSameVerdictFromAConfigAsFromALivePage() throws Exception {
    String policy = """
        version: 1
        name: acme
        targets:
          - {name: api, url: "https://api.acme.test"}
        csp: {required_directives: [script-src, object-src], must_avoid: ["'unsafe-eval'"]}
        configs:
          - {name: edge, kind: nginx, path: nginx/nginx.conf, target: api}
        """;
    Map<String, Status> cases = new LinkedHashMap<>();
    cases.put("default-src 'self'", Status.PASS);
    cases.put("img-src 'self'", Status.FAIL);
    cases.put("default-src 'self' 'unsafe-eval'", Status.FAIL);
    for (Map.Entry<String, Status> c : cases.entrySet()) {
      Path main = write(dir, "nginx/nginx.conf", NginxConfigTool.wrap("""
            server {
              listen 127.0.0.1:8443 ssl;
              server_name api.acme.test;
              %s
              add_header Content-Security-Policy "%s" always;
            }
          """.formatted(NginxConfigTool.certificate(dir), c.getKey())));
      NginxConfigTool.assertValid(dir.resolve("nginx"), main);
      LoadedPolicy loaded = ConfigScan.load(dir, policy);
      Finding config = ConfigScan.run(loaded, new NginxHeadersCheck()).get(0);

      HttpExchange page = new HttpExchange("api/page", "GET", "https://api.acme.test/",
          List.of(), 200, "HTTP/1.1", List.of(new Header("Content-Security-Policy",
              c.getKey())), "", 0, false, Artifact.sha256(new byte[0]), ConfigScan.NOW, 3, null,
          null, List.of());
      Map<String, HttpFetch> pages = Map.of("/", new HttpFetch(page.url(), List.of(page),
          "final"));
      List<Finding> live = new CspCheck().evaluate(new CheckContext(StandardChecks.catalog(), loaded,
          loaded.policy().targets().get(0), new TargetObservations("api", pages, null, null,
              List.of(), null), ConfigScan.NOW));
      Status liveWorst = live.stream().map(Finding::status)
          .filter(st -> st == Status.FAIL || st == Status.WARN).findFirst().orElse(Status.PASS);

      assertThat(config.status()).as(c.getKey() + ": " + config.observed())
          .isEqualTo(c.getValue());
      assertThat(liveWorst).as(c.getKey() + " live: " + live).isEqualTo(c.getValue());
    }
  }

  private static List<Finding> of(List<Finding> all, String id) {
    return all.stream().filter(f -> f.checkId().equals(id)).toList();
  }

  /** RFC 6797 8.1: a browser ignores a Strict-Transport-Security header received over HTTP. */
  @Test
  void hstsAddedByAServerWithoutSslIsNotCountedAsSent() throws Exception {
    String server = """
          server {
            listen 127.0.0.1:8080%s;
            server_name api.acme.test;
            %s
            add_header X-Content-Type-Options nosniff always;
            add_header X-Frame-Options DENY always;
            add_header Strict-Transport-Security "max-age=31536000" always;
          }
        """;
    Finding plain = of(scan(server.formatted("", "")), NginxHeadersCheck.ID).get(0);
    assertThat(plain.status()).isEqualTo(Status.FAIL);
    assertThat(plain.observed()).contains("Strict-Transport-Security not counted",
        "does not listen with ssl");
    Finding tls = of(scan(server.formatted(" ssl", NginxConfigTool.certificate(dir))),
        NginxHeadersCheck.ID).get(0);
    assertThat(tls.status()).as(tls.observed()).isEqualTo(Status.PASS);
  }

  @Test
  void protocolsAndCiphersAreJudgedPerServerWithTheLiveRules() throws Exception {
    List<Finding> all = scan("""
          ssl_protocols TLSv1 TLSv1.2 TLSv1.3;
          ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:DES-CBC3-SHA:!3DES:HIGH;
          server {
            listen 127.0.0.1:8443 ssl;
            server_name legacy.acme.test;
            %s
          }
          server {
            listen 127.0.0.1:8444 ssl;
            server_name api.acme.test;
            %s
            ssl_protocols TLSv1.2 TLSv1.3;
            ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305;
          }
          server {
            listen 127.0.0.1:8080;
          }
        """.formatted(NginxConfigTool.certificate(dir), NginxConfigTool.certificate(dir)));
    assertThat(of(all, NginxTlsCheck.PROTOCOLS)).extracting(NginxConfigChecksTest::at, Finding::status)
        .containsExactly(tuple("nginx.conf:4", Status.FAIL), tuple("nginx.conf:15", Status.PASS));
    assertThat(of(all, NginxTlsCheck.PROTOCOLS).get(0).observed())
        .contains("ssl_protocols TLSv1 TLSv1.2 TLSv1.3; in nginx.conf:6 server legacy.acme.test")
        .contains("enables TLS 1.0, which the policy forbids");
    assertThat(of(all, NginxTlsCheck.PROTOCOLS).get(0).target()).isEqualTo("edge");

    List<Finding> ciphers = of(all, NginxTlsCheck.CIPHERS);
    assertThat(ciphers).extracting(NginxConfigChecksTest::at, Finding::status)
        .containsExactly(tuple("nginx.conf:5", Status.FAIL), tuple("nginx.conf:16", Status.PASS));
    // 3DES was removed by !3DES; the CBC suite stays; HIGH cannot be expanded without OpenSSL.
    assertThat(ciphers.get(0).observed())
        .contains("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (CBC)")
        .doesNotContain("3DES_EDE")
        .contains("not evaluated (keywords or names this release cannot map to IANA suites):"
            + " HIGH");
  }

  @Test
  void unsetProtocolsAreJudgedOnNginxsDefaultsOfOldAndCurrentReleases() throws Exception {
    List<Finding> all = scan("""
          server {
            listen 127.0.0.1:8443 ssl;
            %s
          }
        """.formatted(NginxConfigTool.certificate(dir)));
    Finding f = of(all, NginxTlsCheck.PROTOCOLS).get(0);
    assertThat(at(f)).isEqualTo("nginx.conf:4");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).contains("ssl_protocols unset")
        .contains("TLS 1.0 TLS 1.1 TLS 1.2 before 1.23.4, TLS 1.0 TLS 1.1 TLS 1.2 TLS 1.3 in"
            + " 1.23.4 to 1.27.2, TLS 1.2 TLS 1.3 from 1.27.3 on")
        .endsWith("forbidden: TLS 1.0, TLS 1.1 before 1.23.4; TLS 1.0, TLS 1.1 in 1.23.4 to"
            + " 1.27.2");
    // The default HIGH:!aNULL:!MD5 holds CBC suites in every OpenSSL from 1.1.1 to 3.x, which
    // the policy refuses; and TLS 1.3, on by default from 1.23.4, gets OpenSSL's default
    // suites: both said to be assumed.
    Finding ciphers = of(all, NginxTlsCheck.CIPHERS).get(0);
    assertThat(ciphers.status()).isEqualTo(Status.FAIL);
    assertThat(ciphers.observed()).contains("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (CBC; in"
        + " nginx's default HIGH:!aNULL:!MD5)", "as OpenSSL 1.1.1 to 3.x expand HIGH (assumed",
        "TLS 1.3 itself is on by nginx's default only in 1.23.4 to 1.27.2, from 1.27.3 on");
    // A policy that names the sample in allowed_suites is not passed on a sample: HIGH stays
    // not evaluated.
    List<Finding> tolerated = ConfigScan.run(ConfigScan.load(dir, POLICY.replace(
        "min_version: \"1.2\"", "min_version: \"1.2\", allowed_suites: [" + String.join(", ",
            java.util.stream.Stream.concat(NginxTlsCheck.DEFAULT_CIPHERS_INCLUDE.stream(),
                NginxTlsCheck.OPENSSL_TLS13_SUITES.stream()).toList())
        + "]")), new NginxTlsCheck());
    Finding review = of(tolerated, NginxTlsCheck.CIPHERS).get(0);
    assertThat(review.status()).as(review.observed()).isEqualTo(Status.WARN);
    assertThat(review.observed()).contains("not evaluated", "HIGH");
  }

  @Test
  void addHeaderInheritanceAndAlwaysDecideWhatEachBlockSends() throws Exception {
    List<Finding> all = scan("""
          add_header Strict-Transport-Security "max-age=63072000" always;
          add_header X-Frame-Options DENY always;
          add_header X-Content-Type-Options nosniff always;
          server {
            listen 127.0.0.1:8443 ssl;
            server_name api.acme.test;
            %s
            location / { }
            location /admin/ {
              add_header Cache-Control no-store;
            }
            location /api/ {
              add_header Strict-Transport-Security "max-age=63072000";
              add_header X-Frame-Options DENY;
              add_header X-Content-Type-Options nosniff;
            }
          }
        """.formatted(NginxConfigTool.certificate(dir)));
    List<Finding> headers = of(all, NginxHeadersCheck.ID);
    // location / takes every request: the server level itself answers none, so has no row.
    assertThat(headers).extracting(NginxConfigChecksTest::at, Finding::status).containsExactly(
        tuple("nginx.conf:11", Status.PASS),
        tuple("nginx.conf:12", Status.FAIL),
        tuple("nginx.conf:15", Status.WARN));
    // What was judged is named by its place among the blocks, which no added line moves.
    assertThat(headers).extracting(Finding::subject).containsExactly(
        "nginx.conf server api.acme.test location /",
        "nginx.conf server api.acme.test location /admin/",
        "nginx.conf server api.acme.test location /api/");
    assertThat(headers.get(1).observed())
        .contains("Strict-Transport-Security not sent")
        .contains("X-Content-Type-Options missing")
        .contains("not inherited because this block has its own: Strict-Transport-Security"
            + " (nginx.conf:4)");
    assertThat(headers.get(2).observed()).startsWith("met on 2xx/3xx answers only");
    assertThat(headers.get(1).policyPointer()).isEqualTo("/headers/X-Content-Type-Options");
  }

  /**
   * Issue 20 item 5: an add_header inside an if replaces the location's headers for the requests
   * the condition matches (nginx's if is a context of its own). The branch gets its own finding,
   * judged as if some request matched; an if without add_header inherits and adds nothing.
   */
  @Test
  void anAddHeaderInsideAnIfReplacesTheLocationsHeadersForTheRequestsItMatches()
      throws Exception {
    List<Finding> all = scan("""
          server {
            listen 127.0.0.1:8443 ssl;
            server_name api.acme.test;
            %s
            location /upload/ {
              add_header Strict-Transport-Security "max-age=63072000" always;
              add_header X-Frame-Options DENY always;
              add_header X-Content-Type-Options nosniff always;
              if ($request_method = OPTIONS) {
                add_header Access-Control-Allow-Origin "https://app.acme.test";
                return 204;
              }
              if ($http_x_debug) {
                return 403;
              }
            }
          }
        """.formatted(NginxConfigTool.certificate(dir)));
    List<Finding> headers = of(all, NginxHeadersCheck.ID);
    assertThat(headers).extracting(Finding::subject, Finding::status).containsExactly(
        tuple("nginx.conf server api.acme.test", Status.FAIL),
        tuple("nginx.conf server api.acme.test location /upload/", Status.PASS),
        tuple("nginx.conf server api.acme.test location /upload/ if ($request_method = OPTIONS)",
            Status.FAIL));
    assertThat(headers.get(2).observed())
        .startsWith("for requests matching this if (condition not evaluated; judged as if some"
            + " request matches), its add_header lines replace those of nginx.conf:8 location"
            + " /upload/: ")
        .contains("Strict-Transport-Security not sent")
        .contains("X-Content-Type-Options missing");
  }

  @Test
  void serverTokensDefaultsToOnAndALocationCanTurnItBackOn() throws Exception {
    List<Finding> all = scan("""
          server {
            listen 127.0.0.1:8080;
            server_tokens off;
            location /status { server_tokens on; }
          }
          server {
            listen 127.0.0.1:8081;
          }
        """);
    assertThat(of(all, NginxServerTokensCheck.ID)).extracting(NginxConfigChecksTest::at, Finding::status)
        .containsExactly(tuple("nginx.conf:6", Status.PASS), tuple("nginx.conf:7", Status.FAIL),
            tuple("nginx.conf:9", Status.FAIL));
  }

  /**
   * A blind review: rate=10r/m burst=9 passed as "10 per minute", though it serves 19 in the
   * first minute (the live window watch refuted it); and of two servers with one name, the one
   * on another port was judged (nginx picks by port first).
   */
  @Test
  void aBurstCountsInTheFirstWindowAndTheServerIsTheOneOnTheTargetsPort() throws Exception {
    String policy = """
        version: 1
        name: acme
        targets:
          - {name: site, url: "https://app.acme.test:8443"}
          - {name: portal, url: "https://app.acme.test:8444"}
        rate_limits:
          - {name: login, target: site, request: {method: POST, path: /login}, limit: 10, window: 1m}
          - {name: portal-login, target: portal, request: {method: POST, path: /login}, limit: 10, window: 1m}
        configs:
          - {name: site-nginx, kind: nginx, path: nginx/nginx.conf, target: site}
          - {name: portal-nginx, kind: nginx, path: nginx/nginx.conf, target: portal}
        """;
    List<Finding> all = ConfigScan.nginx(dir, policy, """
          limit_req_zone $binary_remote_addr zone=login:1m rate=10r/m;
          limit_req_status 429;
          server {
            listen 127.0.0.1:8443;
            server_name app.acme.test;
            location = /login { limit_req zone=login burst=9 nodelay; }
          }
          server {
            listen 127.0.0.1:8444;
            server_name app.acme.test;
            location = /login { }
          }
        """, new NginxRateLimitCheck());
    List<Finding> limits = of(all, NginxRateLimitCheck.ID);
    assertThat(limits).extracting(Finding::target, Finding::status).containsExactlyInAnyOrder(
        tuple("site-nginx", Status.FAIL), tuple("portal-nginx", Status.FAIL));
    Finding site = limits.stream().filter(f -> f.target().equals("site-nginx")).findFirst()
        .orElseThrow();
    assertThat(site.observed()).contains("burst=9 and rate let 19 requests through in the"
        + " first 1m (burst + rate x window), above 10");
    Finding portal = limits.stream().filter(f -> f.target().equals("portal-nginx")).findFirst()
        .orElseThrow();
    assertThat(portal.observed()).contains("no limit_req in effect");
  }

  @Test
  void limitReqIsComparedWithTheRateLimitOfThePathItServes() throws Exception {
    List<Finding> all = scan("""
          limit_req_zone $binary_remote_addr zone=login:1m rate=5r/m;
          limit_req_zone $binary_remote_addr zone=api:1m rate=10r/s;
          limit_req_status 429;
          server {
            listen 127.0.0.1:8080;
            server_name other.acme.test;
          }
          server {
            listen 127.0.0.1:8081;
            server_name api.acme.test;
            location = /login { limit_req zone=login; }
            location / { }
            location ^~ /export/ { limit_req zone=api burst=20; limit_req_status 503; }
            location ~ \\.csv$ { limit_req zone=login; }
          }
        """);
    List<Finding> limits = of(all, NginxRateLimitCheck.ID);
    assertThat(limits).extracting(NginxConfigChecksTest::at, Finding::status).containsExactly(
        tuple("nginx.conf:14", Status.PASS),
        tuple("nginx.conf:15", Status.WARN),
        tuple("nginx.conf:16", Status.FAIL));
    assertThat(limits.get(0).observed()).contains("zone login 5r/m burst=0");
    assertThat(limits.get(1).observed()).contains("no limit_req in effect")
        .contains("regex locations not evaluated");
    assertThat(limits.get(2).observed())
        .contains("rate lets 600 requests through per 1m, above 10")
        .contains("refused with 503 (nginx.conf:16), the policy expects 429");
    assertThat(limits.get(2).policyPointer()).isEqualTo("/rate_limits/2");
  }

  @Test
  void anUnreadableConfigIsAnErrorPerCheckNamingFileAndLine() throws Exception {
    write(dir, "nginx/nginx.conf", "events {}\nhttp {\n  include sites/*.conf;\n}\n");
    write(dir, "nginx/sites/app.conf", "server {\n  listen 80;\n");
    LoadedPolicy loaded = ConfigScan.load(dir, POLICY);
    List<Finding> all = ConfigScan.run(loaded, new NginxTlsCheck(), new NginxHeadersCheck(),
        new NginxServerTokensCheck(), new NginxRateLimitCheck());
    assertThat(all).extracting(Finding::status).containsOnly(Status.ERROR);
    assertThat(all).extracting(Finding::checkId).containsExactly(NginxTlsCheck.PROTOCOLS,
        NginxTlsCheck.CIPHERS, NginxHeadersCheck.ID, NginxServerTokensCheck.ID,
        NginxRateLimitCheck.ID);
    assertThat(at(all.get(0))).isEqualTo("sites/app.conf:3");
    assertThat(all.get(0).observed())
        .isEqualTo("sites/app.conf:3: unexpected end of file, expecting \"}\"");
    assertThat(all.get(0).policyPointer()).isEqualTo("/configs/0");
  }

  /** Where a finding points: file:line. */
  static String at(Finding f) {
    return f.location() == null ? f.subject() : f.location().at();
  }
}
