package dev.secaudit.cli;

import static dev.secaudit.probe.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.scan.Shard;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the policy says must mean the same in every shard, so two shards merged equal the
 * unsharded run even where a judgement rests on a target another shard probes.
 */
class ShardedRunsEndToEndTest {
  @TempDir Path dir;

  /** The first name "{prefix}0", "{prefix}1"... that falls in shard {@code index} of two. */
  static String nameInShard(String prefix, int index) {
    for (int i = 0; ; i++) {
      if (Shard.of(prefix + i, 2) == index) {
        return prefix + i;
      }
    }
  }

  /**
   * configs[].target: the nginx config is read and judged by its own shard, and its limit_req is
   * looked up in the server block of the target's host even when another shard probes that
   * target. Both targets are closed loopback ports, so nothing but the config carries a verdict
   * worth comparing.
   */
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
          limit_req_zone $binary_remote_addr zone=api:10m rate=1r/m;
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
    String config = nameInShard("edge-nginx-", 3 - Shard.of("api", 2));
    Path policy = write(dir, "policy.yaml", """
        version: 1
        name: sharded-config
        settings: {timeouts: {connect: 2s, read: 2s, total: 5s}}
        targets:
          - {name: www, url: "http://127.0.0.1:%d/"}
          - {name: api, url: "http://localhost:%d/", skip: ["ratelimit.*"]}
        rate_limits:
          - {name: api, target: api, request: {path: /api/documents}, limit: 10, window: 1m}
        configs:
          - {name: %s, kind: nginx, path: nginx/nginx.conf, target: api}
        """.formatted(closed, closed, config));

    Cli.Result whole = scan(policy, "whole");
    assertThat(whole.code()).as(whole.out() + whole.err()).isIn(0, 1, 3);
    // A skip points at its own policy line (targets[1]), in the shard that probes 'api' too.
    assertThat(new ObjectMapper().readTree(dir.resolve("whole/scan.json").toFile())
        .get("findings").findValuesAsText("policy_pointer")).contains("/targets/1/skip/0");
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

