package dev.secaudit.cli;

import static dev.secaudit.probe.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.scan.Shard;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy line that names a target (configs[].target) must mean the same in every shard: the
 * nginx config is read and judged by its own shard, and its limit_req is looked up in the server
 * block of the target's host even when another shard probes that target. Both targets are closed
 * loopback ports, so nothing but the config carries a verdict worth comparing.
 */
class ShardedConfigEndToEndTest {
  @TempDir Path dir;

  /** A config name whose shard (of two) is not the shard of target {@code api}. */
  private static String configNameOwnedByTheOtherShard() {
    int apiShard = Shard.of("api", 2);
    for (int i = 0; ; i++) {
      String name = "edge-nginx-" + i;
      if (Shard.of(name, 2) != apiShard) {
        return name;
      }
    }
  }

  @Test
  void aConfigJudgesItsTargetsServerBlockInEveryShard() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    // The default server (first) has no limiter; only the api host's server has one, so a shard
    // that lost the target would judge the default server and FAIL.
    write(dir, "nginx/nginx.conf", """
        events {}
        http {
          limit_req_zone $binary_remote_addr zone=api:10m rate=10r/m;
          limit_req_status 429;
          server {
            listen 80 default_server;
            server_name _;
          }
          server {
            listen 80;
            server_name localhost;
            location /api/ {
              limit_req zone=api burst=9 nodelay;
            }
          }
        }
        """);
    String config = configNameOwnedByTheOtherShard();
    Path policy = write(dir, "policy.yaml", """
        version: 1
        name: sharded-config
        settings: {timeouts: {connect: 2s, read: 2s, total: 5s}}
        targets:
          - {name: api, url: "http://localhost:%d/"}
          - {name: www, url: "http://127.0.0.1:%d/"}
        rate_limits:
          - {name: api, target: api, request: {path: /api/documents}, limit: 10, window: 1m}
        configs:
          - {name: %s, kind: nginx, path: nginx/nginx.conf, target: api}
        """.formatted(closed, closed, config));

    Cli.Result whole = scan(policy, "whole");
    assertThat(whole.code()).as(whole.out() + whole.err()).isIn(0, 1, 3);
    String expected = rateLimitVerdict(dir.resolve("whole/scan.json"), config);
    assertThat(expected).startsWith("PASS ").contains("server localhost");

    List<String> shardFiles = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      Cli.Result r = scan(policy, "shard" + i, "--shard", i + "/2");
      assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1, 3);
      Path f = dir.resolve("shard" + i + "/scan.json");
      shardFiles.add(f.toString());
      if (i == Shard.of(config, 2)) {
        // The shard that reads the config does not probe 'api', yet judges it the same way.
        assertThat(state(f, "api")).isEqualTo("EXCLUDED");
        assertThat(rateLimitVerdict(f, config)).isEqualTo(expected);
      } else {
        assertThat(state(f, "api")).isNotEqualTo("EXCLUDED");
        assertThat(rateLimitVerdict(f, config)).isEmpty();
      }
    }

    Path merged = dir.resolve("merged");
    Cli.Result m = Cli.run("merge", shardFiles.get(1), shardFiles.get(0), "-o",
        merged.toString(), "-f", "json");
    assertThat(m.code()).as(m.out() + m.err()).isEqualTo(whole.code());
    assertThat(FleetEndToEndTest.comparable(merged.resolve("scan.json")))
        .isEqualTo(FleetEndToEndTest.comparable(dir.resolve("whole/scan.json")));
  }

  private Cli.Result scan(Path policy, String out, String... more) {
    List<String> args = new ArrayList<>(List.of("scan", "-p", policy.toString(), "--color",
        "never", "-q", "-o", dir.resolve(out).toString(), "-f", "json"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /** "STATUS subject: observed" of the config's rate-limit finding, or "" when it has none. */
  private static String rateLimitVerdict(Path scanJson, String config) throws Exception {
    for (JsonNode f : new ObjectMapper().readTree(scanJson.toFile()).get("findings")) {
      if (f.get("check_id").asText().equals("config.nginx.rate_limit")
          && f.get("target").asText().equals(config)) {
        return f.get("status").asText() + " " + f.get("subject").asText() + ": "
            + f.get("observed").asText();
      }
    }
    return "";
  }

  private static String state(Path scanJson, String target) throws Exception {
    for (JsonNode t : new ObjectMapper().readTree(scanJson.toFile()).get("targets")) {
      if (t.get("name").asText().equals(target)) {
        return t.get("state").asText();
      }
    }
    return "";
  }
}
