package dev.secaudit.cli;

import static dev.secaudit.probe.config.ConfigFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity of a finding (check, target, subject) holds when a config is edited elsewhere: a
 * comment line inserted at the top of nginx.conf and sshd_config moves every line and changes no
 * key, no SARIF fingerprint and no baseline verdict. A baseline and a waiver written when subjects
 * began with file:line (schema secaudit.scan/1) still match.
 */
class FindingIdentityEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private Path policy;

  private static final String NGINX = """
      events {}
      http {
        server_tokens on;
        server {
          listen 443 ssl;
          server_name app.example;
          ssl_protocols TLSv1.1 TLSv1.2;
          location / {
            add_header X-Frame-Options DENY;
          }
        }
      }
      """;
  private static final String SSHD = """
      PasswordAuthentication yes
      PermitRootLogin no
      """;

  @BeforeEach
  void configs() throws Exception {
    write(dir, "deploy/nginx.conf", NGINX);
    write(dir, "deploy/sshd_config", SSHD);
    policy = write(dir, "policy.yaml", """
        version: 1
        name: identity
        tls: {min_version: "1.2"}
        ssh: {password_authentication: false}
        headers:
          X-Content-Type-Options: {required: true, value: nosniff}
        configs:
          - {name: edge, kind: nginx, path: deploy/nginx.conf}
          - {name: ssh, kind: sshd, path: deploy/sshd_config}
        """);
  }

  private JsonNode scan(String out, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("scan", "-p", policy.toString(), "-o",
        dir.resolve(out).toString(), "--color", "never"));
    args.addAll(List.of(more));
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.out() + r.err()).isIn(ExitCode.PASSED.code, ExitCode.FAILED.code);
    return JSON.readTree(dir.resolve(out).resolve("scan.json").toFile());
  }

  /** key → status of every finding about a file. */
  private static Map<String, String> located(JsonNode scan) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode f : scan.get("findings")) {
      if (f.path("location").isObject()) {
        out.put(f.get("check_id").asText() + "|" + f.get("target").asText() + "|"
            + f.get("subject").asText(), f.get("status").asText());
      }
    }
    return out;
  }

  private static List<Integer> lines(JsonNode scan) {
    List<Integer> out = new ArrayList<>();
    scan.get("findings").forEach(f -> {
      if (f.path("location").isObject()) {
        out.add(f.get("location").get("line").asInt());
      }
    });
    return out;
  }

  private static List<String> fingerprints(Path sarif) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode r : JSON.readTree(sarif.toFile()).get("runs").get(0).get("results")) {
      out.add(r.get("ruleId").asText() + " " + r.get("partialFingerprints").toString());
    }
    out.sort(null);
    return out;
  }

  @Test
  void aCommentLineAboveChangesNoIdentityAndNoBaselineVerdict() throws Exception {
    JsonNode before = scan("before");
    assertThat(located(before)).containsEntry(
        "config.nginx.tls_protocols|edge|nginx.conf server app.example", "FAIL")
        .containsEntry("config.sshd.auth|ssh|sshd_config PasswordAuthentication", "FAIL");
    assertThat(located(before).keySet()).noneMatch(k -> k.matches(".*:\\d+.*"));

    Files.writeString(dir.resolve("deploy/nginx.conf"), "# managed by ops\n" + NGINX);
    Files.writeString(dir.resolve("deploy/sshd_config"), "# hardened\n" + SSHD);
    JsonNode after = scan("after", "--baseline",
        dir.resolve("before/scan.json").toString(), "--fail-on-new");

    assertThat(located(after)).isEqualTo(located(before));
    assertThat(lines(after)).isEqualTo(lines(before).stream().map(n -> n + 1).toList());
    assertThat(after.get("baseline").get("new_count").asInt()).isZero();
    assertThat(after.get("baseline").get("resolved")).isEmpty();
    assertThat(fingerprints(dir.resolve("after/results.sarif")))
        .isEqualTo(fingerprints(dir.resolve("before/results.sarif")));
  }

  @Test
  void sarifAndAnnotationsPointAtTheDirectiveAndCiteThePolicyRule() throws Exception {
    Cli.Result r = Cli.run(Map.of("GITHUB_ACTIONS", "true"), null, "scan", "-p",
        policy.toString(), "-o", dir.resolve("ci").toString(), "--color", "never");
    JsonNode results = JSON.readTree(dir.resolve("ci/results.sarif").toFile()).get("runs").get(0)
        .get("results");
    JsonNode protocols = null;
    for (JsonNode res : results) {
      if (res.get("ruleId").asText().equals("config.nginx.tls_protocols")) {
        protocols = res;
      }
    }
    assertThat(protocols).isNotNull();
    JsonNode where = protocols.get("locations").get(0).get("physicalLocation");
    assertThat(where.get("artifactLocation").get("uri").asText()).endsWith("/deploy/nginx.conf");
    assertThat(where.get("region").get("startLine").asInt()).isEqualTo(7);
    JsonNode rule = protocols.get("relatedLocations").get(0).get("physicalLocation");
    assertThat(rule.get("artifactLocation").get("uri").asText()).endsWith("/policy.yaml");
    assertThat(rule.get("region").get("startLine").asInt()).isEqualTo(3);
    assertThat(protocols.get("properties").get("line").asInt()).isEqualTo(7);
    // The annotation sits on the same line of the same file.
    assertThat(r.out()).containsPattern("(?m)^::error file=[^,]*/deploy/nginx.conf,line=7,"
        + "title=config.nginx.tls_protocols::");
  }

  @Test
  void aBaselineAndAWaiverOfSchemaOneStillMatch() throws Exception {
    JsonNode current = scan("current");
    // The same scan as secaudit wrote it before locations: file:line at the head of the subject.
    ObjectNode old = current.deepCopy();
    old.put("schema", "secaudit.scan/1");
    for (JsonNode f : (ArrayNode) old.get("findings")) {
      JsonNode at = f.path("location");
      if (at.isObject()) {
        String subject = f.get("subject").asText();
        String file = at.get("file").asText();
        ((ObjectNode) f).put("subject", file + ":" + at.get("line").asInt()
            + subject.substring(file.length()));
        ((ObjectNode) f).remove("location");
      }
    }
    Path oldScan = dir.resolve("old-scan.json");
    JSON.writeValue(oldScan.toFile(), old);
    Path waivers = write(dir, "waivers.yaml", """
        - id: W-7
          check: config.nginx.tls_protocols
          target: edge
          subject: "nginx.conf:7"
          justification: TLS 1.1 kept for a legacy client until it is replaced
          approver: ciso
          expires: 2999-12-31
        """);

    JsonNode again = scan("again", "--baseline", oldScan.toString());
    int located = 0;
    for (JsonNode f : again.get("findings")) {
      if (f.path("location").isObject()) {
        located++;
        assertThat(f.get("baseline").asText()).as(f.toString()).isIn("UNCHANGED");
      }
    }
    assertThat(located).isGreaterThan(3);
    assertThat(again.get("baseline").get("resolved")).isEmpty();

    JsonNode waived = scan("waived", "--waivers", waivers.toString());
    assertThat(waived.get("waivers").get(0).get("matched").asInt()).isEqualTo(1);
    assertThat(located(waived)).containsEntry(
        "config.nginx.tls_protocols|edge|nginx.conf server app.example", "WAIVED");
  }
  /**
   * SARIF reads the typed fields: the directive is the logical location, the values compared
   * are properties. A baseline written before typed values (secaudit.scan/1.2) still matches
   * every finding, and its re-rendered SARIF has the same fingerprints.
   */
  @Test
  void sarifReadsTheTypedFieldsAndABaselineWithoutThemStillMatches() throws Exception {
    JsonNode current = scan("typed", "--format", "json,sarif");
    JsonNode protocols = null;
    for (JsonNode res : JSON.readTree(dir.resolve("typed/results.sarif").toFile()).get("runs")
        .get(0).get("results")) {
      if (res.get("ruleId").asText().equals("config.nginx.tls_protocols")) {
        protocols = res;
      }
    }
    assertThat(protocols).isNotNull();
    JsonNode where = protocols.get("locations").get(0);
    assertThat(where.at("/physicalLocation/artifactLocation/uri").asText())
        .endsWith("deploy/nginx.conf");
    assertThat(where.at("/physicalLocation/region/startLine").asInt()).isEqualTo(7);
    assertThat(where.at("/logicalLocations/0/name").asText()).isEqualTo("ssl_protocols");
    assertThat(where.at("/logicalLocations/0/kind").asText()).isEqualTo("directive");
    assertThat(where.at("/logicalLocations/0/fullyQualifiedName").asText())
        .isEqualTo("edge/nginx.conf server app.example");
    JsonNode props = protocols.get("properties");
    assertThat(props.at("/about/kind").asText()).isEqualTo("DIRECTIVE");
    assertThat(props.at("/expected_value/kind").asText()).isEqualTo("list");
    assertThat(props.at("/expected_value/items/0/text").asText()).isEqualTo("TLS 1.2");
    assertThat(props.at("/observed_value/items/0/text").asText()).isEqualTo("TLS 1.1");

    // The same scan as secaudit wrote it before typed values.
    ObjectNode old = current.deepCopy();
    old.put("schema", "secaudit.scan/1.2");
    int typed = 0;
    for (JsonNode f : (ArrayNode) old.get("findings")) {
      typed += f.has("about") ? 1 : 0;
      ((ObjectNode) f).remove(List.of("about", "expected_value", "observed_value"));
    }
    assertThat(typed).isGreaterThan(3);
    Path oldScan = dir.resolve("untyped-scan.json");
    JSON.writeValue(oldScan.toFile(), old);
    JsonNode again = scan("again", "--baseline", oldScan.toString());
    assertThat(again.get("baseline").get("new_count").asInt()).isZero();
    assertThat(again.get("baseline").get("resolved")).isEmpty();

    Path oldSarif = dir.resolve("untyped.sarif");
    Cli.Result r = Cli.run("report", "--from", oldScan.toString(), "--format", "sarif", "-o",
        oldSarif.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(fingerprints(oldSarif)).isEqualTo(fingerprints(dir.resolve("typed/results.sarif")));
  }
}
