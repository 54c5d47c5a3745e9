package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Value;
import dev.secaudit.policy.UsageException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * A finding read from the stream field by field is the finding Jackson binds from the same
 * JSON, however the file writes it; what Jackson refuses is refused naming the field.
 */
class FindingReaderTest {
  private static final ObjectMapper JSON = ScanJson.mapper();

  @Test
  void readsEachFindingAsJacksonBindsIt() throws Exception {
    List<Consumer<ObjectNode>> edits = List.of(
        f -> { },
        f -> f.put("subject", 5),                        // a number where a text belongs
        f -> f.put("policy_line", "12"),                 // a number written as text
        f -> f.putNull("policy_line"),
        f -> f.remove(List.of("subject", "expected", "evidence", "mappings", "policy_line")),
        f -> f.putNull("evidence").putNull("observed"),
        f -> f.put("time", "2026-03-01T11:00:03+01:00"), // an offset, not UTC
        f -> f.put("time", "2026-03-01T10:00:03.123456789Z"),
        f -> f.put("time", "2026-03-01T10:00:03.1Z"),
        f -> f.put("baseline", "NEW").put("unknown_later_field", "kept out"),
        f -> f.putObject("location").put("file", "nginx.conf").put("line", 4),
        f -> f.putObject("waiver").put("id", "W-1").put("expires", "2026-06-30"),
        f -> f.putArray("evidence").add("a").add(7).add("a"));
    ScanResult scan = ReportFixture.scan();
    for (Consumer<ObjectNode> edit : edits) {
      ObjectNode tree = JSON.valueToTree(scan);
      for (JsonNode f : tree.get("findings")) {
        edit.accept((ObjectNode) f);
      }
      List<Finding> jackson = JSON.convertValue(tree.get("findings"),
          JSON.getTypeFactory().constructCollectionType(List.class, Finding.class));
      ScanResult read = ScanJson.read("scan.json", JSON.writeValueAsBytes(tree));
      assertThat(read.findings()).as(tree.get("findings").get(0).toString())
          .isEqualTo(jackson);
    }
  }

  @Test
  void aValueJacksonRefusesIsNamedByItsField() throws Exception {
    record Forgery(Consumer<ObjectNode> forge, String named) {}
    List<Forgery> forgeries = List.of(
        new Forgery(f -> f.put("policy_line", "twelve"), "findings[1].policy_line"),
        new Forgery(f -> f.putArray("mappings").add("no-colon"), "findings[1].mappings"),
        new Forgery(f -> f.put("time", "2026-02-30T10:00:00Z"), "findings[1].time"),
        new Forgery(f -> f.put("time", 5), "findings[1].time: expected an ISO-8601 time"),
        new Forgery(f -> f.putObject("title"), "findings[1].title: expected text, got an object"),
        new Forgery(f -> f.putNull("target"), "findings[1].target: missing"),
        new Forgery(f -> f.put("severity", "SEVERE"), "findings[1].severity: 'SEVERE'"),
        new Forgery(f -> f.putObject("location").put("line", "x"), "findings[1].location.line"));
    for (Forgery forgery : forgeries) {
      ObjectNode tree = JSON.valueToTree(ReportFixture.scan());
      forgery.forge().accept((ObjectNode) tree.get("findings").get(1));
      byte[] bytes = JSON.writeValueAsBytes(tree);
      assertThatThrownBy(() -> ScanJson.read("forged.json", bytes))
          .isInstanceOf(UsageException.class)
          .hasMessageStartingWith("forged.json")
          .hasMessageContaining(forgery.named());
    }
  }

  @Test
  void anArtifactJacksonRefusesIsNamedByItsPlace() throws Exception {
    ObjectNode tree = JSON.valueToTree(ReportFixture.scan());
    ((ObjectNode) ((ArrayNode) tree.get("artifacts")).get(2)).put("time", "soon");
    byte[] bytes = JSON.writeValueAsBytes(tree);
    assertThatThrownBy(() -> ScanJson.read("forged.json", bytes))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("artifacts[2].time");
  }

  @Property
  void aTimeAsSecauditWritesItIsTheInstantItNames(
      @ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long second,
      @ForAll @IntRange(max = 999_999_999) int nanos) {
    String written = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(second, nanos));
    assertThat(FindingReader.utc(written)).isEqualTo(Instant.parse(written));
  }

  @Property
  void anyOtherTextIsLeftToJacksonOrReadTheSame(
      @ForAll @StringLength(min = 18, max = 32) String noise,
      @ForAll @IntRange(max = 31) int at) {
    String time = "2026-12-03T13:45:33.489Z";
    String near = at < time.length()
        ? time.substring(0, at) + noise.charAt(0) + time.substring(Math.min(time.length(), at + 1))
        : noise;
    Instant fast = FindingReader.utc(near);
    if (fast != null) {
      Instant parsed;
      try {
        parsed = Instant.parse(near);
      } catch (DateTimeParseException e) {
        parsed = null;
      }
      assertThat(fast).as(near).isEqualTo(parsed);
    }
  }
  @Test
  void equalTypedValuesAreBoundOnceAndUnequalOnesStayApart() throws Exception {
    ScanResult scan = ReportFixture.scan();
    Finding f = scan.findings().get(0);
    // Values whose texts and numbers could run together if the key did not mark where each
    // ends: a text of "1" against a number 1, "ab"+"c" against "a"+"bc", 1 against 10.
    // Each of its own subject: a scan holds each finding once.
    List<Finding> findings = List.of(
        f.toBuilder().expected(new Value.Count(1, null)).observed(new Value.Count(1, null))
            .build(),
        f.toBuilder().subject("s2").expected(new Value.Count(10, null))
            .observed(new Value.Count(1, 0L)).build(),
        f.toBuilder().subject("s3").expected(new Value.Text("1"))
            .observed(new Value.Header("ab", "c")).build(),
        f.toBuilder().subject("s4").expected(new Value.Count(1, null))
            .observed(new Value.Header("a", "bc")).build());
    ScanResult read = ScanJson.read("scan.json", ScanJson.toJson(scan.withFindings(findings))
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(read.findings()).isEqualTo(findings);
    assertThat(read.findings().get(3).expectedValue())
        .isSameAs(read.findings().get(0).expectedValue());
  }

  @Test
  void textsWithTheSameHashAreKeptApart() throws Exception {
    // "Aa" and "BB" have the same String hash; thousands of texts make the pool grow, and
    // a generation's worth more puts the first ones in the generation before.
    TextPool pool = new TextPool();
    StringBuilder json = new StringBuilder("[\"Aa\",\"BB\"");
    for (int i = 0; i < TextPool.GENERATION + TextPool.GENERATION / 4; i++) {
      json.append(",\"t").append(i).append('"');
    }
    String last = "t" + (TextPool.GENERATION + TextPool.GENERATION / 4 - 1);
    json.append(",\"Aa\",\"BB\",\"").append(last).append("\"]");
    List<String> seen = new java.util.ArrayList<>();
    try (var p = JSON.createParser(json.toString())) {
      p.nextToken();
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
        seen.add(pool.of(p));
      }
    }
    int n = seen.size();
    assertThat(seen.subList(n - 3, n)).containsExactly("Aa", "BB", last);
    assertThat(seen.get(n - 3)).isSameAs(seen.get(0));
    assertThat(seen.get(n - 2)).isSameAs(seen.get(1));
    assertThat(seen.get(n - 1)).isSameAs(seen.get(n - 4));
    assertThat(pool.of(new String("t123"))).isSameAs(seen.get(125));
  }
}
