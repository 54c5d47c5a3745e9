package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Subject;
import dev.secaudit.model.TlsVersion;
import dev.secaudit.model.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed values in scan.json (secaudit.scan/1.3): written beside the sentences only where a
 * finding has them, read back as they were, and files from before them still read.
 */
class TypedFindingJsonTest {
  @TempDir Path dir;

  private static ScanResult typed() {
    ScanResult scan = ReportFixture.scan();
    List<Finding> findings = new ArrayList<>(scan.findings());
    Finding first = findings.get(0);
    findings.set(0, first.toBuilder().about(Subject.protocol(TlsVersion.TLS_1_0))
        .expected(first.expected(), new Value.Duration(31_536_000))
        .observed(first.observed(), new Value.Items(List.of(new Value.Setting("SameSite", "Lax"),
            new Value.Setting("SameSite", null), new Value.Header("Server", "nginx/1.22.1"),
            new Value.Count(7, 7L), new Value.Presence("Secure", false),
            new Value.Text("a"),
            new Value.Cookie("__Host-sid", "https://app.example/", true, true, "Lax", null, "/",
                true, false, "__Host-", false),
            new Value.Cookie("prefs", "https://app.example/login", false, false, null,
                "example", null, false, true, null, true)))).build());
    return scan.withFindings(findings);
  }

  @Test
  void valuesRoundTripAndTheSentencesStayAsTheyWere() throws Exception {
    ScanResult scan = typed();
    String json = ScanJson.toJson(scan);
    assertThat(json).contains("\"schema\" : \"secaudit.scan/1.6\"");
    JsonNode f = ScanJson.mapper().readTree(json).get("findings").get(0);
    assertThat(f.get("about").get("kind").asText()).isEqualTo("PROTOCOL");
    assertThat(f.get("expected_value").get("kind").asText()).isEqualTo("duration");
    assertThat(f.get("expected_value").get("seconds").asLong()).isEqualTo(31_536_000);
    assertThat(f.get("observed_value").get("items").get(2).get("kind").asText())
        .isEqualTo("header");
    JsonNode cookie = f.get("observed_value").get("items").get(7);
    assertThat(cookie.get("kind").asText()).isEqualTo("cookie");
    assertThat(cookie.get("http_only").asBoolean()).isFalse();
    assertThat(cookie.get("same_site").isNull()).isTrue();
    assertThat(cookie.get("expires").asBoolean()).isTrue();
    assertThat(f.get("expected").asText()).isEqualTo(scan.findings().get(0).expected());
    Path file = Files.writeString(dir.resolve("scan.json"), json);
    assertThat(ScanJson.read(file)).isEqualTo(scan);
  }

  @Test
  void aFindingWithoutValuesWritesNoneOfTheNewFields() throws Exception {
    JsonNode f = ScanJson.mapper().readTree(ScanJson.toJson(typed())).get("findings").get(1);
    assertThat(f.has("about")).isFalse();
    assertThat(f.has("expected_value")).isFalse();
    assertThat(f.has("observed_value")).isFalse();
  }

  @Test
  void aScanOfSchemaOnePointTwoStillReads() throws Exception {
    ScanResult scan = ReportFixture.scan();
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(typed()));
    tree.put("schema", "secaudit.scan/1.2");
    for (JsonNode f : tree.get("findings")) {
      ((ObjectNode) f).remove(List.of("about", "expected_value", "observed_value"));
    }
    Path old = Files.writeString(dir.resolve("old.json"), tree.toPrettyString());
    ScanResult read = ScanJson.read(old);
    assertThat(read.findings()).isEqualTo(scan.findings());
    assertThat(read.findings()).allSatisfy(f -> {
      assertThat(f.about()).isNull();
      assertThat(f.expectedValue()).isNull();
    });
  }

  @Test
  void aKindALaterVersionAddsReadsAsNoValue() throws Exception {
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(typed()));
    ObjectNode f = (ObjectNode) tree.get("findings").get(0);
    f.putObject("expected_value").put("kind", "percentage").put("percent", 99);
    Path file = Files.writeString(dir.resolve("later.json"), tree.toPrettyString());
    Finding read = ScanJson.read(file).findings().get(0);
    assertThat(read.expectedValue()).isNull();
    assertThat(read.expected()).isEqualTo(typed().findings().get(0).expected());
    assertThat(read.observedValue()).isEqualTo(typed().findings().get(0).observedValue());
  }

  @Test
  void aKindALaterVersionAddsInsideAListIsLeftOutOfTheList() throws Exception {
    // 1.3 readers refused a whole 1.4 file whose list held a cookie: the unknown kind read as
    // null and the list would not take it.
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(typed()));
    ObjectNode f = (ObjectNode) tree.get("findings").get(0);
    ObjectNode list = f.putObject("observed_value").put("kind", "list");
    list.putArray("items").add(ScanJson.mapper().createObjectNode().put("kind", "text")
        .put("text", "kept")).add(ScanJson.mapper().createObjectNode()
        .put("kind", "percentage").put("percent", 99));
    Path file = Files.writeString(dir.resolve("later-list.json"), tree.toPrettyString());
    Finding read = ScanJson.read(file).findings().get(0);
    assertThat(read.observedValue())
        .isEqualTo(new dev.secaudit.model.Value.Items(List.of(new dev.secaudit.model.Value.Text("kept"))));
  }
}
