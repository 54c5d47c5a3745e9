package dev.secaudit.check.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blind review's nginx config (Express on :8443 and Django on :8444 behind one nginx, each
 * application sending its own HSTS): the header verdicts judged where requests land, for the
 * target's server only, with subjects that tell two unnamed servers apart. The served twin,
 * NginxServedProxyTest, shows what clients of the same shapes get.
 */
class NginxWhereRequestsLandTest {
  @TempDir Path dir;

  private static final String POLICY = """
      version: 1
      name: shop
      targets:
        - {name: web, url: "https://127.0.0.1:8444"}
      tls: {min_version: "1.2"}
      hsts: {min_max_age: 1y}
      headers:
        X-Content-Type-Options: {value: nosniff}
      info_leak: {}
      configs:
        - {name: edge, kind: nginx, path: nginx/nginx.conf, target: web}
      """;

  private static final String REVIEW = """
        server {
          listen 127.0.0.1:8443 ssl;
          CERT
          location / { proxy_pass http://127.0.0.1:3000; }
        }
        server {
          listen 127.0.0.1:8444 ssl;
          server_tokens off;
          CERT
          add_header X-Content-Type-Options nosniff always;
          location /static/ { alias /tmp/static/; }
          location = /login/ { proxy_pass http://127.0.0.1:8001; }
          location /hidden/ {
            proxy_hide_header Strict-Transport-Security;
            proxy_pass http://127.0.0.1:8001;
          }
          location /both/ {
            add_header X-Content-Type-Options nosniff always;
            add_header Strict-Transport-Security "max-age=31536000" always;
            proxy_pass http://127.0.0.1:8001;
          }
          location / { proxy_pass http://127.0.0.1:8001; }
        }
      """;

  private List<Finding> scan(String http) throws Exception {
    return ConfigScan.nginx(dir, POLICY, http.replace("CERT", NginxConfigTool.certificate(dir)),
        new NginxHeadersCheck(), new NginxServerTokensCheck(), new NginxTlsCheck());
  }

  private static List<Finding> of(List<Finding> all, String id) {
    return all.stream().filter(f -> f.checkId().equals(id)).toList();
  }

  @Test
  void aProxiedLocationThatAddsNoHstsIsNotDecidedByTheConfig() throws Exception {
    List<Finding> headers = of(scan(REVIEW), NginxHeadersCheck.ID);
    String server = "nginx.conf server (no server_name) on 127.0.0.1:8444";
    assertThat(headers).extracting(Finding::subject, Finding::status).containsExactly(
        tuple(server + " location /static/", Status.FAIL),
        tuple(server + " location = /login/", Status.SKIPPED),
        tuple(server + " location /hidden/", Status.FAIL),
        tuple(server + " location /both/", Status.PASS),
        tuple(server + " location /", Status.SKIPPED),
        tuple("nginx.conf servers target web does not reach", Status.INFO));
    Finding login = headers.get(1);
    assertThat(login.observed()).isEqualTo("not decided by the config:"
        + " Strict-Transport-Security not added by nginx here, and passed through from the"
        + " upstream of proxy_pass http://127.0.0.1:8001; (nginx.conf:15) if the application"
        + " sends it; what clients get is for the live hsts.header to say; the rules on what"
        + " nginx adds are met [add_header from nginx.conf:9 (server, inherited); nginx adds"
        + " X-Content-Type-Options beside the application's own (it does not replace it): if"
        + " the application sends it too, clients get two, which the live checks judge]");
    assertThat(login.policyPointer()).isEqualTo("/hsts/required");
    // nginx's own files: nothing else sends the header.
    assertThat(headers.get(0).observed()).startsWith("Strict-Transport-Security not sent");
    // A hide in effect drops the application's header: missing for certain.
    assertThat(headers.get(2).observed()).startsWith("Strict-Transport-Security not sent")
        .contains("answered by the upstream of proxy_pass http://127.0.0.1:8001;"
            + " (nginx.conf:18); proxy_hide_header Strict-Transport-Security; (nginx.conf:17)"
            + " drops the application's Strict-Transport-Security");
    // Added by nginx beside the application's own: met, and the double is named.
    assertThat(headers.get(3).observed()).startsWith("every rule met, error responses included")
        .endsWith("nginx adds X-Content-Type-Options, Strict-Transport-Security beside the"
            + " application's own (it does not replace it): if the application sends it too,"
            + " clients get two, which the live checks judge]");
  }

