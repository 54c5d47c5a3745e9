package dev.secaudit.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.probe.tls.TestPki;
import dev.secaudit.report.ScanJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many tamperings of a bundle and of a run history, each verified in every mode. Whatever a mode
 * cannot detect it must not call verified: the verdict is TAMPERED or "integrity only, not
 * authenticity", and only a trust anchor (--ca-file, --pin) earns "verified". The counts are
 * printed and kept in docs/evidence.md.
 */
class TamperSuiteTest {
  static final byte[] POLICY = "version: 1\nname: acme\n".getBytes(StandardCharsets.UTF_8);
  static ManifestSigner signer;
  static ManifestSigner stranger;
  static Path ca;

  @TempDir static Path dir;

  @BeforeAll
  static void keys() throws Exception {
    Instant now = EvidenceFixture.FINISHED;
    TestPki pki = new TestPki("Evidence Signing", now);
    TestPki other = new TestPki("Forger", now);
    Path[] mine = pki.issue(TestPki.Spec.good(now)).writePem(Files.createDirectories(
        dir.resolve("keys/mine")));
    Path[] theirs = other.issue(TestPki.Spec.good(now)).writePem(Files.createDirectories(
        dir.resolve("keys/theirs")));
    signer = ManifestSigner.fromPem(mine[1], mine[0], null, Map.<String, String>of()::get);
    stranger = ManifestSigner.fromPem(theirs[1], theirs[0], null,
        Map.<String, String>of()::get);
    ca = pki.writeRoot(dir.resolve("keys/ca.pem"));
  }

  interface Tampering {
    void apply(Path bundle) throws Exception;
  }

  static void write(Path out, ScanResult scan, ManifestSigner with) throws IOException {
    EvidenceBundle.write(out, scan, ScanJson.toJson(scan).getBytes(StandardCharsets.UTF_8),
        "acme.yaml", POLICY, with);
  }

  static Path firstArtifact(Path b) throws IOException {
    try (Stream<Path> s = Files.list(b.resolve("artifacts"))) {
      return s.sorted().findFirst().orElseThrow();
    }
  }

  /** Rewrites a file and puts its new hash and size in the manifest, as a careful forger would. */
  static void forgeWithManifest(Path b, Path file, byte[] content) throws IOException {
    byte[] old = Files.readAllBytes(file);
    Files.write(file, content);
    Path m = b.resolve(Manifest.FILE_NAME);
    Files.writeString(m, Files.readString(m).replace(Artifact.sha256(old),
        Artifact.sha256(content)).replace("\"size\" : " + old.length + ",",
        "\"size\" : " + content.length + ","));
  }

