package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.policy.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
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
    ReportSet.Prepared csv = ReportSet.prepare(file, ReportSet.Format.CSV, false);
    ScanResult forCsv = csv.scan();
    // Its artifacts follow the findings: of them the CSV keeps their ids' digests, no record.
    assertThat(forCsv.artifacts()).isEmpty();
    // Its findings come target by target, so the CSV keeps none of them: they are in its rows.
    assertThat(withoutArtifacts(forCsv)).isEqualTo(withoutArtifacts(scan.withFindings(List.of())));
    // The HTML keeps them neither: it reads them target by target too (HtmlPage), and its
    // artifacts go to the evidence appendix's store (EvidenceStore).
    ScanResult forHtml = ReportSet.prepare(file, ReportSet.Format.HTML, false).scan();
    assertThat(forHtml.artifacts()).isEmpty();
    assertThat(withoutArtifacts(forHtml)).isEqualTo(withoutArtifacts(scan.withFindings(List.of())));
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    new CsvReport().render(scan, whole);
    ByteArrayOutputStream prepared = new ByteArrayOutputStream();
    csv.write(null, null, prepared);
    assertThat(prepared.toByteArray()).isEqualTo(whole.toByteArray());
    StringWriter chars = new StringWriter();
    csv.write(null, null, chars);
    assertThat(chars.toString()).isEqualTo(whole.toString(StandardCharsets.UTF_8));
  }

  /** The fixture's findings 700 times: more than a few batches of the reading thread. */
  private static ScanResult fleet() {
    ScanResult scan = ReportFixture.scan();
    return scan.withFindings(copies(scan, 700));
  }

  /**
   * The scan's findings {@code n} times, each copy's subjects numbered: a scan holds each finding
   * once, and readers refuse one twice.
   */
  static List<Finding> copies(ScanResult scan, int n) {
    List<Finding> many = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (Finding f : scan.findings()) {
        many.add(i == 0 ? f : f.toBuilder().subject(f.subject() + " #" + i).build());
      }
    }
    return many;
  }

  @Test
  void timesOutsideTheFindingsReadAsJacksonReadsThemAndABadOneIsNamed() throws IOException {
    ScanResult scan = ReportFixture.scan();
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(scan));
    ArrayNode artifacts = (ArrayNode) tree.get("artifacts");
    ((ObjectNode) artifacts.get(0)).put("time", "2026-03-01T11:00:00.123456789+01:00");
    ((ObjectNode) tree.get("run")).put("finished", "2026-03-01T10:00:07.25Z");
    Path file = write("scan.json", tree.toPrettyString());
    ScanResult read = ScanJson.read(file);
    ScanResult plain = ScanJson.mapper().treeToValue(tree, ScanResult.class);
    assertThat(read.artifacts()).isEqualTo(plain.artifacts());
    assertThat(read.run()).isEqualTo(plain.run());
    ((ObjectNode) artifacts.get(0)).put("time", "soon");
    Path bad = write("bad.json", tree.toPrettyString());
    assertThatThrownBy(() -> ScanJson.read(bad)).isInstanceOf(UsageException.class)
        .hasMessageContaining(bad.toString()).hasMessageContaining("artifacts")
        .hasMessageContaining("soon");
  }

  @Test
  void readOnAThreadOfItsOwnEachFindingReachesTheCallerInOrder() throws IOException {
    ScanResult fleet = fleet();
    List<Finding> many = fleet.findings();
    Path file = write("fleet.json", ScanJson.toJson(fleet));
    List<Finding> seen = new ArrayList<>();
    List<Thread> on = new ArrayList<>();
    try (ScanReader reader = ScanReader.open(file)) {
      assertThat(reader.readAll(f -> {
        seen.add(f);
        on.add(Thread.currentThread());
      })).isEqualTo(fleet);
    }
    assertThat(seen).isEqualTo(many);
    assertThat(on).containsOnly(Thread.currentThread());
  }

  @Test
  void readOnAThreadOfItsOwnARefusalReachesTheCallerAsItWouldHave() throws IOException {
    ScanResult fleet = fleet();
    List<Finding> many = fleet.findings();
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(fleet));
    int forged = many.size() - 3;
    ((ObjectNode) ((ArrayNode) tree.get("findings")).get(forged)).put("status", "BOGUS");
    Path file = write("scan.json", tree.toPrettyString());
    List<Finding> seen = new ArrayList<>();
    try (ScanReader reader = ScanReader.open(file)) {
      assertThatThrownBy(() -> reader.readAll(seen::add)).isInstanceOf(UsageException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("findings[" + forged + "].status")
          .hasMessageContaining("'BOGUS'");
    }
    assertThat(seen).hasSizeLessThanOrEqualTo(forged);
    Path out = dir.resolve("findings.csv");
    assertThatThrownBy(() -> ReportSet.prepare(file, ReportSet.Format.CSV, false))
        .isInstanceOf(UsageException.class).hasMessageContaining("findings[" + forged + "]");
    assertThat(out).doesNotExist();
  }

  private static ScanResult withoutArtifacts(ScanResult s) {
    return new ScanResult(s.schema(), s.run(), s.targets(), s.findings(), List.of(), s.claims(),
        s.waivers(), s.baseline(), s.processing());
  }

  @Test
  void repeatedTextsAreKeptOnce() throws IOException {
    ScanResult scan = ReportFixture.scan();
    Finding f = scan.findings().get(0);
    // Two findings of one check on two subjects: their titles and remediations are the same.
    ScanResult twice = scan.withFindings(List.of(f, f.toBuilder().subject("other").build()));
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

  /** ci20: a finding twice was counted twice ("335 findings" of a scan of 334). */
  @Test
  void aFindingTwiceIsRefusedAtItsPlaceNamingTheFirst() throws IOException {
    ScanResult scan = ReportFixture.scan();
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(scan));
    ArrayNode findings = (ArrayNode) tree.get("findings");
    findings.add(findings.get(1).deepCopy());
    Path file = write("scan.json", tree.toPrettyString());
    int twice = scan.findings().size();
    assertThatThrownBy(() -> ScanJson.read(file)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(file + ":")
        .satisfies(e -> assertThat(placedIn(e.getMessage(), file, twice)).isTrue())
        .hasMessageContaining("findings[" + twice + "]: the same finding as findings[1] at line ")
        .hasMessageContaining(" (check " + scan.findings().get(1).checkId() + ", target "
            + scan.findings().get(1).target())
        // The first is named at its own line, as the second is at its.
        .satisfies(e -> assertThat(placedIn(e.getMessage().replaceFirst(
            "(?s)^.*findings\\[1\\] at line (\\d+) .*$", "x:$1:1: "), file, 1)).isTrue());
    // Held before the run, and read in target order (the HTML's), it is refused all the same.
    ObjectNode first = tree.objectNode();
    first.set("findings", findings);
    tree.fields().forEachRemaining(e -> first.set(e.getKey(), e.getValue()));
    Path held = write("held.json", first.toPrettyString());
    assertThatThrownBy(() -> ScanJson.read(held)).hasMessageContaining("the same finding as");
    assertThatThrownBy(() -> ReportSet.prepare(file, ReportSet.Format.HTML, false))
        .hasMessageContaining("the same finding as");
  }

  /**
   * A fleet's file, more findings than the census holds in the heap (its digests go to a file in
   * sorted runs): a finding twice is still refused at its second copy's line, naming the first's,
   * whether the two are the first findings or the last; the copy whose second comes first is the
   * one named, as when the census found it as the file was read.
   */
  @Test
  void aFindingTwiceInAFileLargerThanTheCensusHeldInTheHeapIsRefusedAtItsPlace()
      throws IOException {
    ScanResult scan = ReportFixture.scan();
    Finding f = scan.findings().get(0);
    int count = RepeatedDigests.RUN + 300;
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      findings.add(f.toBuilder().subject("subject " + i).build());
    }
    Path fine = write("fine.json", ScanJson.toJson(scan.withFindings(findings)));
    assertThat(ScanJson.read(fine).findings()).isEqualTo(findings);
    List<Finding> nearEnd = new ArrayList<>(findings);
    nearEnd.set(count - 2, nearEnd.get(count - 40));
    refusedAsTwice(nearEnd, count - 2, count - 40);
    List<Finding> atStart = new ArrayList<>(findings);
    atStart.set(1, atStart.get(0));
    atStart.set(count - 1, atStart.get(count - 2));
    refusedAsTwice(atStart, 1, 0);
  }

  private void refusedAsTwice(List<Finding> findings, int twice, int first) throws IOException {
    Path file = write("twice.json", ScanJson.toJson(ReportFixture.scan().withFindings(findings)));
    Finding f = findings.get(twice);
    assertThatThrownBy(() -> ScanJson.read(file)).isInstanceOf(UsageException.class)
        .satisfies(e -> assertThat(placedIn(e.getMessage(), file, twice)).isTrue())
        .hasMessageContaining("findings[" + twice + "]: the same finding as findings[" + first
            + "] at line ")
        .hasMessageContaining(" (check " + f.checkId() + ", target " + f.target() + ", subject "
            + f.subject() + ")")
        .satisfies(e -> assertThat(placedIn(e.getMessage().replaceFirst("(?s)^.*findings\\["
            + first + "\\] at line (\\d+) .*$", "x:$1:1: "), file, first)).isTrue());
  }

  /**
   * A finding twice is found when the findings list ends, so a later finding that is refused in
   * itself is what a file with both is refused for (it was read first); one twice is still
   * refused before anything after the list.
   */
  @Test
  void aFindingTwiceIsFoundWhenTheListEndsAfterEachFindingsOwnChecks() throws IOException {
    ScanResult scan = ReportFixture.scan();
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(scan));
    ArrayNode findings = (ArrayNode) tree.get("findings");
    findings.insert(2, findings.get(1).deepCopy());
    ((ObjectNode) findings.get(findings.size() - 1)).put("status", "BOGUS");
    Path both = write("both.json", tree.toPrettyString());
    assertThatThrownBy(() -> ScanJson.read(both)).isInstanceOf(UsageException.class)
        .hasMessageContaining("findings[" + (findings.size() - 1) + "].status")
        .hasMessageContaining("'BOGUS'");
    ((ObjectNode) findings.get(findings.size() - 1)).put("status", "PASS");
    ((ObjectNode) tree.withArray("artifacts").get(0)).remove("id");
    Path after = write("after.json", tree.toPrettyString());
    assertThatThrownBy(() -> ScanJson.read(after)).isInstanceOf(UsageException.class)
        .hasMessageContaining("findings[2]: the same finding as findings[1]");
  }

  /**
   * Keys whose texts share their hash codes ("Aa" and "BB") share the census's digest: the file
   * is read again to compare the keys themselves, and two findings are never one for a digest.
   */
  @Test
  void twoFindingsWhoseKeysShareADigestAreBothRead() throws IOException {
    ScanResult scan = ReportFixture.scan();
    Finding f = scan.findings().get(0);
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    List<Finding> two = List.of(f.toBuilder().subject("Aa").build(),
        f.toBuilder().subject("BB").build());
    Path file = write("scan.json", ScanJson.toJson(scan.withFindings(two)));
    assertThat(ScanJson.read(file).findings()).isEqualTo(two);
  }

  /** ci20: "334 findings on 0 targets" was reported from a scan that lists none. */
  @Test
  void aFindingOfATargetTheScanDoesNotListIsRefusedButPolicyWideOnesBelongToNone()
      throws IOException {
    ScanResult scan = ReportFixture.scan();
    Finding f = scan.findings().get(0);
    List<Finding> withPolicyWide = new ArrayList<>(scan.findings());
    withPolicyWide.add(f.toBuilder().target(ScanResult.POLICY_TARGET).build());
    Path fine = write("fine.json", ScanJson.toJson(scan.withFindings(withPolicyWide)));
    assertThat(ScanJson.read(fine).findings()).isEqualTo(withPolicyWide);
    List<Finding> stray = new ArrayList<>(scan.findings());
    stray.add(2, f.toBuilder().target("elsewhere").build());
    Path file = write("scan.json", ScanJson.toJson(scan.withFindings(stray)));
    assertThatThrownBy(() -> ScanJson.read(file)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(file + ":")
        .satisfies(e -> assertThat(placedIn(e.getMessage(), file, 2)).isTrue())
        .hasMessageContaining("findings[2].target: 'elsewhere' is not among the scan's targets"
            + " (it lists " + scan.targets().size() + ")");
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(scan));
    tree.withArray("targets").removeAll();
    Path none = write("none.json", tree.toPrettyString());
    assertThatThrownBy(() -> ScanJson.read(none)).hasMessageContaining("findings[0].target: '"
        + scan.findings().get(0).target() + "' is not among the scan's targets (it lists none)");
  }

  /**
   * Whether {@code message} places its fault in the finding at {@code index} of the file: after
   * the previous finding's check_id line, at or before its own (its opening brace or a field).
   */
  private static boolean placedIn(String message, Path file, int index) throws IOException {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+):\\d+: ")
        .matcher(message);
    assertThat(m.find()).as(message).isTrue();
    int line = Integer.parseInt(m.group(1));
    List<Integer> checkIds = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().startsWith("\"check_id\"")) {
        checkIds.add(i + 1);
      }
    }
    int before = index == 0 ? 0 : checkIds.get(index - 1);
    int next = index + 1 < checkIds.size() ? checkIds.get(index + 1) : Integer.MAX_VALUE;
    return line > before && line < next;
  }

  /** Found in CI: the SARIF given as --baseline was refused as a scan of another version. */
  @Test
  void aFileWithNoSchemaIsNamedAsNoScanNotAsAnotherVersion() throws IOException {
    Path sarif = dir.resolve("results.sarif");
    Files.writeString(sarif, "{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\","
        + " \"version\": \"2.1.0\", \"runs\": []}");
    assertThatThrownBy(() -> ScanJson.read(sarif)).isInstanceOf(UsageException.class)
        .hasMessage(sarif + ": not a secaudit scan.json (no \"schema\" field): it is a SARIF log;"
            + " give the scan.json written beside it; write one with 'secaudit scan -o DIR'");
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"not\": \"a scan\"}");
    assertThatThrownBy(() -> ScanJson.read(other)).isInstanceOf(UsageException.class)
        .hasMessage(other + ": not a secaudit scan.json (no \"schema\" field); write one with"
            + " 'secaudit scan -o DIR'");
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
    List<Finding> many = copies(scan, 1000);
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
   * The targets before the findings are held as text until the file ends (HeldTargets): read
   * back they are the scan's, and a refused one is named by its path, the checks of every
   * target before the binding of any, at its line and column.
   */
  @Test
  void targetsHeldAsTextAreTheScansAndARefusedOneIsNamedByItsPath() throws Exception {
    ScanResult scan = ReportFixture.scan();
    assertThat(scan.targets()).hasSizeGreaterThan(1);
    String json = ScanJson.toJson(scan);
    try (ScanReader reader = ScanReader.open(write("held.json", json))) {
      reader.forEachRemaining(f -> { });
      assertThat(reader.withoutFindings().targets()).isEqualTo(scan.targets());
    }
    com.fasterxml.jackson.databind.ObjectMapper plain =
        new com.fasterxml.jackson.databind.ObjectMapper();
    ObjectNode tree = (ObjectNode) plain.readTree(json);
    ((ObjectNode) tree.get("targets").get(1)).putObject("url").put("a", 1);
    String urlJson = plain.writeValueAsString(tree);
    Path urlObject = write("url.json", urlJson);
    // One line: the column is where the second target's url object opens.
    int urlAt = urlJson.indexOf("\"url\":{\"a\":1}") + "\"url\":".length() + 1;
    assertThatThrownBy(() -> ScanJson.read(urlObject)).isInstanceOf(UsageException.class)
        .hasMessage(urlObject + ":1:" + urlAt + ": targets[1].url: expected text, got an"
            + " object; re-run the scan");
    // A later target's state is refused before the first's URL is bound.
    int last = tree.get("targets").size() - 1;
    ((ObjectNode) tree.get("targets").get(last)).put("state", "SLEEPING");
    Path both = write("both.json", plain.writeValueAsString(tree));
    assertThatThrownBy(() -> ScanJson.read(both)).isInstanceOf(UsageException.class)
        .hasMessageContaining("targets[" + last + "].state").hasMessageContaining("SLEEPING");
    ((ArrayNode) tree.get("targets")).insert(0, 7);
    String numberJson = plain.writeValueAsString(tree);
    Path number = write("number.json", numberJson);
    int sevenAt = numberJson.indexOf("\"targets\":[7") + "\"targets\":[".length() + 1;
    assertThatThrownBy(() -> ScanJson.read(number)).isInstanceOf(UsageException.class)
        .hasMessage(number + ":1:" + sevenAt + ": targets[0]: expected an object, got a number;"
            + " re-run the scan");
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