  @Test
  void onlyTheTargetsServerIsJudgedAndTheOthersAreNamedInOneInfo() throws Exception {
    List<Finding> all = scan(REVIEW);
    assertThat(all).filteredOn(f -> f.status() != Status.INFO)
        .allMatch(f -> f.subject().contains("127.0.0.1:8444"), "the :8444 server only");
    List<Finding> infos = all.stream().filter(f -> f.status() == Status.INFO).toList();
    assertThat(infos).extracting(Finding::checkId).containsExactly(NginxHeadersCheck.ID,
        NginxServerTokensCheck.ID, NginxTlsCheck.PROTOCOLS);
    assertThat(infos.get(0).observed()).isEqualTo("judged nginx.conf:9 server (no server_name)"
        + " on 127.0.0.1:8444; left out: nginx.conf:4 server (no server_name) on"
        + " 127.0.0.1:8443: not on port 8444");
    assertThat(infos.get(0).expected()).isEqualTo("the servers that the requests of target"
        + " web (https://127.0.0.1:8444) reach");
    assertThat(of(all, NginxServerTokensCheck.ID).get(0).status()).isEqualTo(Status.PASS);
  }

  @Test
  void theServerLevelIsJudgedOnlyWhereSomeRequestLandsOnIt() throws Exception {
    // No location /: a request for /other is answered with the server level's set.
    List<Finding> fallsThrough = of(scan("""
        server {
          listen 127.0.0.1:8444 ssl;
          CERT
          location /app/ { return 200 ok; }
        }
        """), NginxHeadersCheck.ID);
    assertThat(fallsThrough).extracting(Finding::subject).containsExactly(
        "nginx.conf server (no server_name)",
        "nginx.conf server (no server_name) location /app/");
    // A return in the server block answers before any location is chosen: the server alone.
    List<Finding> answered = of(scan("""
        server {
          listen 127.0.0.1:8444 ssl;
          CERT
          add_header Strict-Transport-Security "max-age=31536000" always;
          add_header X-Content-Type-Options nosniff always;
          return 301 https://example.test$request_uri;
          location / { }
        }
        """), NginxHeadersCheck.ID);
    assertThat(answered).extracting(Finding::subject, Finding::status).containsExactly(
        tuple("nginx.conf server (no server_name)", Status.PASS));
    // A regular expression that matches every URI takes every request like location / does.
    List<Finding> regex = of(scan("""
        server {
          listen 127.0.0.1:8444 ssl;
          CERT
          location ~ ^/ { return 200 ok; }
        }
        """), NginxHeadersCheck.ID);
    assertThat(regex).extracting(Finding::subject).containsExactly(
        "nginx.conf server (no server_name) location ~ ^/");
  }

  @Test
  void twoServersWithTheSameNamesAreToldApartByListenThenLine() throws Exception {
    List<Finding> tokens = ConfigScan.nginx(dir, POLICY.replace(", target: web", ""), """
        server { listen 127.0.0.1:8080; server_name shop.test; }
        server { listen 127.0.0.1:8444 ssl; server_name shop.test; CERT }
        server { listen 127.0.0.1:9000; server_name api.test; }
        server { listen 127.0.0.1:9000; server_name api.test; }
        server { listen 127.0.0.1:9001; server_name only.test; }
        """.replace("CERT", NginxConfigTool.certificate(dir)), new NginxServerTokensCheck());
    assertThat(tokens).extracting(Finding::subject).containsExactly(
        "nginx.conf server shop.test on 127.0.0.1:8080",
        "nginx.conf server shop.test on 127.0.0.1:8444",
        "nginx.conf server api.test on 127.0.0.1:9000 at line 6",
        "nginx.conf server api.test on 127.0.0.1:9000 at line 7",
        "nginx.conf server only.test");
  }
}
