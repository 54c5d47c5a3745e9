package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.demo.DemoTarget;
import dev.secaudit.evidence.ManifestSigner;
import dev.secaudit.model.Artifact;
import dev.secaudit.probe.tls.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle is tied to its history line by the manifest's SHA-256, and to its signer by the
 * certificate that signed: two real scans of the demo target into one history, then bundles
 * swapped, re-signed and lines rechained, each refused naming what differs.
 */
class EvidenceInHistoryEndToEndTest {
  @TempDir static Path dir;
  static DemoTarget target;
  static Path policy;
  static Path ca;
  static Path history;
  static Path first;
  static Path second;
  static Path[] forger;
  static Path[] otherName;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void twoSignedRunsInOneHistory() throws Exception {
    target = DemoTarget.start();
    policy = DemoPolicyFiles.write(dir, target);
    Instant now = Instant.now();
    TestPki pki = new TestPki("Audit Evidence", now);
    Path[] signer = pki.issue(TestPki.Spec.good(now)).writePem(
        Files.createDirectories(dir.resolve("keys/signer")));
    ca = pki.writeRoot(dir.resolve("keys/ca.pem"));
    // Another CA's key under the signer's very name, and one of the company CA under another.
    forger = new TestPki("Forger", now).issue(TestPki.Spec.good(now)).writePem(
        Files.createDirectories(dir.resolve("keys/forger")));
    otherName = pki.issue(TestPki.Spec.good(now).names(List.of("intern.example"), List.of()))
        .writePem(Files.createDirectories(dir.resolve("keys/intern")));
    history = dir.resolve("history.jsonl");
    first = dir.resolve("evidence-1");
    second = dir.resolve("evidence-2");
    for (Path ev : List.of(first, second)) {
      Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-q", "--color", "never",
          "--evidence", ev.toString(), "--sign-key", signer[1].toString(), "--sign-cert",
          signer[0].toString(), "--history", history.toString());
      assertThat(scan.code()).as(scan.out() + scan.err()).isEqualTo(ExitCode.FAILED.code);
    }
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @Test
  void eachBundleIsTheOneItsHistoryLineNames() throws Exception {
    Cli.Result v = verify(first, "--ca-file", ca.toString(), "--history", history.toString());
    assertThat(v.code()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("history: line 1 (run " + runId(first) + ", line sha256 "
        + lineSha(0) + ") names this manifest (sha256 " + manifestSha(first) + ")")
        .contains("(integrity and authenticity)");
    // The auditor picked line 2 from the period report by its line sha256.
    Cli.Result picked = verify(second, "--ca-file", ca.toString(), "--history",
        history.toString(), "--run", lineSha(1));
    assertThat(picked.code()).as(picked.out()).isZero();
    assertThat(picked.out()).contains("history: line 2 (run " + runId(second));
  }

  @Test
  void aBundleSwappedForAnotherRunsIsRefusedNamingWhatDiffers() throws Exception {
    // Asked for run 1, handed run 2's (intact, signed, trusted) bundle.
    Cli.Result v = verify(second, "--ca-file", ca.toString(), "--history", history.toString(),
        "--run", "1");
    assertThat(v.code()).as(v.out()).isEqualTo(ExitCode.FAILED.code);
    assertThat(v.out()).contains("history: line 1 (run " + runId(first) + ") names manifest"
        + " sha256 " + manifestSha(first) + ", this bundle's manifest.json is "
        + manifestSha(second))
        .contains("run_id (line " + runId(first) + ", manifest " + runId(second) + ")")
        .contains("TAMPERED");
    assertThat(verify(second, "--history", history.toString(), "--run", runId(first)).out())
        .contains("history: line 1 (run " + runId(first) + ") names manifest");

    // A history that never held the bundle's run: cut to its first line.
    Path cut = dir.resolve("history-cut.jsonl");
    Files.writeString(cut, Files.readAllLines(history).get(0) + "\n");
    Cli.Result absent = verify(second, "--ca-file", ca.toString(), "--history", cut.toString());
    assertThat(absent.code()).isEqualTo(ExitCode.FAILED.code);
    assertThat(absent.out()).contains("history: the history has no line for run "
        + runId(second) + " (the bundle's run)");

    Cli.Result noRun = verify(first, "--history", history.toString(), "--run", "7");
    assertThat(noRun.code()).isEqualTo(ExitCode.FAILED.code);
    assertThat(noRun.out()).contains("the history has no run 7");
    Cli.Result runAlone = verify(first, "--run", "1");
    assertThat(runAlone.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(runAlone.err()).contains("add --history FILE");
  }

  @Test
  void aManifestReSignedByAnotherKeyIsRefusedNamingBothSigners() throws Exception {
    // Edited, then re-signed under the old name by another CA's key of the same subject.
    Path sameName = copy(first, "resigned-same-name");
    Path m = sameName.resolve("manifest.json");
    Files.writeString(m, Files.readString(m).replace("\"secaudit\"", "\"secaudit \""));
    resign(sameName, forger);
    Cli.Result v = verify(sameName);
    assertThat(v.code()).as(v.out()).isEqualTo(ExitCode.FAILED.code);
    assertThat(v.out()).contains("signature: INVALID: manifest.json names the certificate sha256")
        .contains("signed with another certificate of that name")
        .contains("CN=Forger Root)");

    // Unedited, re-signed by a key the company CA did issue, to someone else: the CA check
    // passes, the name does not.
    Path renamed = copy(first, "resigned-other-name");
    resign(renamed, otherName);
    Cli.Result r = verify(renamed, "--ca-file", ca.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(ExitCode.FAILED.code);
    assertThat(r.out()).contains("manifest.json names signer CN=localhost but it was signed by"
        + " CN=intern.example");
  }

  @Test
  void aLineEditedWithItsCountsAndRechainedIsRefusedAgainstTheBundle() throws Exception {
    // A FAIL turned PASS in line 1's results and counts alike: the line agrees with itself and
    // the chain is recomputed, so only the bundle's scan.json can tell.
    List<String> lines = Files.readAllLines(history);
    ObjectNode line = (ObjectNode) JSON.readTree(lines.get(0));
    for (var r : (ArrayNode) line.get("results")) {
      if (r.get(3).asText().equals("FAIL")) {
        ((ArrayNode) r).set(3, "PASS");
        break;
      }
    }
    ObjectNode counts = (ObjectNode) line.get("counts");
    counts.put("FAIL", counts.get("FAIL").asInt() - 1);
    counts.put("PASS", counts.get("PASS").asInt() + 1);
    List<String> edited = new ArrayList<>(lines);
    edited.set(0, JSON.writeValueAsString(line));
    Path forged = dir.resolve("history-forged.jsonl");
    Files.writeString(forged, rechain(edited));
    assertThat(Cli.run("history", "verify", forged.toString()).code())
        .as("the forged line agrees with itself").isEqualTo(ExitCode.INTEGRITY_ONLY.code);
    Cli.Result v = verify(first, "--ca-file", ca.toString(), "--history", forged.toString());
    assertThat(v.code()).as(v.out()).isEqualTo(ExitCode.FAILED.code);
    int fail = JSON.readTree(lines.get(0)).at("/counts/FAIL").asInt();
    assertThat(v.out()).contains("history: line 1 counts " + (fail - 1) + " FAIL, the bundle's"
        + " scan.json " + fail);

    // A line that contradicts itself is refused before any bundle is looked at.
    ObjectNode broken = (ObjectNode) JSON.readTree(lines.get(0));
    broken.put("finished", "2000-01-01T00:00:00Z");
    edited.set(0, JSON.writeValueAsString(broken));
    Files.writeString(forged, rechain(edited));
    Cli.Result inconsistent = verify(first, "--history", forged.toString());
    assertThat(inconsistent.code()).isEqualTo(ExitCode.FAILED.code);
    assertThat(inconsistent.out()).contains("is not consistent (line 1: finished"
        + " 2000-01-01T00:00:00Z before it started");
  }

  @Test
  void periodAndScanRefuseAHistoryWhoseLineContradictsItself() throws Exception {
    // Counts raised without results, chain recomputed: intact, and not what any run wrote.
    List<String> lines = Files.readAllLines(history);
    ObjectNode line = (ObjectNode) JSON.readTree(lines.get(1));
    ObjectNode counts = (ObjectNode) line.get("counts");
    counts.put("PASS", counts.get("PASS").asInt() + 40);
    List<String> edited = new ArrayList<>(lines);
    edited.set(1, JSON.writeValueAsString(line));
    Path forged = dir.resolve("history-inconsistent.jsonl");
    Files.writeString(forged, rechain(edited));
    String day = JSON.readTree(lines.get(0)).get("started").asText().substring(0, 10);

    Path out = dir.resolve("period-refused");
    Cli.Result period = Cli.run("period", "--history", forged.toString(), "--from", day, "--to",
        day, "-o", out.toString());
    assertThat(period.code()).as(period.out() + period.err()).isEqualTo(ExitCode.USAGE.code);
    assertThat(period.err()).contains("is not consistent, so no report is made from it: line 2:"
        + " counts say " + (counts.get("PASS").asInt()) + " PASS, its results hold "
        + (counts.get("PASS").asInt() - 40));
    assertThat(out).doesNotExist();
    Cli.Result history = Cli.run("history", "verify", forged.toString());
    assertThat(history.code()).isEqualTo(ExitCode.FAILED.code);
    assertThat(history.out()).contains("INCONSISTENT: line 2: counts say");

    // The same history read whole is a period report.
    Cli.Result whole = Cli.run("period", "--history", EvidenceInHistoryEndToEndTest.history
        .toString(), "--from", day, "--to", day);
    assertThat(whole.code()).as(whole.err()).isZero();

    // A scan appends to it (looking for contradictions there would read every line into
    // memory), and the history stays refused: a run appended after an edited line vouches for
    // nothing before it.
    int before = Files.readAllLines(forged).size();
    Cli.Result scan = Cli.run("scan", "-p", policy.toString(), "-q", "--history",
        forged.toString());
    assertThat(scan.code()).as(scan.err()).isNotEqualTo(ExitCode.USAGE.code);
    assertThat(Files.readAllLines(forged)).hasSize(before + 1);
    Cli.Result after = Cli.run("history", "verify", forged.toString());
    assertThat(after.code()).isEqualTo(ExitCode.FAILED.code);
    assertThat(after.out()).contains("INCONSISTENT: line 2: counts say");
  }

  private static Cli.Result verify(Path bundle, String... more) {
    List<String> args = new ArrayList<>(List.of("evidence", "verify", bundle.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static void resign(Path bundle, Path[] pem) throws Exception {
    ManifestSigner s = ManifestSigner.fromPem(pem[1], pem[0], null, Map.<String, String>of()::get);
    Files.write(bundle.resolve("manifest.json.p7s"), s.sign(
        Files.readAllBytes(bundle.resolve("manifest.json")), Instant.now()));
  }

  private static String runId(Path bundle) throws Exception {
    return JSON.readTree(bundle.resolve("manifest.json").toFile()).get("run_id").asText();
  }

  private static String manifestSha(Path bundle) throws Exception {
    return Artifact.sha256(Files.readAllBytes(bundle.resolve("manifest.json")));
  }

  private static String lineSha(int index) throws Exception {
    return Artifact.sha256(Files.readAllLines(history).get(index)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** The chain recomputed over edited lines, as a forger with the file would. */
  static String rechain(List<String> lines) throws Exception {
    StringBuilder out = new StringBuilder();
    String prev = "0".repeat(64);
    for (String l : lines) {
      ObjectNode n = (ObjectNode) JSON.readTree(l);
      n.put("prev", prev);
      n.remove("sha256");
      String body = JSON.writeValueAsString(n);
      String prefix = body.substring(0, body.length() - 1);
      String line = prefix + ",\"sha256\":\"" + Artifact.sha256(
          prefix.getBytes(StandardCharsets.UTF_8)) + "\"}";
      out.append(line).append('\n');
      prev = Artifact.sha256(line.getBytes(StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static Path copy(Path from, String name) throws Exception {
    Path to = dir.resolve(name);
    EvidenceEndToEndTest.copyTree(from, to);
    return to;
  }
}
