package dev.secaudit.check.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.probe.config.ConfigFixtures;
import dev.secaudit.probe.config.LoopbackNginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configs whose truth is what nginx does with them: each is served by the real nginx on
 * loopback, probed (openssl s_client for the TLS version, HTTP requests for the limiter), and the
 * check's verdict must agree with what the server did. Skipped when nginx is not installed.
 */
class NginxServedVerdictsTest {
  @TempDir Path dir;

  private static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: api, url: "https://api.acme.test:%d"}
      tls: {min_version: "1.2"}
      rate_limits:
        - {name: login, target: api, request: {path: /login}, limit: 10, window: 1m}
      configs:
        - {name: edge, kind: nginx, path: nginx/nginx.conf, target: api}
      """;

  private LoopbackNginx serve(String http, int port) throws Exception {
    return ServedNginx.serve(dir, http, port);
  }

  private List<Finding> judge(int port, String id) throws Exception {
    return ConfigScan.run(ConfigScan.load(dir, POLICY.formatted(port)), new NginxTlsCheck(),
        new NginxRateLimitCheck()).stream().filter(f -> f.checkId().equals(id)).toList();
  }

  private static String negotiated(int port, String sni, String flag) throws Exception {
    return ServedNginx.negotiated(port, sni, flag);
  }

  @Test
  void aSecondSslProtocolsInOneBlockAddsItsVersionsAsNginxDoes() throws Exception {
    assumeTrue(LoopbackNginx.available());
    int port = LoopbackNginx.freePort();
    try (LoopbackNginx n = serve("""
          ssl_protocols TLSv1.2 TLSv1.3;
          ssl_protocols TLSv1 TLSv1.2;
          ssl_ciphers DEFAULT:@SECLEVEL=0;
          server { listen 127.0.0.1:%d ssl; server_name api.acme.test; %s return 200 ok; }
        """, port)) {
      assertThat(negotiated(port, "api.acme.test", "-tls1")).isIn("TLSv1", "TLSv1.0");
      Finding f = judge(port, "config.nginx.tls_protocols").get(0);
      assertThat(f.status()).isEqualTo(Status.FAIL);
      assertThat(f.observed()).contains("ssl_protocols TLSv1.2 TLSv1.3;",
          "ssl_protocols TLSv1 TLSv1.2;", "TLS 1.0", "union");
    }
  }

  @Test
  void aNamedServerGetsTheVersionsOfTheDefaultServerOnItsPort() throws Exception {
    assumeTrue(LoopbackNginx.available());
    for (boolean defaultIsWeak : new boolean[] {true, false}) {
      int port = LoopbackNginx.freePort();
      String weak = "TLSv1 TLSv1.1 TLSv1.2";
      String strong = "TLSv1.2 TLSv1.3";
      String conf = "ssl_ciphers DEFAULT:@SECLEVEL=0;\n"
          + "server { listen 127.0.0.1:%1$d ssl default_server; server_name other.test; %2$s"
          + " ssl_protocols " + (defaultIsWeak ? weak : strong) + "; return 200 d; }\n"
          + "server { listen 127.0.0.1:%1$d ssl; server_name api.acme.test; %2$s"
          + " ssl_protocols " + (defaultIsWeak ? strong : "TLSv1 " + strong)
          + "; return 200 ok; }\n";
      try (LoopbackNginx n = serve(conf, port)) {
        boolean acceptsTls1 = negotiated(port, "api.acme.test", "-tls1") != null;
        assertThat(acceptsTls1).as("nginx, default weak: " + defaultIsWeak)
            .isEqualTo(defaultIsWeak);
        Finding named = judge(port, "config.nginx.tls_protocols").stream()
            .filter(f -> f.subject().endsWith("server api.acme.test")).findFirst().orElseThrow();
        assertThat(named.status()).as(named.observed())
            .isEqualTo(acceptsTls1 ? Status.FAIL : Status.PASS);
        assertThat(named.observed()).contains("default server", "other.test");
      }
    }
  }

  /** How many of {@code n} quick requests to /login nginx refused with 429. */
  private static int refused(int port, int n) throws Exception {
    return ServedNginx.burst(port, "/login", n).getOrDefault(429, 0);
  }

  private Finding limitServed(String zoneKey, String extraHttp, String location)
      throws Exception {
    int port = LoopbackNginx.freePort();
    Files.createDirectories(dir.resolve("www"));
    Files.writeString(dir.resolve("www/login"), "ok");
    try (LoopbackNginx n = serve("limit_req_zone " + zoneKey + " zone=z:1m rate=5r/m;\n"
        + "limit_req_status 429;\n" + extraHttp + "\nserver { listen 127.0.0.1:%d; "
        + "server_name api.acme.test; location /login { root " + dir.resolve("www") + "; "
        + location + " } }\n", port)) {
      int refused = refused(port, 14);
      Finding f = judge(port, "config.nginx.rate_limit").get(0);
      assertThat(f.status() == Status.PASS).as(refused + " refused; " + f.observed())
          .isEqualTo(refused > 0);
      return f;
    }
  }

  @Test
  void aLimitKeyedOnTheClientAddressRefusesAndPasses() throws Exception {
    assumeTrue(LoopbackNginx.available());
    assertThat(limitServed("$binary_remote_addr", "", "limit_req zone=z burst=4 nodelay;")
        .status()).isEqualTo(Status.PASS);
  }

  @Test
  void aLimitKeyedOnAnAbsentHeaderCountsNothingAndIsAReview() throws Exception {
    assumeTrue(LoopbackNginx.available());
    Finding f = limitServed("$http_x_nothing", "", "limit_req zone=z burst=4 nodelay;");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).contains("$http_x_nothing", "empty");
  }

  @Test
  void aDryRunLimitRefusesNothingAndFails() throws Exception {
    assumeTrue(LoopbackNginx.available());
    Finding f = limitServed("$binary_remote_addr", "limit_req_dry_run on;",
        "limit_req zone=z burst=4 nodelay;");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("limit_req_dry_run on");
  }

  @Test
  void aReturnInTheLimitedLocationAnswersBeforeTheLimiterAndIsAReview() throws Exception {
    assumeTrue(LoopbackNginx.available());
    // nginx answers all 14 itself: none refused, none reaches the file the location serves.
    Finding f = limitServed("$binary_remote_addr", "",
        "limit_req zone=z burst=4 nodelay; return 200 ok;");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).contains("return 200 ok", "rewrite phase", "none is served"
        + " unlimited here, and none is refused by a limit either");
  }

  @Test
  void aRefusalStatusNginxRefusesIsAnErrorAtItsLine() throws Exception {
    Path conf = ConfigFixtures.write(dir, "nginx/nginx.conf", dev.secaudit.probe.config.NginxTool
        .wrap("limit_req_zone $binary_remote_addr zone=z:1m rate=5r/m;\n"
            + "server { listen 127.0.0.1:8443; server_name api.acme.test;\n"
            + "location /login { limit_req zone=z burst=4 nodelay; limit_req_status 200; } }\n"));
    dev.secaudit.probe.config.NginxTool.assertRejectedAt(dir.resolve("nginx"), conf,
        "nginx.conf:6");
    Finding f = judge(8443, "config.nginx.rate_limit").get(0);
    assertThat(f.status()).isEqualTo(Status.ERROR);
    assertThat(f.observed()).contains("limit_req_status 200; (nginx.conf:6)", "400 to 599");
  }
}