    assertMergedEqualsWhole(shardFiles, whole);
  }

  /** The shards merged (in reverse order) equal the unsharded run but for the runs' timing. */
  private void assertMergedEqualsWhole(List<String> shardFiles, Cli.Result whole)
      throws Exception {
    Path merged = dir.resolve("merged");
    Cli.Result m = Cli.run("merge", shardFiles.get(1), shardFiles.get(0), "-o",
        merged.toString(), "-f", "json");
    assertThat(m.code()).as(m.out() + m.err()).isEqualTo(whole.code());
    assertThat(FleetEndToEndTest.comparable(merged.resolve("scan.json")))
        .isEqualTo(FleetEndToEndTest.comparable(dir.resolve("whole/scan.json")));
  }

  /**
   * subprocessors: the published list is fetched by the first target on its host, as unsharded,
   * and judged only by the shard that probes that target (the other one has no list to judge,
   * which is no error); a page's script from another target's host is the organisation's own
   * in every shard, not an undeclared third party.
   */
  @Test
  void thePublishedListAndTheOwnHostsAreTheWholePolicysInEveryShard() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    int port = server.getAddress().getPort();
    serveHtml(server, path -> path.equals("/legal/subprocessors")
        ? "<html><body><h1>Subprocessors</h1><ul><li>Stripe: payments</li></ul></body></html>"
        : "<html><body><script src=\"http://localhost:" + port + "/app.js\"></script>"
            + "</body></html>");
    try {
      // The list's fetcher in shard 1; another page and the assets host in shard 2.
      String first = nameInShard("page-a", 1);
      String other = nameInShard("page-b", 2);
      String assets = nameInShard("assets-", 2);
      String base = "http://127.0.0.1:" + port;
      Path policy = write(dir, "vendors.yaml", """
          version: 1
          name: sharded-vendors
          settings: {timeouts: {connect: 2s, read: 2s, total: 5s}}
          targets:
            - {name: %s, url: "%s/a"}
            - {name: %s, url: "%s/b"}
            - {name: %s, url: "http://localhost:%d/"}
          subprocessors:
            published_at: %s/legal/subprocessors
            declared: [{name: Stripe, purpose: payments}]
          """.formatted(first, base, other, base, assets, port, base));
      Cli.Result whole = scan(policy, "whole");
      assertThat(whole.code()).as(whole.out() + whole.err()).isIn(0, 1);
      String published = verdicts(dir.resolve("whole/scan.json"), "subprocessors.unpublished");
      assertThat(published).startsWith("PASS Stripe " + first + "/subprocessors");
      assertThat(verdicts(dir.resolve("whole/scan.json"), "subprocessors.undeclared"))
          .doesNotContain("localhost");

      List<String> shardFiles = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        Cli.Result r = scan(policy, "shard" + i, "--shard", i + "/2");
        assertThat(r.code()).as(r.out() + r.err()).isIn(1, 3);
        Path f = dir.resolve("shard" + i + "/scan.json");
        shardFiles.add(f.toString());
        assertThat(verdicts(f, "subprocessors.unpublished")).isEqualTo(i == 1 ? published : "");
        assertThat(verdicts(f, "subprocessors.undeclared")).doesNotContain("localhost");
      }
      assertMergedEqualsWhole(shardFiles, whole);
    } finally {
      server.stop(0);
    }
  }

  /**
   * subprocessors.unobserved is judged from every target's pages: a declared vendor loaded only
   * by pages another shard probes is "never seen" by one shard alone, and the merge judges it
   * again from the places all shards saw, listed in the unsharded order (a shard-2 target before
   * a shard-1 target when the policy lists them so).
   */
  @Test
  void aVendorSeenOnlyByAnotherShardsTargetsIsObservedInTheMerge() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serveHtml(server, path -> {
      String script = path.startsWith("/stripe") ? "https://js.stripe.com/v3/"
          : path.startsWith("/sentry") ? "https://browser.sentry-cdn.com/7.0.0/bundle.min.js"
          : null;
      return "<html><body><p>hello</p>"
          + (script == null ? "" : "<script src=\"" + script + "\"></script>") + "</body></html>";
    });
    try {
      // Sentry: on a shard-2 target only. Stripe: on both shards' targets, in an order the shard
      // order would reverse. Intercom: nowhere.
      String plain = nameInShard("plain-", 1);
      String checkout = nameInShard("checkout-", 2);
      String billing = nameInShard("billing-", 1);
      String errors = nameInShard("errors-", 2);
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Path policy = write(dir, "unobserved.yaml", """
          version: 1
          name: sharded-unobserved
          settings: {timeouts: {connect: 2s, read: 2s, total: 5s}}
          targets:
            - {name: %s, url: "%s/plain"}
            - {name: %s, url: "%s/stripe-checkout"}
            - {name: %s, url: "%s/stripe-billing"}
            - {name: %s, url: "%s/sentry"}
          subprocessors:
            declared:
              - {name: Stripe, purpose: payments}
              - {name: Sentry, purpose: error monitoring}
              - {name: Intercom, purpose: support chat}
          """.formatted(plain, base, checkout, base, billing, base, errors, base));
      Cli.Result whole = scan(policy, "whole");
      assertThat(whole.code()).as(whole.out() + whole.err()).isIn(0, 1);
      String expected = verdicts(dir.resolve("whole/scan.json"), "subprocessors.unobserved");
      assertThat(expected.lines()).containsExactlyInAnyOrder(
          "PASS Stripe  seen in " + checkout + ": pages; " + billing + ": pages",
          "PASS Sentry  seen in " + errors + ": pages",
          "INFO Intercom  Intercom (support chat) is declared but no page, dependency manifest"
              + " or DNS record shows it");

      List<String> shardFiles = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        Cli.Result r = scan(policy, "shard" + i, "--shard", i + "/2");
        assertThat(r.code()).as(r.out() + r.err()).isIn(1, 3);
        shardFiles.add(dir.resolve("shard" + i + "/scan.json").toString());
      }
      // Each shard alone sees only its own targets' pages: shard 1 never sees Sentry.
      assertThat(verdicts(Path.of(shardFiles.get(0)), "subprocessors.unobserved").lines())
          .contains("PASS Stripe  seen in " + billing + ": pages")
          .anyMatch(l -> l.startsWith("INFO Sentry "));
      assertThat(verdicts(Path.of(shardFiles.get(1)), "subprocessors.unobserved").lines())
          .contains("PASS Stripe  seen in " + checkout + ": pages",
              "PASS Sentry  seen in " + errors + ": pages");
      assertMergedEqualsWhole(shardFiles, whole);
      assertThat(verdicts(dir.resolve("merged/scan.json"), "subprocessors.unobserved"))
          .isEqualTo(expected);
    } finally {
      server.stop(0);
    }
  }

  /** Starts {@code server} answering every path with the HTML {@code page} gives for it. */
  private static void serveHtml(HttpServer server,
      java.util.function.Function<String, String> page) {
    server.createContext("/", ex -> {
      byte[] body = page.apply(ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  /** "STATUS subject evidence" of each finding of a check, one a line. */
  private static String verdicts(Path scanJson, String check) throws Exception {
    StringBuilder out = new StringBuilder();
    for (JsonNode f : new ObjectMapper().readTree(scanJson.toFile()).get("findings")) {
      if (f.get("check_id").asText().equals(check)) {
        out.append(out.length() == 0 ? "" : "\n").append(f.get("status").asText()).append(' ')
            .append(f.get("subject").asText()).append(' ').append(f.get("evidence").toString()
                .replaceAll("[\\[\\]\"]", "")).append(" ").append(f.get("observed").asText());
      }
    }
    return out.toString();
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
