package dev.secaudit.check.config;

import static dev.secaudit.probe.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.LoadedPolicy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nginx config findings say as data what they judged (the directive, the path) and the
 * values they compared, beside the unchanged sentences: a config in a temp dir, checked by
 * nginx -t, read by the real probe.
 */
class NginxTypedFindingsTest {
  @TempDir Path dir;

  private static final String POLICY = """
      version: 1
      name: acme
      targets:
        - {name: api, url: "https://api.acme.test"}
      tls: {min_version: "1.2"}
      info_leak: {}
      rate_limits:
        - {name: login, target: api, request: {method: POST, path: /login}, limit: 5, window: 1m}
        - {name: search, target: api, request: {path: /search}, limit: 100, window: 1m}
      configs:
        - {name: edge, kind: nginx, path: nginx/nginx.conf, target: api}
      """;

  private List<Finding> scan(String http) throws Exception {
    return ConfigScan.nginx(dir, POLICY, http, new NginxTlsCheck(),
        new NginxServerTokensCheck(), new NginxRateLimitCheck());
  }

  private static List<Finding> of(List<Finding> all, String id) {
    return all.stream().filter(f -> f.checkId().equals(id)).toList();
  }

  @Test
  void directivesAreTheSubjectsAndTheirValuesInEffectAreObserved() throws Exception {
    List<Finding> all = scan("""
          ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA;
          limit_req_zone $binary_remote_addr zone=login:1m rate=1r/m;
          limit_req_status 429;
          server {
            listen 127.0.0.1:8443 ssl;
            server_name api.acme.test;
            %s
            ssl_protocols TLSv1.1 TLSv1.2;
            server_tokens build;
            location = /login { limit_req zone=login burst=4 nodelay; }
          }
          server {
            listen 127.0.0.1:8444 ssl;
            server_name other.acme.test;
            %s
          }
        """.formatted(NginxConfigTool.certificate(dir), NginxConfigTool.certificate(dir)));

    List<Finding> protocols = of(all, NginxTlsCheck.PROTOCOLS);
    assertThat(protocols).extracting(Finding::about)
        .containsOnly(Subject.directive("ssl_protocols"));
    Value allowed = Value.Items.of(List.of("TLS 1.2", "TLS 1.3"));
    assertThat(protocols).extracting(Finding::expectedValue).containsOnly(allowed);
    assertThat(protocols.get(0).observedValue())
        .isEqualTo(Value.Items.of(List.of("TLS 1.1", "TLS 1.2")));
    // Unset: which default applies depends on the nginx release, so no value is claimed.
    assertThat(protocols.get(1).status()).isEqualTo(Status.WARN);
    assertThat(protocols.get(1).observed()).startsWith("ssl_protocols unset");
    assertThat(protocols.get(1).observedValue())
        .isEqualTo(new Value.Setting("ssl_protocols", null));

    List<Finding> ciphers = of(all, NginxTlsCheck.CIPHERS);
    assertThat(ciphers).extracting(Finding::about).containsOnly(Subject.directive("ssl_ciphers"));
    assertThat(ciphers).extracting(Finding::observedValue).containsOnly(new Value.Setting(
        "ssl_ciphers", "ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA"));
    assertThat(ciphers.get(0).status()).isEqualTo(Status.FAIL);

    List<Finding> tokens = of(all, NginxServerTokensCheck.ID);
    assertThat(tokens).extracting(Finding::about).containsOnly(Subject.directive("server_tokens"));
    assertThat(tokens).extracting(Finding::expectedValue)
        .containsOnly(new Value.Setting("server_tokens", "off"));
    assertThat(tokens).extracting(Finding::observedValue).containsExactly(
        new Value.Setting("server_tokens", "build"), new Value.Setting("server_tokens", "on"));
    assertThat(tokens.get(1).observed()).contains("nginx's default is on");

    List<Finding> limits = of(all, NginxRateLimitCheck.ID);
    assertThat(limits).extracting(Finding::about).containsExactly(
        new Subject(Subject.Kind.URL, "/login"), new Subject(Subject.Kind.URL, "/search"));
    assertThat(limits).extracting(Finding::observedValue).containsExactly(
        new Value.Setting("limit_req", "zone=login burst=4 nodelay"),
        new Value.Setting("limit_req", null));
    assertThat(limits).extracting(Finding::status).containsExactly(Status.PASS, Status.FAIL);
  }

  @Test
  void theSentencesStayWhatTheValuesWereAddedTo() throws Exception {
    List<Finding> all = scan("""
          server {
            listen 127.0.0.1:8443 ssl;
            server_name api.acme.test;
            %s
            server_tokens off;
          }
        """.formatted(NginxConfigTool.certificate(dir)));
    Finding tokens = of(all, NginxServerTokensCheck.ID).get(0);
    assertThat(tokens.expected()).isEqualTo("server_tokens off (no version in Server or error"
        + " pages)");
    assertThat(tokens.observed()).isEqualTo("server_tokens off; (nginx.conf:8) in effect for"
        + " nginx.conf:4 server api.acme.test");
    Finding ciphers = of(all, NginxTlsCheck.CIPHERS).get(0);
    assertThat(ciphers.observed()).startsWith("ssl_ciphers unset (default HIGH:!aNULL:!MD5)");
    assertThat(ciphers.observedValue())
        .isEqualTo(new Value.Setting("ssl_ciphers", NginxTlsCheck.DEFAULT_CIPHERS));
  }

  @Test
  void anUnreadableConfigIsAboutTheFileToFix() throws Exception {
    write(dir, "nginx/nginx.conf", "events {}\nhttp {\n  include sites/*.conf;\n}\n");
    write(dir, "nginx/sites/app.conf", "server {\n  listen 80;\n");
    LoadedPolicy loaded = ConfigScan.load(dir, POLICY);
    List<Finding> all = ConfigScan.run(loaded, new NginxTlsCheck(),
        new NginxServerTokensCheck());
    assertThat(all).extracting(Finding::status).containsOnly(Status.ERROR);
    assertThat(all).extracting(Finding::about).allSatisfy(a -> {
      assertThat(a.kind()).isEqualTo(Subject.Kind.FILE);
      assertThat(a.name()).endsWith("app.conf");
    });
  }
}
