package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.probe.tls.JsseServerAccess;
import dev.secaudit.probe.tls.ResettingServer;
import dev.secaudit.probe.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that resets every connection, scanned alone and beside two healthy JSSE servers: its
 * findings are the same both times, and none of them says a version was refused, since a reset
 * proves nothing about which versions the server speaks.
 */
class ResettingTargetEndToEndTest {
  @Test
  void aResettingTargetGetsTheSameErrorsAloneAndInAFleet(@TempDir Path dir) throws Exception {
    Instant now = Instant.now();
    TestPki pki = new TestPki("Reset E2E", now);
    TestPki.Issued issued = pki.issue(TestPki.Spec.good(now));
    try (ResettingServer reset = new ResettingServer();
        AutoCloseable a = JsseServerAccess.start(issued.serverContext(), "TLSv1.2", "TLSv1.3");
        AutoCloseable b = JsseServerAccess.start(issued.serverContext(), "TLSv1.3")) {
      String resetTarget = "  - {name: flaky, url: \"127.0.0.1:" + reset.port() + "\"}\n";
      String healthy = "  - {name: good1, url: \"127.0.0.1:" + JsseServerAccess.port(a) + "\"}\n"
          + "  - {name: good2, url: \"127.0.0.1:" + JsseServerAccess.port(b) + "\"}\n";
      Map<String, String> alone = null;
      for (int round = 0; round < 2; round++) {
        Scan one = scan(dir, "alone" + round, resetTarget);
        Scan fleet = scan(dir, "fleet" + round, healthy + resetTarget);
        assertThat(one.findings).as("alone: no verdict from a reset").isNotEmpty()
            .allSatisfy((k, v) -> assertThat(v).doesNotStartWith("PASS").doesNotStartWith("FAIL"));
        assertThat(one.findings).containsEntry("flaky tls.protocols TLS 1.0", "ERROR "
            + "TLS 1.0 not testable: reset the connection without answering, twice (a reset is no"
            + " refusal) on 127.0.0.1:" + reset.port());
        assertThat(fleet.findings).as("the fleet's healthy targets were judged")
            .containsEntry("good1 tls.protocols TLS 1.0", "PASS TLS 1.0 refused: alert"
                + " protocol_version on 127.0.0.1:" + JsseServerAccess.port(a));
        Map<String, String> flakyInFleet = new TreeMap<>(fleet.findings);
        flakyInFleet.keySet().removeIf(k -> !k.startsWith("flaky "));
        assertThat(flakyInFleet).isEqualTo(one.findings);
        assertThat(one.code).isEqualTo(ExitCode.INCOMPLETE.code);
        // The healthy servers' self-made certificates fail trust, so the fleet's gate fails.
        assertThat(fleet.code).isIn(ExitCode.INCOMPLETE.code, ExitCode.FAILED.code);
        if (alone != null) {
          assertThat(one.findings).as("the same verdicts on every run").isEqualTo(alone);
        }
        alone = one.findings;
      }
    }
  }

  record Scan(int code, Map<String, String> findings) {}

  /** Status and observed text of each finding, keyed by target, check and subject. */
  private static Scan scan(Path dir, String name, String targets) throws Exception {
    Path policy = dir.resolve(name + ".yaml");
    Files.writeString(policy, "version: 1\nname: " + name + "\nsettings: {timeouts: {connect: 2s,"
        + " read: 2s, total: 5s}}\ntargets:\n" + targets + "tls: {min_version: \"1.2\"}\n");
    Path out = dir.resolve(name);
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "-f", "json",
        "--color", "never", "-q");
    JsonNode json = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    Map<String, String> findings = new TreeMap<>();
    json.get("findings").forEach(f -> findings.put(f.get("target").asText() + " "
        + f.get("check_id").asText() + " " + f.get("subject").asText(),
        f.get("status").asText() + " " + f.get("observed").asText()));
    return new Scan(r.code(), findings);
  }
}
