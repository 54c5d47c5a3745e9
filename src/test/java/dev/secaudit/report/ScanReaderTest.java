package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scan.json read one finding at a time, as a streaming renderer (CSV) consumes it. */
class ScanReaderTest {
  @TempDir Path dir;

  @Test
  void givesTheRunThenEachFindingThenTheRest() throws IOException {
    ScanResult scan = ReportFixture.scan();
    Path file = write("scan.json", ScanJson.toJson(scan));
    List<Finding> seen = new ArrayList<>();
    try (ScanReader reader = ScanReader.open(file)) {
      assertThat(reader.run()).isEqualTo(scan.run());
      assertThatThrownBy(reader::withoutFindings).isInstanceOf(IllegalStateException.class);
      reader.forEachRemaining(seen::add);
      assertThat(reader.withoutFindings()).isEqualTo(scan.withFindings(List.of()));
    }
    assertThat(seen).isEqualTo(scan.findings());
  }

  @Test
  void repeatedTextsAreKeptOnce() throws IOException {
    ScanResult scan = ReportFixture.scan();
    Finding f = scan.findings().get(0);
    ScanResult twice = scan.withFindings(List.of(f, f));
    ScanResult read = ScanJson.read(write("scan.json", ScanJson.toJson(twice)));
    assertThat(read).isEqualTo(twice);
    assertThat(read.findings().get(1).title()).isSameAs(read.findings().get(0).title());
    assertThat(read.findings().get(1).remediation())
        .isSameAs(read.findings().get(0).remediation());
  }