  static Map<String, Tampering> bundleTamperings() {
    Map<String, Tampering> t = new LinkedHashMap<>();
    t.put("flip a byte in an artifact", b -> {
      Path a = firstArtifact(b);
      byte[] x = Files.readAllBytes(a);
      x[0] ^= 1;
      Files.write(a, x);
    });
    t.put("append to scan.json", b -> Files.writeString(b.resolve("scan.json"), " ",
        java.nio.file.StandardOpenOption.APPEND));
    t.put("truncate the policy", b -> Files.write(b.resolve("policy/acme.yaml"), new byte[0]));
    t.put("delete an artifact", b -> Files.delete(firstArtifact(b)));
    t.put("add a file at the top", b -> Files.writeString(b.resolve("extra.txt"), "x"));
    t.put("add a file among the artifacts", b -> Files.writeString(
        b.resolve("artifacts/zz-extra.txt"), "x"));
    t.put("rename an artifact", b -> {
      Path a = firstArtifact(b);
      Files.move(a, a.resolveSibling("renamed-" + a.getFileName()));
    });
    t.put("edit a hash in the manifest", b -> {
      Path m = b.resolve(Manifest.FILE_NAME);
      String s = Files.readString(m);
      int at = s.indexOf("\"sha256\" : \"") + 12;
      Files.writeString(m, s.substring(0, at) + (s.charAt(at) == '0' ? '1' : '0')
          + s.substring(at + 1));
    });
    t.put("edit the run id in the manifest", b -> {
      Path m = b.resolve(Manifest.FILE_NAME);
      Files.writeString(m, Files.readString(m).replace("run-1", "run-9"));
    });
    t.put("forge an artifact and its manifest entry", b -> {
      Path a = firstArtifact(b);
      forgeWithManifest(b, a, (Files.readString(a) + "forged\n").getBytes(
          StandardCharsets.UTF_8));
    });
    t.put("forge the policy and its manifest entry", b -> forgeWithManifest(b,
        b.resolve("policy/acme.yaml"), "version: 1\nname: forged\n".getBytes(
            StandardCharsets.UTF_8)));
    t.put("forge scan.json and its manifest entry", b -> forgeWithManifest(b,
        b.resolve("scan.json"), Files.readString(b.resolve("scan.json")).replace("\"FAIL\"",
            "\"PASS\"").getBytes(StandardCharsets.UTF_8)));
    t.put("rewrite the whole bundle, unsigned", b -> {
      deleteTree(b);
      write(b, EvidenceFixture.scan("run-1", Status.PASS), null);
    });
    t.put("rewrite the whole bundle, signed by another CA", b -> {
      deleteTree(b);
      write(b, EvidenceFixture.scan("run-1", Status.PASS), stranger);
    });
    t.put("delete the signature", b -> Files.deleteIfExists(b.resolve(
        Manifest.SIGNATURE_FILE_NAME)));
    t.put("replace the signature with garbage", b -> Files.write(b.resolve(
        Manifest.SIGNATURE_FILE_NAME), "garbage".getBytes(StandardCharsets.US_ASCII)));
    t.put("swap in another run's signature", b -> {
      Path other = dir.resolve("other-" + System.nanoTime());
      write(other, EvidenceFixture.scan("run-2", Status.PASS), signer);
      Files.copy(other.resolve(Manifest.SIGNATURE_FILE_NAME), b.resolve(
          Manifest.SIGNATURE_FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    });
    t.put("re-sign a forged manifest with another CA", b -> {
      forgeWithManifest(b, b.resolve("policy/acme.yaml"), "version: 1\nname: x\n".getBytes(
          StandardCharsets.UTF_8));
      Files.write(b.resolve(Manifest.SIGNATURE_FILE_NAME), stranger.sign(Files.readAllBytes(
          b.resolve(Manifest.FILE_NAME)), EvidenceFixture.FINISHED));
    });
    return t;
  }

  static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path f : s.toList()) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t);
        }
      }
    }
  }

  /** Detected (TAMPERED), integrity only, verified: the three verdicts a mode can give. */
  record Tally(int detected, int integrityOnly, int verified, List<String> missed) {}

  static Tally run(String mode, ManifestSigner sign, Path caFile) throws Exception {
    Path base = dir.resolve(mode + "-base");
    write(base, EvidenceFixture.scan("run-1", Status.FAIL), sign);
    BundleVerification clean = BundleVerifier.verify(base, caFile);
    assertThat(clean.intact()).as(mode + ": untouched " + clean.describe()).isTrue();
    int detected = 0;
    int integrityOnly = 0;
    int verified = 0;
    List<String> missed = new ArrayList<>();
    int n = 0;
    for (Map.Entry<String, Tampering> e : bundleTamperings().entrySet()) {
      Path copy = dir.resolve(mode + "-" + n++);
      copyTree(base, copy);
      e.getValue().apply(copy);
      BundleVerification v = BundleVerifier.verify(copy, caFile);
      String verdict = v.describe().get(v.describe().size() - 1);
      if (!v.intact()) {
        assertThat(verdict).startsWith("TAMPERED");
        detected++;
      } else if (!v.authentic()) {
        assertThat(verdict).startsWith(BundleVerification.INTEGRITY_ONLY);
        integrityOnly++;
        missed.add(e.getKey());
      } else {
        verified++;
        missed.add(e.getKey() + " (VERIFIED)");
      }
    }
    return new Tally(detected, integrityOnly, verified, missed);
  }

  @Test
  void noTamperedBundleIsCalledVerified() throws Exception {
    int total = bundleTamperings().size();
    Tally unsigned = run("unsigned", null, null);
    Tally noCa = run("signed-no-ca", signer, null);
    Tally withCa = run("signed-ca", signer, ca);
    System.out.printf("bundle tamperings: %d; unsigned: %d detected, %d integrity only %s;"
        + " signed without --ca-file: %d detected, %d integrity only %s; signed with"
        + " --ca-file: %d detected, %d verified%n", total, unsigned.detected(),
        unsigned.integrityOnly(), unsigned.missed(), noCa.detected(), noCa.integrityOnly(),
        noCa.missed(), withCa.detected(), withCa.verified());
    assertThat(unsigned.verified() + noCa.verified() + withCa.verified())
        .as("a tampered bundle called verified").isZero();
    assertThat(withCa.detected()).as(withCa.missed().toString()).isEqualTo(total);
    assertThat(unsigned.detected() + unsigned.integrityOnly()).isEqualTo(total);
    assertThat(noCa.detected() + noCa.integrityOnly()).isEqualTo(total);
  }

  interface HistoryTampering {
    void apply(Path history) throws Exception;
  }

  static void lines(Path h, java.util.function.UnaryOperator<List<String>> edit)
      throws IOException {
    List<String> l = new ArrayList<>(Files.readAllLines(h));
    Files.writeString(h, String.join("\n", edit.apply(l)) + "\n");
  }

  static Map<String, HistoryTampering> historyTamperings() {
    Map<String, HistoryTampering> t = new LinkedHashMap<>();
    t.put("edit the gate of a run", h -> lines(h, l -> {
      l.set(1, l.get(1).replace("\"FAILED\"", "\"PASSED\""));
      return l;
    }));
    t.put("delete a middle run", h -> lines(h, l -> {
      l.remove(1);
      return l;
    }));
    t.put("swap two runs", h -> lines(h, l -> {
      java.util.Collections.swap(l, 0, 1);
      return l;
    }));
    t.put("repeat a run", h -> lines(h, l -> {
      l.add(2, l.get(1));
      return l;
    }));
    t.put("cut the newest run", h -> lines(h, l -> l.subList(0, l.size() - 1)));
    t.put("cut every run but the first", h -> lines(h, l -> l.subList(0, 1)));
    t.put("truncate the last line", h -> {
      byte[] b = Files.readAllBytes(h);
      Files.write(h, java.util.Arrays.copyOf(b, b.length - 20));
    });
    t.put("append a garbage line", h -> Files.writeString(h, "{\"not\": \"a run\"}\n",
        java.nio.file.StandardOpenOption.APPEND));
    t.put("append a forged run with a correct chain", h -> RunLedger.append(h,
        EvidenceFixture.scan("run-forged", Status.PASS), "PASSED", null));
    t.put("rewrite the whole history with a correct chain", h -> {
      Files.delete(h);
      RunLedger.append(h, EvidenceFixture.scan("run-1", Status.PASS), "PASSED", null);
      RunLedger.append(h, EvidenceFixture.scan("run-2", Status.PASS), "PASSED", null);
      RunLedger.append(h, EvidenceFixture.scan("run-3", Status.PASS), "PASSED", null);
    });
    return t;
  }

  @Test
  void noTamperedHistoryIsCalledVerified() throws Exception {
    Path base = dir.resolve("history-base.jsonl");
    RunLedger.append(base, EvidenceFixture.scan("run-1", Status.FAIL), "FAILED", null);
    RunLedger.append(base, EvidenceFixture.scan("run-2", Status.FAIL), "FAILED", null);
    RunLedger.append(base, EvidenceFixture.scan("run-3", Status.PASS), "INCOMPLETE", null);
    String head = RunLedger.verify(base).head();
    Map<String, Tally> byMode = new LinkedHashMap<>();
    for (List<String> pins : List.of(List.<String>of(), List.of(head))) {
      int detected = 0;
      int integrityOnly = 0;
      int verified = 0;
      List<String> missed = new ArrayList<>();
      int n = 0;
      for (Map.Entry<String, HistoryTampering> e : historyTamperings().entrySet()) {
        Path copy = dir.resolve("history-" + pins.size() + "-" + n++ + ".jsonl");
        Files.copy(base, copy);
        e.getValue().apply(copy);
        RunLedger.Verification v = RunLedger.verify(copy).pinned(pins);
        if (!v.intact()) {
          detected++;
        } else if (v.unpinnedRuns(pins) != 0) {
          integrityOnly++;
          missed.add(e.getKey());
        } else {
          verified++;
          missed.add(e.getKey() + " (VERIFIED)");
        }
      }
      byMode.put(pins.isEmpty() ? "without --pin" : "with --pin of the head",
          new Tally(detected, integrityOnly, verified, missed));
    }
    System.out.printf("history tamperings: %d; %s%n", historyTamperings().size(), byMode);
    assertThat(byMode.values()).allMatch(t -> t.verified() == 0);
    assertThat(byMode.values()).allMatch(t -> t.detected() + t.integrityOnly()
        == historyTamperings().size());
  }
}
