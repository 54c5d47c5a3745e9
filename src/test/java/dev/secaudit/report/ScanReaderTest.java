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
  void theCsvReadsOfEachArtifactAllButItsContentAndWritesTheSameFile() throws IOException {
    ScanResult scan = ReportFixture.scan();
    assertThat(scan.artifacts()).isNotEmpty();
    Path file = write("scan.json", ScanJson.toJson(scan));
    ScanResult forCsv = ScanJson.readFor(file, "CSV");
    assertThat(forCsv.artifacts()).hasSameSizeAs(scan.artifacts()).allSatisfy(
        a -> assertThat(a.content()).isNull());
    assertThat(forCsv.artifacts()).extracting(a -> a.id() + " " + a.sha256() + " " + a.kind())
        .isEqualTo(scan.artifacts().stream()
            .map(a -> a.id() + " " + a.sha256() + " " + a.kind()).toList());
    assertThat(withoutArtifacts(forCsv)).isEqualTo(withoutArtifacts(scan));
    assertThat(ScanJson.readFor(file, "html")).isEqualTo(scan);
    java.io.StringWriter whole = new java.io.StringWriter();
    new CsvReport().render(scan, whole);
    java.io.StringWriter partial = new java.io.StringWriter();
    new CsvReport().render(forCsv, partial);
    assertThat(partial.toString()).isEqualTo(whole.toString());
  }

  private static ScanResult withoutArtifacts(ScanResult s) {
    return new ScanResult(s.schema(), s.run(), s.targets(), s.findings(), List.of(), s.claims(),
        s.waivers(), s.baseline(), s.processing());
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

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
