package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.probe.tls.DelayRelay;
import dev.secaudit.probe.tls.OpenSslServer;
import dev.secaudit.probe.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * settings.per_host is what one host sees: the connections open to it at once, over all of its
 * targets and over a web target's HTTP requests and TLS hellos together. Each server sits behind
 * relays that answer late, as a distant host does, and count the connections open at once.
 */
class PerHostLimitEndToEndTest {

  /** A close reaches the relay a moment after the client made it (see DelayRelay#mostOpen). */
  private static final long SLACK_MILLIS = 100;

  @Test
  @Timeout(180)
  void twoPortsOfOneHostShareItsLimit(@TempDir Path dir) throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    Path[] pem = keys(dir);
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_2", "-cipher",
        "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA");
        DelayRelay a = new DelayRelay(s.port, 150);
        DelayRelay b = new DelayRelay(s.port, 150, a)) {
      JsonNode scan = scan(dir, """
          version: 1
          name: two-ports
          targets:
            - {name: a, url: "127.0.0.1:%d"}
            - {name: b, url: "127.0.0.1:%d"}
          settings: {per_host: 2}
          tls:
            min_version: "1.2"
            require_forward_secrecy: true
          """.formatted(a.port(), b.port()));
      assertThat(a.mostOpen(SLACK_MILLIS)).as("connections to 127.0.0.1 at once")
          .isLessThanOrEqualTo(2);
      // Both targets were probed in full: the limit slowed them, it did not cut them short.
      assertThat(statuses(scan, "tls.forward_secrecy")).hasSize(2).doesNotContain("ERROR");
    }
  }

  @Test
  @Timeout(180)
  void aWebTargetsRequestsAndHellosShareALimitOfOne(@TempDir Path dir) throws Exception {
    assumeTrue(OpenSslServer.available(), "openssl is not installed");
    Path[] pem = keys(dir);
    try (OpenSslServer s = OpenSslServer.start(pem, "-tls1_2", "-cipher",
        "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA");
        DelayRelay relay = new DelayRelay(s.port, 100)) {
      JsonNode scan = scan(dir, """
          version: 1
          name: one-at-a-time
          targets:
            - {name: web, url: "https://127.0.0.1:%d/"}
          settings: {per_host: 1}
          tls:
            certificate: {ca_file: certs/root.pem}
            min_version: "1.2"
            require_forward_secrecy: true
          headers:
            X-Content-Type-Options: {value: nosniff}
          """.formatted(relay.port()));
      assertThat(relay.mostOpen(SLACK_MILLIS)).as("connections at once").isEqualTo(1);
      assertThat(statuses(scan, "tls.forward_secrecy")).isNotEmpty().doesNotContain("ERROR");
      assertThat(statuses(scan, "header.")).isNotEmpty().doesNotContain("ERROR");
    }
  }

  private static Path[] keys(Path dir) throws Exception {
    TestPki pki = new TestPki("Per Host", Instant.now());
    Files.createDirectories(dir.resolve("certs"));
    pki.writeRoot(dir.resolve("certs/root.pem"));
    return pki.issue(TestPki.Spec.good(Instant.now())).writePem(dir);
  }

  private static JsonNode scan(Path dir, String yaml) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, yaml);
    Path out = dir.resolve("out");
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f", "json",
        "--color", "never");
    assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);
    return new ObjectMapper().readTree(out.resolve("scan.json").toFile());
  }

  private static List<String> statuses(JsonNode scan, String checkPrefix) {
    List<String> out = new ArrayList<>();
    scan.get("findings").forEach(f -> {
      if (f.get("check_id").asText().startsWith(checkPrefix)) {
        out.add(f.get("status").asText());
      }
    });
    return out;
  }
}
