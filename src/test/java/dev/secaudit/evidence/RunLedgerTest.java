package dev.secaudit.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Status;
import dev.secaudit.policy.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real history file with three runs, then edited, cut and shuffled. */
class RunLedgerTest {
  @TempDir Path dir;
  Path file;

  @BeforeEach
  void threeRuns() throws Exception {
    file = dir.resolve("history.jsonl");
    RunLedger.append(file, EvidenceFixture.scan("run-1", Status.FAIL), "FAILED", null);
    RunLedger.append(file, EvidenceFixture.scan("run-2", Status.FAIL), "FAILED", "cd".repeat(32));
    RunLedger.append(file, EvidenceFixture.scan("run-3", Status.PASS), "INCOMPLETE", null);
  }

  private List<String> lines() throws Exception {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  private void write(List<String> lines) throws Exception {
    Files.writeString(file, String.join("\n", lines) + "\n");
  }

  @Test
  void eachLineNamesThePreviousLinesHashAndSummarisesItsRun() throws Exception {
    List<String> lines = lines();
    assertThat(lines).hasSize(3);
    ObjectMapper json = new ObjectMapper();
    String prev = RunLedger.GENESIS;
    for (int i = 0; i < 3; i++) {
      JsonNode n = json.readTree(lines.get(i));
      assertThat(n.get("seq").asInt()).isEqualTo(i + 1);
      assertThat(n.get("prev").asText()).isEqualTo(prev);
      prev = Artifact.sha256(lines.get(i));
    }
    JsonNode second = json.readTree(lines.get(1));
    assertThat(second.get("run_id").asText()).isEqualTo("run-2");
    assertThat(second.get("gate").asText()).isEqualTo("FAILED");
    assertThat(second.get("evidence_manifest_sha256").asText()).isEqualTo("cd".repeat(32));
    assertThat(second.at("/counts/FAIL").asInt()).isEqualTo(2);
    assertThat(second.at("/targets/UNREACHABLE").asInt()).isEqualTo(1);
    assertThat(second.get("results").toString())
        .contains("[\"cookie.secure\",\"app\",\"_tracking\",\"FAIL\"]")
        .contains("[\"hsts.max_age\",\"app\",\"\",\"FAIL\"]");
    assertThat(json.readTree(lines.get(2)).get("results").toString())
        .contains("[\"hsts.max_age\",\"app\",\"\",\"PASS\"]");
    RunLedger.Verification v = RunLedger.verify(file);
    assertThat(v.intact()).as(v.problems().toString()).isTrue();
    assertThat(v.runs()).isEqualTo(3);
    assertThat(v.head()).isEqualTo(prev);
  }

  @Test
  void theSameRunAfterTheSameHistoryGivesTheSameLine() {
    String a = RunLedger.line(1, RunLedger.GENESIS, EvidenceFixture.scan("r", Status.FAIL),
        "FAILED", null);
    String b = RunLedger.line(1, RunLedger.GENESIS, EvidenceFixture.scan("r", Status.FAIL),
        "FAILED", null);
    assertThat(a).isEqualTo(b).doesNotContain("\n");
  }

  @Test
  void anEditedLineIsDetectedWhereverItIs() throws Exception {
    for (int i = 0; i < 3; i++) {
      threeRunsAgain();
      List<String> lines = lines();
      lines.set(i, lines.get(i).replace("\"FAIL\"]", "\"PASS\"]"));
      assertThat(lines.get(i)).isNotEqualTo(lines().get(i));
      write(lines);
      RunLedger.Verification v = RunLedger.verify(file);
      assertThat(v.intact()).as("line " + (i + 1)).isFalse();
      assertThat(v.problems().get(0)).startsWith("line " + (i + 1) + ": edited");
    }
  }

  @Test
  void anEditWithItsOwnHashRecomputedStillBreaksTheChain() throws Exception {
    List<String> lines = lines();
    String forged = lines.get(0).replace("\"FAILED\"", "\"PASSED\"");
    String prefix = forged.substring(0, forged.lastIndexOf(",\"sha256\":\""));
    lines.set(0, prefix + ",\"sha256\":\"" + Artifact.sha256(prefix) + "\"}");
    write(lines);
    RunLedger.Verification v = RunLedger.verify(file);
    assertThat(v.problems()).singleElement().asString().startsWith("line 2: prev does not match");
  }

  @Test
  void aDroppedLineIsDetected() throws Exception {
    List<String> lines = lines();
    lines.remove(1);
    write(lines);
    assertThat(RunLedger.verify(file).problems().get(0)).startsWith("line 2: seq 3");
  }

  @Test
  void swappedLinesAreDetected() throws Exception {
    List<String> lines = lines();
    String first = lines.get(0);
    lines.set(0, lines.get(1));
    lines.set(1, first);
    write(lines);
    RunLedger.Verification v = RunLedger.verify(file);
    assertThat(v.intact()).isFalse();
    assertThat(v.problems().get(0)).startsWith("line 1: seq 2");
  }

  @Test
  void anInsertedLineIsDetected() throws Exception {
    List<String> lines = lines();
    lines.add(1, lines.get(0));
    write(lines);
    assertThat(RunLedger.verify(file).problems().get(0)).startsWith("line 2: seq 1");
    lines = lines();
    lines.add(2, "{\"seq\": 3}");
    write(lines);
    assertThat(RunLedger.verify(file).intact()).isFalse();
  }

  @Test
  void droppingTheNewestLinesIsDetectedAgainstAPinnedHead() throws Exception {
    String head = RunLedger.verify(file).head();
    RunLedger.append(file, EvidenceFixture.scan("run-4", Status.PASS), "PASSED", null);
    assertThat(RunLedger.verify(file).pinned(List.of(head)).intact()).isTrue();
    List<String> lines = lines();
    write(lines.subList(0, 2));
    RunLedger.Verification cut = RunLedger.verify(file);
    assertThat(cut.intact()).as("a chain alone cannot see its end cut").isTrue();
    assertThat(cut.pinned(List.of(head)).problems()).singleElement().asString()
        .contains("pinned line " + head + " is not in the history");
  }

  @Test
  void aCutLastLineIsDetected() throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
    assertThat(RunLedger.verify(file).problems()).singleElement().asString()
        .contains("not terminated by a newline");
  }

  @Test
  void appendingToATamperedHistoryIsRefusedAndLeavesItAsItWas() throws Exception {
    List<String> lines = lines();
    lines.remove(0);
    write(lines);
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> RunLedger.requireAppendable(file))
        .isInstanceOf(UsageException.class).hasMessageContaining("does not verify");
    assertThatThrownBy(() -> RunLedger.append(file, EvidenceFixture.scan("run-4", Status.PASS),
        "PASSED", null)).isInstanceOf(UsageException.class);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void aMissingHistoryMayBeCreatedButNotVerified() throws Exception {
    RunLedger.requireAppendable(dir.resolve("new.jsonl"));
    assertThatThrownBy(() -> RunLedger.verify(dir.resolve("new.jsonl")))
        .isInstanceOf(UsageException.class).hasMessageContaining("no such file");
  }

  private void threeRunsAgain() throws Exception {
    Files.delete(file);
    threeRuns();
  }
}
