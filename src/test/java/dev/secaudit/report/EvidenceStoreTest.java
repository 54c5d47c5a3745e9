package dev.secaudit.report;

import static dev.secaudit.report.HtmlGroupsTest.prepared;
import static dev.secaudit.report.HtmlGroupsTest.whole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.model.Status;
import dev.secaudit.policy.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence appendix of 'report --from' a scan read target by target is written from a store
 * (EvidenceStore), its anchors made again where they are needed; its bytes must be those of the
 * page built from the whole scan's list of artifacts (ReportRows), whatever the artifacts' ids:
 * cited by several findings, by none, by a claim only, by rows written as HTML and by rows past
 * them, an id twice, ids whose anchors clash, ids with no slug, ids made printable.
 */
class EvidenceStoreTest {
  @TempDir Path dir;

  private static final Instant AT = Instant.parse("2026-03-01T10:00:02Z");

  private static Artifact artifact(String id, String content) {
    return Artifact.of(id, "app-1", ArtifactKind.Known.HTTP_EXCHANGE, AT, "summary of " + id,
        content);
  }

  /** Ids whose anchors clash under the full rule, and ids with no slug. */
  private static List<String> clashingIds() {
    // "a b" is lossy: its base is "e-a-b-" and its hash, which "a-b-<hash>" spells out.
    String hashed = new Anchors().base("", "a b");
    return List.of("a b", "a-b", "a-b", hashed, "☃", "★", "☃", "x", "x", "x-2", "x-2-3",
        "ctl\u001b1", "ctl\u001b1");
  }

  /**
   * The fixture's fleet with every kind of artifact: the fleet's own (several findings cite
   * each, "unused-k" none), clashing and slug-less ids cited by a written row, by a row past the
   * written ones and by claims, one cited by a claim only, and contents a page must escape.
   */
  private static ScanResult fleetWithEveryArtifact(int copies) {
    ScanResult fleet = ReportFixture.fleet(copies, true);
    List<Artifact> artifacts = new ArrayList<>();
    List<String> clashing = clashingIds();
    for (int i = 0; i < fleet.artifacts().size(); i++) {
      artifacts.add(fleet.artifacts().get(i));
      // The clashing ones among the fleet's, apart from each other.
      if (i % 7 == 3 && i / 7 < clashing.size()) {
        String id = clashing.get(i / 7);
        artifacts.add(artifact(id, "exchange of " + id + "\r\n" + ReportFixture.PRE_BREAKOUT
            + " 😀 " + i));
      }
    }
    artifacts.add(artifact("claim-only", "cited by a claim, by no finding"));
    List<String> cited = new ArrayList<>(clashing);
    cited.add("never-recorded");
    List<Finding> findings = new ArrayList<>();
    boolean writtenCites = false;
    for (Finding f : fleet.findings()) {
      boolean firstFail = !writtenCites && f.target().equals("app-1")
          && f.status() == Status.FAIL;
      boolean lastInfo = f.target().equals("api-" + copies) && f.status() == Status.INFO;
      if (firstFail || lastInfo) {
        List<String> evidence = new ArrayList<>(f.evidence());
        evidence.addAll(cited);
        f = f.toBuilder().evidence(evidence).build();
        writtenCites |= firstFail;
      }
      findings.add(f);
    }
    List<ClaimRecord> claims = new ArrayList<>(fleet.claims());
    ClaimRecord c = fleet.claims().get(0);
    claims.add(new ClaimRecord("backups.tested", "restores tested monthly", c.category(),
        c.checks(), c.mappings(), c.owner(), c.date(),
        List.of("claim-only", "x-2", "☃", "http-api-1-2", "not-an-artifact")));
    return new ScanResult(fleet.schema(), fleet.run(), fleet.targets(), findings, artifacts,
        claims);
  }

  @Test
  void aFleetsAppendixIsTheWholeScansByteForByteThroughTemporaryFilesAndInMemory()
      throws IOException {
    ScanResult scan = fleetWithEveryArtifact(220);
    assertThat(scan.findings().stream().filter(f -> f.status() != Status.MANUAL).count())
        .isGreaterThan(ReportModel.STATIC_ROWS);
    Path file = HtmlGroupsTest.write(dir, scan);
    byte[] whole = whole(file);
    String page = new String(whole, StandardCharsets.UTF_8);
    String hashed = new Anchors().base("e-", "a b");
    // The full rule did number these, so the case is among the rows.
    assertThat(page).contains("id=\"e-a-b-2\"", "id=\"" + hashed + "\"",
        "id=\"" + hashed + "-2\"", "id=\"e-x-2\"", "id=\"e-x-2-2\"",
        "never-recorded (not recorded)", "href=\"#e-claim-only\"", "href=\"#e-a-b\"",
        "href=\"#" + hashed + "-2\"", "href=\"#e-x-2-2\"");
    assertThat(HtmlGroupsTest.streamed(dir, file, 0)).isEqualTo(whole);
    assertThat(HtmlGroupsTest.streamed(dir, file, TargetGroups.MEMORY)).isEqualTo(whole);
    assertThat(prepared(file)).isEqualTo(whole);
  }

