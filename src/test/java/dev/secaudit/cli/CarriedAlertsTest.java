package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target that goes down after a baseline: code scanning closes as fixed every alert of the same
 * tool and category that the latest upload lacks, so the SARIF of a run that could not reach the
 * target must still carry its open alerts (same fingerprints, marked carried, with the baseline's
 * observation time), and keep carrying them while the target stays down.
 */
class CarriedAlertsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private int serveWithoutHeaders() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      byte[] body = "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/html");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    return server.getAddress().getPort();
  }

  private Path scan(Path policy, String out, String... more) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("scan", "-p",
        policy.toString(), "-o", dir.resolve(out).toString(), "--color", "never"));
    args.addAll(java.util.List.of(more));
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.out() + r.err()).isIn(1, 3);
    return dir.resolve(out);
  }

  /** fingerprint → result, of the results that are not ERRORs of this run. */
  private static Map<String, JsonNode> alerts(JsonNode sarif) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode r : sarif.get("runs").get(0).get("results")) {
      if (!"open".equals(r.path("kind").asText()) || r.path("properties").path("carried")
          .asBoolean()) {
        out.put(r.get("partialFingerprints").get("secauditFindingKey/v1").asText(), r);
      }
    }
    return out;
  }

  @Test
  void aTargetThatWentDownKeepsItsAlertsOpenInSarif() throws Exception {
    int port = serveWithoutHeaders();
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "version: 1\nname: carried\nextends: [owasp-headers]\n"
        + "settings: {timeouts: {connect: 2s, read: 2s, total: 5s}}\n"
        + "targets:\n  - {name: app, url: \"http://127.0.0.1:" + port + "/\"}\n");
    Path before = scan(policy, "before");
    JsonNode first = JSON.readTree(before.resolve("results.sarif").toFile());
    Map<String, JsonNode> open = alerts(first);
    assertThat(open).as("the headers the page lacks").isNotEmpty();
    String observed = JSON.readTree(before.resolve("scan.json").toFile()).get("findings").get(0)
        .get("time").asText();

    server.stop(0);
    server = null;
    Path down = scan(policy, "down", "--baseline", before.resolve("scan.json").toString());
    JsonNode sarif = JSON.readTree(down.resolve("results.sarif").toFile());
    assertValid(sarif);
    Map<String, JsonNode> still = alerts(sarif);
    assertThat(still.keySet()).as("every alert of the baseline is still in the upload")
        .containsAll(open.keySet());
    for (String fp : open.keySet()) {
      JsonNode r = still.get(fp);
      assertThat(r.get("ruleId").asText()).isEqualTo(open.get(fp).get("ruleId").asText());
      assertThat(r.get("properties").get("carried").asBoolean()).isTrue();
      assertThat(r.get("properties").get("observed_at").asText()).isEqualTo(observed);
      assertThat(r.get("baselineState").asText()).isEqualTo("unchanged");
      assertThat(r.get("message").get("text").asText())
          .startsWith("not scanned in this run, carried from the baseline as observed at "
              + observed);
    }
    JsonNode inv = sarif.get("runs").get(0).get("invocations").get(0);
    assertThat(inv.get("executionSuccessful").asBoolean()).isFalse();

    // Still down, against the run that could not see it: the alerts are not lost either.
    Path again = scan(policy, "again", "--baseline", down.resolve("scan.json").toString());
    JsonNode third = JSON.readTree(again.resolve("results.sarif").toFile());
    assertValid(third);
    assertThat(alerts(third).keySet()).containsAll(open.keySet());
    JsonNode scanJson = JSON.readTree(again.resolve("scan.json").toFile());
    assertThat(scanJson.get("baseline").get("not_scanned").size()).isEqualTo(
        JSON.readTree(down.resolve("scan.json").toFile()).get("baseline").get("not_scanned")
            .size());
    assertThat(scanJson.get("baseline").get("resolved")).isEmpty();
  }

  private static void assertValid(JsonNode sarif) throws Exception {
    try (InputStream in = CarriedAlertsTest.class.getResourceAsStream(
        "/schema/sarif-schema-2.1.0.json")) {
      assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
          .getSchema(JSON.readTree(in)).validate(sarif)).isEmpty();
    }
  }
}
