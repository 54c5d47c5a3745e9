package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'report --from' writes the CSV of a scan whose findings come target by target without holding
 * them all (CsvGroups); its bytes must be those of the sort of every finding, whatever the file's
 * order, in memory or through temporary files.
 */
class CsvGroupsTest {
  @TempDir Path dir;

  private static ScanResult fleet(int copies) {
    return ReportFixture.fleet(copies, false);
  }

  private Path write(ScanResult scan) throws IOException {
    Path file = Files.createTempFile(dir, "scan", ".json");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      ScanJson.write(scan, w);
    }
    return file;
  }

  /** Today's way: every finding held and sorted. */
  private static byte[] sortedWhole(Path file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ScanReader reader = ScanReader.open(file, false)) {
      new CsvReport().read(reader).writeTo(out);
    }
    return out.toByteArray();
  }

  private static byte[] bytes(CsvReport.Table table) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    table.writeTo(out);
    return out.toByteArray();
  }

  /**
   * The gate counted as the rows were read (report --from exits with it) is the one every
   * finding held and counted in the file's order gives: same outcome, counts and first failure.
   */
  private static void sameGate(CsvReport.Table table, ScanResult scan, List<Finding> fileOrder) {
    RunInfo run = scan.run();
    GateVerdict.Tally all = new GateVerdict.Tally(GateVerdict.Tally.recordedFailOn(run),
        run != null && run.failOnNew(), true);
    fileOrder.forEach(all::add);
    GateVerdict expected = all.verdict(scan.targets());
    GateVerdict counted = table.recordedGate();
    assertThat(expected.outcome()).isEqualTo(GateVerdict.Outcome.FAILED);
    assertThat(counted.outcome()).isEqualTo(expected.outcome());
    assertThat(counted.failing()).hasSameSizeAs(expected.failing());
    assertThat(counted.failing().get(0)).isEqualTo(expected.failing().get(0));
    assertThat(counted.errors()).isEqualTo(expected.errors());
    assertThat(counted.notScanned()).isEqualTo(expected.notScanned());
  }

  private Path spillFolder() throws IOException {
    return Files.createDirectories(dir.resolve("spill"));
  }

  private long filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    }
  }

  @Test
  void aFleetWrittenTargetByTargetGivesTheSameBytesThroughTemporaryFiles() throws IOException {
    ScanResult scan = fleet(300);
    Path file = write(scan);
    Path spill = spillFolder();
    CsvReport.Table table = new CsvReport().read(file, spill, 0);
    assertThat(table.byTarget()).isTrue();
    assertThat(table.spilled()).isTrue();
    sameGate(table, scan, scan.findings());
    byte[] streamed = bytes(table);
    assertThat(streamed).isEqualTo(sortedWhole(file));
    assertThat(filesIn(spill)).as("no temporary file is left").isZero();
    // The fleet is large enough that its rows went to files past their first chunk.
    assertThat(streamed.length).isGreaterThan(6 * SpillStore.CHUNK);
  }

  @Test
  void aSmallScanStaysInMemoryAndGivesTheSameBytes() throws IOException {
    Path file = write(fleet(3));
    Path spill = spillFolder();
    CsvReport.Table table = new CsvReport().read(file, spill, CsvGroups.MEMORY);
    assertThat(table.byTarget()).isTrue();
    assertThat(table.spilled()).isFalse();
    assertThat(filesIn(spill)).isZero();
    assertThat(bytes(table)).isEqualTo(sortedWhole(file));
  }

  @Test
  void targetsInAnotherOrderThanThePopulationStillComeOutInItsOrder() throws IOException {
    ScanResult scan = fleet(40);
    List<Finding> reversed = new ArrayList<>(scan.findings());
    java.util.Collections.reverse(reversed);
    Path file = write(scan.withFindings(reversed));
    CsvReport.Table table = new CsvReport().read(file, spillFolder(), 0);
    assertThat(table.byTarget()).isTrue();
    sameGate(table, scan, reversed);
    assertThat(bytes(table)).isEqualTo(sortedWhole(write(scan)));
  }

  @Test
  void aFileWithATargetsFindingsApartIsReadAgainInTargetOrderWithTheSameBytes()
      throws IOException {
    ScanResult scan = fleet(40);
    // Round-robin over the findings: every target's findings are spread through the file.
    List<Finding> all = scan.findings();
    List<Finding> spread = new ArrayList<>();
    for (int start = 0; start < 7; start++) {
      for (int i = start; i < all.size(); i += 7) {
        spread.add(all.get(i));
      }
    }
    Path file = write(scan.withFindings(spread));
    Path spill = spillFolder();
    CsvReport.Table table = new CsvReport().read(file, spill, 0);
    assertThat(table.byTarget()).isTrue();
    sameGate(table, scan, spread);
    byte[] streamed = bytes(table);
    assertThat(filesIn(spill)).as("the abandoned temporary files are gone").isZero();
    assertThat(streamed).isEqualTo(sortedWhole(file)).isEqualTo(sortedWhole(write(scan)));
  }

  @Test
  void aShuffledFileWithRepeatedFindingsGivesTheSameBytes() throws IOException {
    ScanResult scan = fleet(20);
    List<Finding> shuffled = new ArrayList<>(scan.findings());
    // Repeated under another subject: a scan holds each key once, and readers refuse one twice.
    scan.findings().subList(0, 50).forEach(f -> shuffled.add(f.toBuilder()
        .subject(f.subject() + " again").build()));
    java.util.Collections.shuffle(shuffled, new java.util.Random(3));
    Path file = write(scan.withFindings(shuffled));
    CsvReport.Table table = new CsvReport().read(file, spillFolder(), 0);
    assertThat(table.byTarget()).isTrue();
    assertThat(bytes(table)).isEqualTo(sortedWhole(file));
  }

  /**
   * The artifacts after the findings are kept as digests only (ArtifactDigests), never as the
   * scan's list; the evidence column must still read as the map of every artifact says: the
   * first of an id, its digest as written, "missing" for an id no artifact has.
   */
  @Test
  void artifactsAfterTheFindingsAreKeptAsDigestsWithTheSameColumn() throws IOException {
    ScanResult fleet = fleet(120);
    List<Artifact> artifacts = new ArrayList<>();
    for (int i = 0; i < fleet.artifacts().size(); i++) {
      Artifact a = fleet.artifacts().get(i);
      String sha256 = switch (i % 5) {
        case 0 -> a.sha256().toUpperCase(java.util.Locale.ROOT);
        case 1 -> "hand-made ≠ " + i;
        case 2 -> ""; // an empty digest stands as missing and keeps the positions
        default -> a.sha256();
      };
      if (i % 13 != 4) {
        artifacts.add(new Artifact(a.id(), a.target(), a.kind(), a.time(), a.summary(),
            a.content(), sha256));
      }
      if (i % 17 == 0) {
        // Another artifact of the same id: the first one's digest is the one shown.
        artifacts.add(new Artifact(a.id(), a.target(), a.kind(), a.time(), a.summary(),
            a.content(), "f".repeat(64)));
      }
    }
    ScanResult scan = new ScanResult(fleet.schema(), fleet.run(), fleet.targets(),
        fleet.findings(), artifacts, fleet.claims());
    Path file = write(scan);
    CsvReport.Table table = new CsvReport().read(file, spillFolder(), 0);
    assertThat(table.byTarget()).isTrue();
    assertThat(table.scan().artifacts()).as("no artifact record is held").isEmpty();
    byte[] streamed = bytes(table);
    assertThat(streamed).isEqualTo(sortedWhole(file));

    java.util.Map<String, String> first = new java.util.HashMap<>();
    for (Artifact a : artifacts) {
      first.putIfAbsent(a.id(), a.sha256() == null || a.sha256().isEmpty()
          ? CsvReport.MISSING_ARTIFACT : a.sha256());
    }
    int missing = 0;
    try (org.apache.commons.csv.CSVParser rows = org.apache.commons.csv.CSVFormat.DEFAULT
        .builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(new java.io.StringReader(new String(streamed, StandardCharsets.UTF_8)))) {
      for (org.apache.commons.csv.CSVRecord row : rows) {
        String ids = row.get("evidence_ids");
        List<String> expected = new ArrayList<>();
        for (String id : ids.isEmpty() ? new String[0] : ids.split(" ")) {
          expected.add(first.getOrDefault(id, CsvReport.MISSING_ARTIFACT));
          missing += first.containsKey(id) ? 0 : 1;
        }
        assertThat(row.get("evidence_sha256")).as(ids).isEqualTo(String.join(" ", expected));
      }
    }
    assertThat(missing).as("some rows cite an artifact the scan lacks").isPositive();
  }

  /** A refused artifact is named as the whole file's reading names it (artifacts[i].field). */
  @Test
  void aBadArtifactIsRefusedAsTheWholeFileIsRefused() throws IOException {
    String good = Files.readString(write(fleet(2)));
    int artifacts = good.indexOf("\"artifacts\"");
    int kind = good.indexOf("\"kind\"", good.indexOf("\"kind\"", artifacts) + 1);
    int time = good.indexOf("\"time\"", artifacts);
    for (String bad : List.of(
        good.substring(0, kind) + "\"kind\": [1]," + good.substring(good.indexOf(',', kind) + 1),
        good.substring(0, time) + "\"time\": \"yesterday\","
            + good.substring(good.indexOf(',', time) + 1),
        good.substring(0, artifacts) + "\"artifacts\": [[], "
            + good.substring(good.indexOf('[', artifacts) + 1))) {
      Path file = Files.createTempFile(dir, "bad", ".json");
      Files.writeString(file, bad);
      String whole = refusal(() -> ScanJson.read(file));
      assertThat(whole).contains("artifacts[");
      assertThat(refusal(() -> new CsvReport().read(file))).isEqualTo(whole);
    }
  }

  private static String refusal(Runnable reading) {
    try {
      reading.run();
    } catch (dev.secaudit.policy.UsageException e) {
      return e.getMessage();
    }
    throw new AssertionError("not refused");
  }
}