  @Test
  void aFileWithItsFindingsBeforeTheRunStillReads() throws IOException {
    ScanResult scan = ReportFixture.scan();
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(scan));
    ObjectNode reordered = tree.objectNode();
    reordered.set("findings", tree.get("findings"));
    tree.fields().forEachRemaining(e -> reordered.set(e.getKey(), e.getValue()));
    Path file = write("scan.json", reordered.toPrettyString());
    try (ScanReader reader = ScanReader.open(file)) {
      assertThat(reader.run()).isEqualTo(scan.run());
      List<Finding> seen = new ArrayList<>();
      reader.forEachRemaining(seen::add);
      assertThat(seen).isEqualTo(scan.findings());
    }
    assertThat(ScanJson.read(file)).isEqualTo(scan);
  }

  @Test
  void aForgedFindingIsNamedWhenItIsReachedAndTheOnesBeforeItAreGiven() throws IOException {
    ScanResult scan = ReportFixture.scan();
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(scan));
    ((ObjectNode) ((ArrayNode) tree.get("findings")).get(2)).put("status", "BOGUS");
    Path file = write("scan.json", tree.toPrettyString());
    try (ScanReader reader = ScanReader.open(file)) {
      assertThat(reader.next()).isEqualTo(scan.findings().get(0));
      assertThat(reader.next()).isEqualTo(scan.findings().get(1));
      assertThatThrownBy(reader::next).isInstanceOf(UsageException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("findings[2].status")
          .hasMessageContaining("'BOGUS'");
    }
  }

  @Test
  void aFileCutInTheMiddleOfItsFindingsIsNamedWithItsPlace() throws IOException {
    String json = ScanJson.toJson(ReportFixture.scan());
    Path file = write("cut.json", json.substring(0, json.indexOf("\"artifacts\"")));
    assertThatThrownBy(() -> ScanJson.read(file)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(file + ":")
        .hasMessageContaining("not a valid scan JSON");
  }

  @Test
  void aScanOfThousandsOfFindingsIsReadOneAtATime() throws IOException {
    ScanResult scan = ReportFixture.scan();
    List<Finding> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.addAll(scan.findings());
    }
    Path file = dir.resolve("fleet.json");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      ScanJson.write(scan.withFindings(many), w);
    }
    int count = 0;
    try (ScanReader reader = ScanReader.open(file)) {
      while (reader.hasNext()) {
        assertThat(reader.next()).isEqualTo(many.get(count++));
      }
      assertThat(reader.withoutFindings().artifacts()).isEqualTo(scan.artifacts());
    }
    assertThat(count).isEqualTo(many.size());
  }

  @Test
  void aStreamingRendererMakesEachFindingPrintable() throws IOException {
    ScanResult scan = ReportFixture.scan();
    Finding f = scan.findings().get(0);
    Finding hostile = new Finding(f.checkId(), f.target(), f.subject(), f.status(), f.severity(),
        f.title(), f.expected(), "\u001b[2Jcleared", f.evidence(), f.time(), f.mappings(),
        f.remediation(), f.policyPointer(), f.policyLine(), f.waiver());
    Path file = write("scan.json", ScanJson.toJson(scan.withFindings(
        List.of(hostile, scan.findings().get(1)))));
    List<Finding> shown = new ArrayList<>();
    try (ScanReader reader = ScanReader.open(file)) {
      PrintableText.of(reader).forEachRemaining(shown::add);
    }
    assertThat(shown.get(0).observed()).isEqualTo("\\u001B[2Jcleared");
    assertThat(shown.get(1)).isEqualTo(scan.findings().get(1));
  }

  /**
   * A fleet's scan, its findings' texts full of what the cutting into runs must step over
   * (brackets, braces, quotes and backslashes inside strings, escapes, non-ASCII), with typed
   * values: several runs of findings for the workers.
   */
  private static ScanResult fleet(int copies) {
    ScanResult scan = ReportFixture.scan();
    List<Finding> many = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      for (Finding f : scan.findings()) {
        many.add(f.toBuilder().target(f.target() + "-" + i)
            .observed("} ], { [ \"quoted\" \\ back\\slash\\\" \u2192 \u0007 #" + i)
            .expected(new dev.secaudit.model.Value.Count(i % 7, null))
            .build());
      }
    }
    return scan.withFindings(many);
  }

  @Test
  void aLargeScanReadOnEveryCoreIsTheScanReadOnOne() throws IOException {
    ScanResult scan = fleet(2500);
    byte[] json = ScanJson.toJson(scan).getBytes(StandardCharsets.UTF_8);
    assertThat(json.length).as("several runs of findings").isGreaterThan(3 << 20);
    ScanResult parallel;
    try (ScanReader reader = ScanReader.of("fleet.json", json, 0)) {
      parallel = reader.readAll();
      assertThat(reader.readInParallel()).isTrue();
    }
    assertThat(parallel).isEqualTo(scan);
    try (ScanReader reader = ScanReader.of("fleet.json", json, Long.MAX_VALUE)) {
      assertThat(reader.readAll()).isEqualTo(parallel);
    }
    // Compact JSON, no line breaks at all, reads the same.
    byte[] compact = ScanJson.mapper().writeValueAsBytes(ScanJson.mapper().readTree(json));
    try (ScanReader reader = ScanReader.of("fleet.json", compact, 0)) {
      assertThat(reader.readAll()).isEqualTo(scan);
      assertThat(reader.readInParallel()).isTrue();
    }
  }

  @Test
  void aFaultInALargeScanIsNamedAsTheOneThreadReaderNamesIt() throws IOException {
    ScanResult scan = fleet(2500);
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(scan));
    ((ObjectNode) ((ArrayNode) tree.get("findings")).get(9000)).put("status", "BOGUS");
    String forged = tree.toPrettyString();
    String json = ScanJson.toJson(scan);
    String cut = json.substring(0, json.indexOf("\"artifacts\""));
    String trailing = json + " {}";
    String notObject = json.replace("\"findings\" : [ {", "\"findings\" : [ 7, {");
    assertThat(notObject).isNotEqualTo(json);
    for (String file : List.of(forged, cut, trailing, notObject)) {
      byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
      String serial = messageOf(bytes, Long.MAX_VALUE);
      assertThat(serial).startsWith("fleet.json");
      assertThat(messageOf(bytes, 0)).isEqualTo(serial);
    }
    assertThat(messageOf(forged.getBytes(StandardCharsets.UTF_8), 0))
        .contains("findings[9000].status").contains("'BOGUS'");
  }

  private static String messageOf(byte[] json, long parallelFrom) {
    try (ScanReader reader = ScanReader.of("fleet.json", json, parallelFrom)) {
      reader.readAll();
    } catch (UsageException e) {
      return e.getMessage();
    }
    throw new AssertionError("read without a fault");
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
