package dev.secaudit.cli;

import static dev.secaudit.probe.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy of configs only ("SSH keys only", "rate limiting in nginx") scanned through the CLI:
 * nothing is probed over the network, the configs are members of the population, findings name
 * what they judged and where (file and line), the excerpts are the evidence, and what the excerpt leaves out (credentials in
 * other directives) is never stored.
 */
class ConfigScanEndToEndTest {
  @TempDir Path dir;

  @Test
  void configsAreScannedJudgedAndKeptAsEvidence() throws Exception {
    write(dir, "deploy/nginx/nginx.conf", """
        events {}
        http {
          server_tokens off;
          limit_req_zone $binary_remote_addr zone=api:10m rate=1r/m;
          limit_req_status 429;
          server {
            listen 443 ssl;
            server_name api.chatscontrol.example;
            ssl_protocols TLSv1.2 TLSv1.3;
            location /api/ {
              limit_req zone=api burst=9 nodelay;
              proxy_set_header Authorization "Bearer s3cr3t-upstream-token";
              proxy_pass http://127.0.0.1:9000;
            }
          }
        }
        """);
    write(dir, "deploy/ssh/sshd_config", """
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin prohibit-password
        Match User ci
          PasswordAuthentication yes
        """);
    Path policy = write(dir, "policy.yaml", """
        version: 1
        name: chatscontrol
        targets:
          - {name: api, url: "https://api.chatscontrol.example"}
        tls: {min_version: "1.2"}
        rate_limits:
          - {name: api, target: api, request: {path: /api/documents}, limit: 10, window: 1m}
        ssh: {password_authentication: false}
        configs:
          - {name: api-nginx, kind: nginx, path: deploy/nginx/nginx.conf, target: api}
          - {name: prod-sshd, kind: sshd, path: deploy/ssh/sshd_config}
        checks:
          "tls.*": {enabled: false}
          "ratelimit.*": {enabled: false}
        claims:
          - id: ssh.keys_only
            statement: "SSH keys only, password authentication disabled"
            checks: [config.sshd.auth]
          - id: ratelimit.api
            statement: "The API is rate limited."
            checks: [config.nginx.rate_limit]
        """);
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "--color",
        "never");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.FAILED.code);

    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    List<String> population = new ArrayList<>();
    json.get("targets").forEach(t -> population.add(t.get("name").asText() + " "
        + t.get("state").asText() + " " + t.get("url").asText().replaceAll(":.*", "")));
    assertThat(population).contains("api-nginx EVALUATED nginx", "prod-sshd EVALUATED sshd");

    List<String> verdicts = new ArrayList<>();
    for (JsonNode f : json.get("findings")) {
      String id = f.get("check_id").asText();
      if (id.startsWith("config.") || id.equals("claim.verified")) {
        JsonNode at = f.path("location");
        verdicts.add(f.get("target").asText() + " " + id + " " + f.get("subject").asText() + " "
            + (at.isObject() ? "@" + at.get("file").asText() + ":" + at.get("line").asInt() + " "
                : "") + f.get("status").asText());
      }
    }
    assertThat(verdicts).contains(
        // The subject names what was judged; the line is where it is written.
        "api-nginx config.nginx.tls_protocols nginx.conf server api.chatscontrol.example"
            + " @nginx.conf:9 PASS",
        "api-nginx config.nginx.rate_limit nginx.conf server api.chatscontrol.example"
            + " location /api/ for /api/documents @nginx.conf:11 PASS",
        "prod-sshd config.sshd.auth sshd_config PasswordAuthentication @sshd_config:1 PASS",
        "prod-sshd config.sshd.auth sshd_config PasswordAuthentication in Match User ci"
            + " @sshd_config:5 FAIL",
        "policy claim.verified ssh.keys_only FAIL",
        "policy claim.verified ratelimit.api PASS");

    String artifacts = json.get("artifacts").toString();
    assertThat(artifacts).contains("sshd_config:5:   PasswordAuthentication yes")
        .contains("nginx.conf:11:       limit_req zone=api burst=9 nodelay;")
        .doesNotContain("s3cr3t");
    assertThat(Files.readString(out.resolve("findings.csv"))).doesNotContain("s3cr3t");
  }
}
