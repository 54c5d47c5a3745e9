package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.probe.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target whose TLS is sound but whose HTTP side drips its response head a byte at a time was
 * called UNREACHABLE in targets[] while its TLS was judged in full (a CI review, L4): the state
 * now says it was reached and which part could not be judged, in scan.json, the console, the
 * HTML and the CSV's gate reason, and the gate still calls the run incomplete (exit 3).
 */
class DrippingTargetStateEndToEndTest {

  @Test
  void aTargetJudgedOverTlsWhoseHttpDripsIsReachedAndPartlyJudged(@TempDir Path dir)
      throws Exception {
    Instant now = Instant.now();
    TestPki pki = new TestPki("Drip Test", now);
    Path ca = pki.writeRoot(dir.resolve("root.pem"));
    TestPki.Issued issued = pki.issue(TestPki.Spec.good(now));
    // A status line, then one header byte each 0.2 s: well inside the read timeout, never done.
    try (SlowHttpsServer drip = new SlowHttpsServer(issued.serverContext(), Duration.ZERO,
        "HTTP/1.1 200 OK\r\n", Duration.ofMillis(200))) {
      Path policy = dir.resolve("policy.yaml");
      Files.writeString(policy, """
          version: 1
          name: drip
          targets:
            - {name: drip, url: "https://127.0.0.1:%d"}
          tls: {min_version: "1.2"}
          hsts: {min_max_age: 1y}
          settings:
            timeouts: {connect: 2s, read: 2s, total: 2s, target: 30s}
          """.formatted(drip.port()));
      Cli.Result r = Cli.run("scan", "-p", policy.toString(), "-o",
          dir.resolve("out").toString(), "-f", "json,csv,html", "--color", "never",
          "--ca-file", ca.toString(), "--fail-on", "high");
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
      JsonNode json = new ObjectMapper().readTree(dir.resolve("out/scan.json").toFile());
      JsonNode state = json.get("targets").get(0);
      String partly = "partly judged: its TLS was judged, but no HTTP request got a complete"
          + " answer: secaudit gave up at its total request timeout of 2 s";
      assertThat(state.get("state").asText()).isEqualTo("EVALUATED");
      assertThat(state.get("reason").asText()).startsWith(partly);
      List<String> tls = new ArrayList<>();
      List<String> http = new ArrayList<>();
      for (JsonNode f : json.get("findings")) {
        String line = f.get("check_id").asText() + " " + f.get("status").asText();
        (f.get("check_id").asText().startsWith("tls.") ? tls : http).add(line);
      }
      // The JSSE test server's CBC suites fail tls.ciphers (low): judged, below the gate.
      assertThat(tls).as("the TLS side is judged").contains("tls.certificate.trusted PASS")
          .contains("tls.ciphers FAIL").noneMatch(s -> s.endsWith(" ERROR"));
      assertThat(http).as("the HTTP side is not").isNotEmpty().allMatch(s -> s.endsWith(" ERROR"));
      JsonNode gate = json.get("summary").get("gate");
      assertThat(gate.get("outcome").asText()).isEqualTo("INCOMPLETE");
      assertThat(gate.get("unreachable").asInt()).isZero();
      assertThat(gate.get("reason").asText()).doesNotContain("unreachable");
      String out = r.out().replaceAll("\\s+", " ");
      assertThat(out).contains("EVALUATED: " + partly).doesNotContain("UNREACHABLE")
          .doesNotContain("unreachable");
      assertThat(Files.readString(dir.resolve("out/report.html"))).contains(partly);
      assertThat(Files.readString(dir.resolve("out/run.csv"))).contains("incomplete")
          .doesNotContain("unreachable");
    }
  }
}
