package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.scan.Gate;
import dev.secaudit.scan.Scanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'report --from' writes the HTML of a scan whose findings come target by target holding one
 * target's findings (HtmlGroups, HtmlPage); its bytes must be those of the page built from the
 * whole scan (ReportModelBuilder), and any file it cannot read so is read whole.
 */
class HtmlGroupsTest {
  @TempDir Path dir;

  private static ScanResult fleet(int copies) {
    return ReportFixture.fleet(copies, true);
  }

  private Path write(ScanResult scan) throws IOException {
    return write(dir, scan);
  }

  static Path write(Path dir, ScanResult scan) throws IOException {
    Path file = Files.createTempFile(dir, "scan", ".json");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      ScanJson.write(scan, w);
    }
    return file;
  }

  /** The page built from the whole scan, at the gate it recorded. */
  static byte[] whole(Path file) throws IOException {
    ScanResult scan = ScanJson.read(file);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    ReportSet.render(scan, Gate.recorded(scan), ReportSet.Format.HTML, null, w);
    w.flush();
    return out.toByteArray();
  }

  private byte[] streamed(Path file, long memory) throws IOException {
    return streamed(dir, file, memory);
  }

  /** The page read target by target, its stores in temporary files past {@code memory}. */
  static byte[] streamed(Path dir, Path file, long memory) throws IOException {
    Path spill = Files.createDirectories(dir.resolve("spill"));
    HtmlPage page = HtmlPage.read(file, spill, memory);
    assertThat(page).as("read target by target").isNotNull();
    GateVerdict gate = page.gate();
    GateVerdict recorded = Gate.recorded(ScanJson.read(file));
    assertThat(gate.describe()).isEqualTo(recorded.describe());
    assertThat(gate.alsoIncomplete()).isEqualTo(recorded.alsoIncomplete());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new HtmlReport().render(page, gate, out);
    } finally {
      page.close();
    }
    try (Stream<Path> left = Files.list(spill)) {
      assertThat(left.count()).as("no temporary file is left").isZero();
    }
    return out.toByteArray();
  }

  /** What 'report --from' writes: through ReportSet.prepare, either way. */
  static byte[] prepared(Path file) throws IOException {
    ReportSet.Prepared report = ReportSet.prepare(file, ReportSet.Format.HTML, false);
    GateVerdict gate = report.recordedGate() != null
        ? report.recordedGate() : Gate.recorded(report.scan());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    report.write(gate, null, out);
    return out.toByteArray();
  }

  @Test
  void aFleetPastTheWrittenRowsGivesTheSameBytesThroughTemporaryFiles() throws IOException {
    ScanResult scan = fleet(220);
    // Past the rows written as HTML, and a requirement with more findings than it links.
    assertThat(scan.findings().stream().filter(f -> f.status() != Status.MANUAL).count())
        .isGreaterThan(ReportModel.STATIC_ROWS);
    assertThat(scan.findings().stream().filter(f -> f.mappings().stream()
        .anyMatch(m -> m.toString().equals("soc2:CC6.1"))).count())
        .isGreaterThan(ReportModel.MAX_LINKS);
    Path file = write(scan);
    byte[] whole = whole(file);
    String html = new String(whole, StandardCharsets.UTF_8);
    assertThat(html)
        .contains("more findings of soc2:CC6.1 (the findings table filtered to it)")
        .contains("href=\"?requirement=soc2%3ACC6.1#findings\"")
        .contains("-2\"");
    // The row lists its findings most urgent first: no PASS before a FAIL or an ERROR.
    org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(html);
    java.util.Map<String, String> statusOf = new java.util.HashMap<>();
    doc.select("#findings-table tr[id]").forEach(tr -> statusOf.put(tr.id(),
        tr.attr("data-status")));
    com.fasterxml.jackson.databind.JsonNode data = new com.fasterxml.jackson.databind
        .ObjectMapper().readTree(doc.getElementById("findings-data").data());
    data.get("r").forEach(r -> statusOf.put(data.get("s").get(r.get(0).asInt()).asText(),
        data.get("s").get(r.get(1).asInt()).asText()));
    org.jsoup.nodes.Element row = doc.select("#compliance tr").stream()
        .filter(tr -> tr.select("td code").text().equals("CC6.1")).findFirst().orElseThrow();
    List<Status> linked = new ArrayList<>();
    for (org.jsoup.nodes.Element a : row.select("a[href^=#]")) {
      String status = statusOf.get(a.attr("href").substring(1));
      if (status != null) {
        linked.add(Status.valueOf(status));
      }
    }
    assertThat(linked).hasSizeGreaterThan(ReportModel.MAX_LINKS / 2).isSorted();
    List<Status> all = scan.findings().stream().filter(f -> f.mappings().stream()
        .anyMatch(m -> m.toString().equals("soc2:CC6.1"))).map(Finding::status).sorted()
        .toList();
    assertThat(all.get(0)).isNotEqualTo(all.get(all.size() - 1));
    assertThat(linked.get(0)).isEqualTo(all.get(0));
    assertThat(streamed(file, 0)).isEqualTo(whole);
    assertThat(prepared(file)).isEqualTo(whole);
  }

  @Test
  void aSmallFleetInMemoryGivesTheSameBytes() throws IOException {
    Path file = write(fleet(4));
    assertThat(streamed(file, TargetGroups.MEMORY)).isEqualTo(whole(file));
  }

  @Test
  void theFixtureAndItsFleetsOfEverySizeGiveTheSameBytes() throws IOException {
    ScanResult one = ReportFixture.scan();
    one = one.withFindings(fleetOrder(one));
    Path file = write(one);
    assertThat(streamed(file, 0)).isEqualTo(whole(file));
    for (int copies : new int[] {1, 2, 13}) {
      Path fleet = write(fleet(copies));
      assertThat(streamed(fleet, 0)).isEqualTo(whole(fleet));
    }
  }

  private static List<Finding> fleetOrder(ScanResult scan) {
    List<Finding> sorted = new ArrayList<>(scan.findings());
    sorted.sort(Scanner.reportOrder(scan.targets().stream().map(TargetState::name).toList()));
    return sorted;
  }

  @Test
  void targetsInAnotherOrderThanThePopulationStillComeOutInItsOrder() throws IOException {
    ScanResult scan = fleet(30);
    List<Finding> reversed = new ArrayList<>(scan.findings());
    Collections.reverse(reversed);
    Path file = write(scan.withFindings(reversed));
    assertThat(streamed(file, 0)).isEqualTo(whole(file));
  }

  @Test
  void aFileNotGroupedByTargetIsReadAgainInTargetOrderWithTheSameBytes() throws IOException {
    ScanResult scan = fleet(30);
    List<Finding> shuffled = new ArrayList<>(scan.findings());
    Collections.shuffle(shuffled, new Random(19));
    Path file = write(scan.withFindings(shuffled));
    byte[] whole = whole(file);
    assertThat(streamed(file, 0)).isEqualTo(whole);
    assertThat(streamed(file, TargetGroups.MEMORY)).isEqualTo(whole);
    assertThat(prepared(file)).isEqualTo(whole);
  }

  @Test
  void aFleetPastTheWrittenRowsInRoundRobinGivesTheSameBytes() throws IOException {
    ScanResult scan = fleet(220);
    // Every target's findings spread through the file, as a tool that sorts by check would.
    List<Finding> all = scan.findings();
    List<Finding> spread = new ArrayList<>();
    for (int start = 0; start < 11; start++) {
      for (int i = start; i < all.size(); i += 11) {
        spread.add(all.get(i));
      }
    }
    Path file = write(scan.withFindings(spread));
    assertThat(streamed(file, 0)).isEqualTo(whole(file));
  }

  @Test
  void aFaultMetOnlyInTargetOrderIsRefusedAsTheWholeFileIsRefused() throws IOException {
    ScanResult scan = fleet(6);
    List<Finding> shuffled = new ArrayList<>(scan.findings());
    Collections.shuffle(shuffled, new Random(5));
    Path good = write(scan.withFindings(shuffled));
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(good.toFile());
    var findings = (com.fasterxml.jackson.databind.node.ArrayNode) tree.get("findings");
    // Two faults past the point where the file is seen to be scattered: the one first in the
    // file's order is named, though target order may reach the other first.
    int last = findings.size() - 1;
    ((com.fasterxml.jackson.databind.node.ObjectNode) findings.get(last - 3)).put("status", "NOPE");
    ((com.fasterxml.jackson.databind.node.ObjectNode) findings.get(last)).put("severity", 7);
    for (int i : new int[] {last - 3, last}) {
      Path file = Files.createTempFile(dir, "bad", ".json");
      com.fasterxml.jackson.databind.node.ObjectNode copy = tree.deepCopy();
      if (i == last) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.withArray("findings").get(last - 3))
            .put("status", "PASS");
      }
      json.writeValue(file.toFile(), i == last ? copy : tree);
      String expected = refusal(() -> ScanJson.read(file));
      assertThat(expected).contains("findings[" + i + "]");
      assertThat(refusal(() -> prepared(file))).isEqualTo(expected);
    }
  }

  private interface Reading {
    void run() throws IOException;
  }

  private static String refusal(Reading reading) {
    try {
      reading.run();
    } catch (dev.secaudit.policy.UsageException e) {
      return e.getMessage();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError("not refused");
  }

  @Test
  void aShuffledFileOfCopiesGivesTheSameBytes() throws IOException {
    ScanResult scan = fleet(3);
    List<Finding> copies = new ArrayList<>(scan.findings());
    // Copies under another subject: a scan holds each key once, and readers refuse one twice.
    scan.findings().forEach(f -> copies.add(f.toBuilder().subject(f.subject() + " copy")
        .build()));
    Collections.shuffle(copies, new Random(23));
    Path file = write(scan.withFindings(copies));
    assertThat(prepared(file)).isEqualTo(whole(file));
  }

  @Test
  void targetsWhoseAnchorsCanClashAreReadWholeWithTheSameBytes() throws IOException {
    ScanResult scan = fleet(3);
    // "app-1" beside "app-1-2": a row of the one can take the other's anchor.
    List<TargetState> targets = new ArrayList<>(scan.targets());
    targets.add(new TargetState("app-1-2", "https://x.test", TargetState.State.EVALUATED, ""));
    List<Finding> findings = new ArrayList<>(scan.findings());
    findings.add(scan.findings().get(0).toBuilder().target("app-1-2").build());
    ScanResult clashing = new ScanResult(scan.schema(), scan.run(), targets, findings,
        scan.artifacts(), scan.claims());
    Path file = write(clashing.withFindings(fleetOrder(clashing)));
    assertThat(HtmlPage.read(file, dir, 0)).isNull();
    assertThat(prepared(file)).isEqualTo(whole(file));
  }

  @Test
  void aFindingTwiceIsRefusedReadByTargetAsReadWhole() throws IOException {
    ScanResult scan = fleet(3);
    List<Finding> findings = new ArrayList<>(scan.findings());
    findings.add(findings.get(0));
    ScanResult twice = scan.withFindings(findings);
    Path file = write(twice.withFindings(fleetOrder(twice)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HtmlPage.read(file, dir, 0))
        .hasMessageContaining("the same finding as findings[0]");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> whole(file))
        .hasMessageContaining("the same finding as findings[0]");
  }
}