  @Test
  void smallFleetsAndNoArtifactsAtAllGiveTheSameBytes() throws IOException {
    for (int copies : new int[] {1, 3}) {
      Path file = HtmlGroupsTest.write(dir, fleetWithEveryArtifact(copies));
      assertThat(HtmlGroupsTest.streamed(dir, file, 0)).isEqualTo(whole(file));
    }
    ScanResult fleet = ReportFixture.fleet(2, false);
    ScanResult none = new ScanResult(fleet.schema(), fleet.run(), fleet.targets(),
        fleet.findings(), List.of(), fleet.claims());
    Path file = HtmlGroupsTest.write(dir, none);
    byte[] whole = whole(file);
    assertThat(new String(whole, StandardCharsets.UTF_8))
        .contains("No artifacts were recorded.");
    assertThat(HtmlGroupsTest.streamed(dir, file, 0)).isEqualTo(whole);
  }

  @Test
  void artifactsListedBeforeTheFindingsAreStoredAllTheSame() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree = (ObjectNode) json.readTree(ScanJson.toJson(fleetWithEveryArtifact(3)));
    ObjectNode reordered = json.createObjectNode();
    for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e : tree.properties()) {
      if (e.getKey().equals("findings")) {
        reordered.set("artifacts", tree.get("artifacts"));
      }
      if (!e.getKey().equals("artifacts")) {
        reordered.set(e.getKey(), e.getValue());
      }
    }
    Path file = Files.writeString(dir.resolve("artifacts-first.json"),
        json.writeValueAsString(reordered));
    assertThat(HtmlGroupsTest.streamed(dir, file, 0)).isEqualTo(whole(file));
  }

  @Test
  void aFileListingItsArtifactsTwiceIsRefusedEitherWay() throws IOException {
    ScanResult scan = fleetWithEveryArtifact(3);
    ScanResult without = new ScanResult(scan.schema(), scan.run(), scan.targets(),
        scan.findings(), List.of(), scan.claims());
    String text = ScanJson.toJson(without).strip();
    ObjectMapper json = new ObjectMapper();
    String first = json.writeValueAsString(json.readTree(ScanJson.toJson(scan)).get("artifacts"));
    String last = first.replace("exchange of", "from the last list: exchange of");
    Path file = Files.writeString(dir.resolve("twice.json"), text.substring(0,
        text.length() - 1) + ",\"artifacts\":" + first + ",\"artifacts\":" + last + "}");
    // Which list is meant is not for a reader to guess (one tool takes the first, another the
    // last): refused at the second, by the whole file's reader and the streamed one alike.
    String written = Files.readString(file);
    int line = written.substring(0, written.lastIndexOf(",\"artifacts\":")).split("\n", -1)
        .length;
    String refusal = file + ":" + line + ":";
    assertThatThrownBy(() -> ScanJson.read(file)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(refusal)
        .hasMessageContaining("the field 'artifacts' appears twice in one object");
    assertThatThrownBy(() -> HtmlPage.read(file, dir, 0)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(refusal).hasMessageContaining("'artifacts' appears twice");
    assertThatThrownBy(() -> new CsvReport().read(file)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(refusal).hasMessageContaining("'artifacts' appears twice");
  }

  @Test
  void aNullArtifactIsRefusedAtItsPlaceAndAnArtifactWithNoKindIsShownEitherWay()
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree = (ObjectNode) json.readTree(ScanJson.toJson(fleetWithEveryArtifact(2)));
    // A marker in the null's place, found in the text and then made the null: one line, so
    // the column is where the null stands.
    ((com.fasterxml.jackson.databind.node.ArrayNode) tree.get("artifacts")).set(2,
        com.fasterxml.jackson.databind.node.TextNode.valueOf("NULL-HERE"));
    String marked = json.writeValueAsString(tree);
    int nullAt = marked.indexOf("\"NULL-HERE\"") + 1;
    Path nulled = Files.writeString(dir.resolve("null.json"),
        marked.replace("\"NULL-HERE\"", "null"));
    String refusal = nulled + ":1:" + nullAt + ": artifacts[2]: missing";
    assertThatThrownBy(() -> ScanJson.read(nulled)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(refusal);
    assertThatThrownBy(() -> HtmlPage.read(nulled, dir, 0)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(refusal);
    assertThatThrownBy(() -> new CsvReport().read(nulled)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith(refusal);

    tree = (ObjectNode) json.readTree(ScanJson.toJson(fleetWithEveryArtifact(2)));
    ((ObjectNode) tree.get("artifacts").get(1)).remove("kind");
    Path noKind = Files.writeString(dir.resolve("no-kind.json"), json.writeValueAsString(tree));
    byte[] whole = whole(noKind);
    assertThat(new String(whole, StandardCharsets.UTF_8)).contains("<dt>Kind</dt><dd></dd>");
    assertThat(HtmlGroupsTest.streamed(dir, noKind, 0)).isEqualTo(whole);
  }
}
