package dev.secaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.demo.DemoTarget;
import dev.secaudit.model.Artifact;
import dev.secaudit.probe.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auditor's path through the CLI: scan the demo target with --evidence (signed) and
 * --history, verify both, then tamper with each and see verification fail.
 */
class EvidenceEndToEndTest {
  @TempDir static Path dir;
  static DemoTarget target;
  static Path policy;
  static Path key;
  static Path cert;
  static Path ca;
  static Path history;
  static Path evidence;
  static Path out;
  static Cli.Result scan;

  @BeforeAll
  static void scanWithEvidenceAndHistory() throws Exception {
    target = DemoTarget.start();
    policy = dir.resolve("policy.yaml");
    Files.writeString(policy, Files.readString(Path.of("policies/demo.yaml"))
        .replace(DemoCommand.POLICY_HTTPS, target.httpsUrl())
        .replace(DemoCommand.POLICY_HTTP, target.httpUrl()));
    Files.writeString(dir.resolve("demo-ca.pem"), target.certificatePem());
    TestPki pki = new TestPki("Audit Evidence", Instant.now());
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Path[] pem = pki.issue(TestPki.Spec.good(Instant.now())).writePem(keys);
    cert = pem[0];
    key = pem[1];
    ca = pki.writeRoot(keys.resolve("ca.pem"));
    history = dir.resolve("history.jsonl");
    evidence = dir.resolve("evidence-1");
    out = dir.resolve("out");
    scan = Cli.run("scan", "-p", policy.toString(), "-o", out.toString(), "--color", "never",
        "--evidence", evidence.toString(), "--sign-key", key.toString(), "--sign-cert",
        cert.toString(), "--history", history.toString());
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @Test
  void theScanKeepsABundleThatVerifiesAndNamesItsSigner() throws Exception {
    assertThat(scan.code()).as(scan.out() + scan.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(scan.out()).contains("wrote evidence bundle").contains("signed by")
        .contains("appended run");
    assertThat(evidence.resolve("scan.json")).hasSameBinaryContentAs(out.resolve("scan.json"));
    assertThat(evidence.resolve("policy/policy.yaml")).hasSameBinaryContentAs(policy);
    JsonNode scanJson = new ObjectMapper().readTree(out.resolve("scan.json").toFile());
    JsonNode manifest = new ObjectMapper().readTree(evidence.resolve("manifest.json").toFile());
    // One file per artifact, one per response body, scan.json, the policy's copy, when the
    // policy extends profiles each profile and the effective policy, and its ca_file's copy.
    int artifacts = 0;
    int bodies = 0;
    for (JsonNode f : manifest.get("files")) {
      artifacts += f.path("artifact").isTextual() ? 1 : 0;
      bodies += f.has("body") ? 1 : 0;
    }
    int profiles = manifest.at("/policy/profiles").size();
    assertThat(artifacts).isEqualTo(scanJson.get("artifacts").size());
    assertThat(bodies).isPositive();
    assertThat(manifest.at("/trust/0/option").asText()).isEqualTo("tls.certificate.ca_file");
    assertThat(manifest.get("files").size()).isEqualTo(artifacts + bodies + 2 + profiles
        + (profiles > 0 ? 1 : 0) + manifest.get("trust").size());
    assertThat(manifest.get("run_id").asText()).isEqualTo(scanJson.at("/run/id").asText());
    assertThat(manifest.at("/policy/sha256").asText())
        .isEqualTo(scanJson.at("/run/policy_sha256").asText());
    assertThat(manifest.at("/population/evaluated").asInt()).isPositive();

    Cli.Result v = Cli.run("evidence", "verify", evidence.toString(), "--ca-file", ca.toString());
    assertThat(v.code()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("signature: valid, signed by CN=localhost")
        .contains("chains to the given CA").contains("verified: ")
        .contains("(integrity and authenticity)");
    Cli.Result noCa = Cli.run("evidence", "verify", evidence.toString());
    assertThat(noCa.code()).isEqualTo(ExitCode.INTEGRITY_ONLY.code);
    assertThat(noCa.out()).contains("integrity only, not authenticity: ")
        .contains("give --ca-file").doesNotContain("verified");
  }

  @Test
  void tamperingWithACopyOfTheBundleFailsVerification() throws Exception {
    Path copy = dir.resolve("evidence-copy");
    copyTree(evidence, copy);
    Path artifact;
    try (var files = Files.list(copy.resolve("artifacts"))) {
      artifact = files.sorted().findFirst().orElseThrow();
    }
    Files.writeString(artifact, Files.readString(artifact) + " ");
    Cli.Result v = Cli.run("evidence", "verify", copy.toString());
    assertThat(v.code()).isEqualTo(ExitCode.FAILED.code);
    assertThat(v.out()).contains("changed: artifacts/" + artifact.getFileName()).contains("TAMPERED");
    assertThat(Cli.run("evidence", "verify", dir.resolve("out").toString()).code())
        .isEqualTo(ExitCode.USAGE.code);
  }

  @Test
  void theHistoryVerifiesGrowsAndRefusesToGrowOnceTampered() throws Exception {
    Path h = dir.resolve("history-copy.jsonl");
    Files.copy(history, h);
    Cli.Result v = Cli.run("history", "verify", h.toString());
    assertThat(v.code()).as(v.out()).isEqualTo(ExitCode.INTEGRITY_ONLY.code);
    assertThat(v.out()).contains("intact: 1 run").contains("integrity only, not authenticity");
    JsonNode line = new ObjectMapper().readTree(Files.readAllLines(h).get(0));
    assertThat(line.get("gate").asText()).isEqualTo("FAILED");
    assertThat(line.get("evidence_manifest_sha256").asText())
        .isEqualTo(Artifact.sha256(Files.readAllBytes(evidence.resolve("manifest.json"))));

    Cli.Result second = Cli.run("scan", "-p", policy.toString(), "--color", "never", "-q",
        "--history", h.toString());
    assertThat(second.code()).as(second.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(Files.readAllLines(h)).hasSize(2);
    List<String> lines2 = Files.readAllLines(h);
    assertThat(Cli.run("history", "verify", h.toString()).out()).contains("intact: 2 runs");
    String firstHead = v.out().replaceAll("(?s).*head sha256 ([0-9a-f]{64}).*", "$1");
    assertThat(Cli.run("history", "verify", h.toString(), "--pin", firstHead).code())
        .as("a run after the pin is vouched for by the chain alone")
        .isEqualTo(ExitCode.INTEGRITY_ONLY.code);
    Cli.Result pinnedHead = Cli.run("history", "verify", h.toString(), "--pin",
        Artifact.sha256(lines2.get(1)));
    assertThat(pinnedHead.code()).isZero();
    assertThat(pinnedHead.out()).contains("verified: 2 runs");
    Files.writeString(h, Files.readAllLines(h).get(0) + "\n");
    // Cut back to the first run: the chain alone still verifies, the pinned second head does not.
    assertThat(Cli.run("history", "verify", h.toString()).code())
        .isEqualTo(ExitCode.INTEGRITY_ONLY.code);
    Cli.Result cut = Cli.run("history", "verify", h.toString(), "--pin",
        Artifact.sha256(lines2.get(1)));
    assertThat(cut.code()).isEqualTo(ExitCode.FAILED.code);
    assertThat(cut.out()).contains("is not in the history");
    Files.writeString(h, String.join("\n", lines2) + "\n");

    List<String> lines = Files.readAllLines(h);
    Files.writeString(h, lines.get(1) + "\n" + lines.get(0) + "\n");
    Cli.Result broken = Cli.run("history", "verify", h.toString());
    assertThat(broken.code()).isEqualTo(ExitCode.FAILED.code);
    assertThat(broken.out()).contains("TAMPERED: line 1");
    byte[] before = Files.readAllBytes(h);
    Cli.Result refused = Cli.run("scan", "-p", policy.toString(), "--history", h.toString());
    assertThat(refused.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(refused.err()).contains("does not verify");
    assertThat(refused.out()).doesNotContain("gate:");
    assertThat(Files.readAllBytes(h)).isEqualTo(before);
  }

  @Test
  void aBadSigningKeyStopsTheRunBeforeProbing() throws Exception {
    Path wrongKeyDir = Files.createDirectories(dir.resolve("wrong"));
    Path[] other = TestPki.selfSigned(TestPki.Spec.good(Instant.now())).writePem(wrongKeyDir);
    Path ev = dir.resolve("never-written");
    Cli.Result r = Cli.run("scan", "-p", policy.toString(), "--evidence", ev.toString(),
        "--sign-key", other[1].toString(), "--sign-cert", cert.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(r.err()).contains("does not belong to the certificate");
    assertThat(ev).doesNotExist();
    assertThat(r.out()).doesNotContain("gate:");

    Cli.Result noEvidence = Cli.run("scan", "-p", policy.toString(), "--sign-key", key.toString(),
        "--sign-cert", cert.toString());
    assertThat(noEvidence.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(noEvidence.err()).contains("add --evidence DIR");
  }

  @Test
  void aPkcs12SignerTakesItsPasswordFromTheEnvironmentOnly() throws Exception {
    TestPki pki = new TestPki("P12 Signer", Instant.now());
    TestPki.Issued issued = pki.issue(TestPki.Spec.good(Instant.now()));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("signer", issued.keys().getPrivate(), "s3cret-pass".toCharArray(),
        issued.chain().toArray(new X509Certificate[0]));
    Path p12 = dir.resolve("signer.p12");
    try (var os = Files.newOutputStream(p12)) {
      ks.store(os, "s3cret-pass".toCharArray());
    }
    Path ev = dir.resolve("evidence-p12");
    Cli.Result unset = Cli.run(Map.of(), null, "scan", "-p", policy.toString(), "--evidence",
        ev.toString(), "--sign-p12", p12.toString(), "--sign-pass-env", "EVIDENCE_P12_PASS");
    assertThat(unset.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(unset.err()).contains("EVIDENCE_P12_PASS is not set");
    Cli.Result wrong = Cli.run(Map.of("EVIDENCE_P12_PASS", "nope"), null, "scan", "-p",
        policy.toString(), "--evidence", ev.toString(), "--sign-p12", p12.toString(),
        "--sign-pass-env", "EVIDENCE_P12_PASS");
    assertThat(wrong.code()).isEqualTo(ExitCode.USAGE.code);
    assertThat(ev).doesNotExist();

    Cli.Result ok = Cli.run(Map.of("EVIDENCE_P12_PASS", "s3cret-pass"), null, "scan", "-p",
        policy.toString(), "-q", "--evidence", ev.toString(), "--sign-p12", p12.toString(),
        "--sign-pass-env", "EVIDENCE_P12_PASS");
    assertThat(ok.code()).as(ok.err()).isEqualTo(ExitCode.FAILED.code);
    assertThat(Files.readString(ev.resolve("manifest.json"))).doesNotContain("s3cret-pass");
    Path pkiCa = pki.writeRoot(dir.resolve("p12-ca.pem"));
    Cli.Result v = Cli.run("evidence", "verify", ev.toString(), "--ca-file", pkiCa.toString());
    assertThat(v.code()).as(v.out()).isZero();
    Cli.Result other = Cli.run("evidence", "verify", ev.toString(), "--ca-file", ca.toString());
    assertThat(other.code()).isEqualTo(ExitCode.FAILED.code);
    assertThat(other.out()).contains("does NOT chain");
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (var all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }
}
