package dev.secaudit.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.policy.UsageException;
import dev.secaudit.probe.tls.TestPki;
import dev.secaudit.report.ScanJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles written to real folders, then tampered with in every way an auditor must notice. */
class EvidenceBundleTest {
  static final byte[] POLICY = "version: 1\nname: acme\n".getBytes(StandardCharsets.UTF_8);
  static TestPki pki;
  static TestPki otherPki;
  static Path pem;
  static ManifestSigner signer;

  @TempDir Path dir;

  @BeforeAll
  static void keys(@TempDir Path keysDir) throws Exception {
    // Certificates valid when the recorded run signed: the result does not depend on today.
    Instant now = EvidenceFixture.FINISHED;
    pki = new TestPki("Evidence Signing", now);
    otherPki = new TestPki("Someone Else", now);
    TestPki.Issued issued = pki.issue(TestPki.Spec.good(now));
    Path[] files = issued.writePem(keysDir);
    pem = keysDir;
    signer = ManifestSigner.fromPem(files[1], files[0], null, Map.<String, String>of()::get);
    pki.writeRoot(keysDir.resolve("ca.pem"));
    otherPki.writeRoot(keysDir.resolve("other-ca.pem"));
  }

  private Path bundle(String name, ManifestSigner with) throws Exception {
    ScanResult scan = EvidenceFixture.scan("run-1", Status.FAIL);
    Path out = dir.resolve(name);
    EvidenceBundle.write(out, scan, ScanJson.toJson(scan).getBytes(StandardCharsets.UTF_8),
        "acme.yaml", POLICY, with);
    return out;
  }

  @Test
  void everyArtifactIsItsOwnFileWithTheHashScanJsonRecords() throws Exception {
    Path b = bundle("b", null);
    ScanResult scan = EvidenceFixture.scan("run-1", Status.FAIL);
    JsonNode manifest = new ObjectMapper().readTree(b.resolve("manifest.json").toFile());
    for (Artifact a : scan.artifacts()) {
      JsonNode entry = null;
      for (JsonNode f : manifest.get("files")) {
        if (a.id().equals(f.path("artifact").asText(null))) {
          entry = f;
        }
      }
      assertThat(entry).as(a.id()).isNotNull();
      assertThat(entry.get("sha256").asText()).isEqualTo(a.sha256());
      assertThat(Files.readString(b.resolve(entry.get("path").asText()))).isEqualTo(a.content());
    }
    assertThat(b.resolve("artifacts/app%2Fpage-1.txt")).exists();
    // An odd id cannot climb out of artifacts/ or hide itself.
    assertThat(b.resolve("artifacts/%2Ehidden%2F..%2Fx%20y.txt")).exists();
    assertThat(b.resolve("policy/acme.yaml")).hasBinaryContent(POLICY);
    assertThat(manifest.at("/policy/sha256").asText()).isEqualTo(Artifact.sha256(POLICY));
    assertThat(manifest.at("/population/in_scope").asInt()).isEqualTo(3);
    assertThat(manifest.at("/population/evaluated").asInt()).isEqualTo(1);
    assertThat(manifest.at("/population/unreachable").asInt()).isEqualTo(1);
    assertThat(manifest.at("/population/excluded").asInt()).isEqualTo(1);
    assertThat(manifest.at("/population/targets/2/reason").asText()).contains("decommissioned");
    assertThat(manifest.get("started").asText()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(manifest.get("command_line").toString()).contains("acme.yaml");
    assertThat(manifest.get("files").size()).isEqualTo(6);
  }

  @Test
  void theSameRunGivesTheSameBytesSignatureIncluded() throws Exception {
    Path a = bundle("a", signer);
    Path b = bundle("b", signer);
    assertThat(Files.readAllBytes(a.resolve("manifest.json")))
        .isEqualTo(Files.readAllBytes(b.resolve("manifest.json")));
    // RSA PKCS#1 v1.5 and a signing time taken from the run: nothing varies.
    assertThat(Files.readAllBytes(a.resolve("manifest.json.p7s")))
        .isEqualTo(Files.readAllBytes(b.resolve("manifest.json.p7s")));
  }

  @Test
  void anUntouchedBundleVerifiesAndNamesItsSigner() throws Exception {
    BundleVerification unsigned = BundleVerifier.verify(bundle("u", null), null);
    assertThat(unsigned.intact()).as(unsigned.describe().toString()).isTrue();
    assertThat(unsigned.signature().state()).isEqualTo(BundleVerification.Signature.State.NONE);

    Path s = bundle("s", signer);
    BundleVerification v = BundleVerifier.verify(s, pem.resolve("ca.pem"));
    assertThat(v.intact()).as(v.describe().toString()).isTrue();
    assertThat(v.signature().state()).isEqualTo(BundleVerification.Signature.State.VALID);
    assertThat(v.signature().signer()).contains("CN=localhost");
    assertThat(v.signature().trust()).isEqualTo(BundleVerification.Trust.TRUSTED);
    assertThat(v.signature().signingTime()).isEqualTo(Instant.parse("2026-03-01T10:00:07Z"));
    assertThat(String.join("\n", v.describe())).contains("verified: 6 files");
  }

  @Test
  void aFlippedByteInAnArtifactIsDetected() throws Exception {
    Path b = bundle("b", null);
    Path f = b.resolve("artifacts/app%2Fhttp.txt");
    byte[] bytes = Files.readAllBytes(f);
    bytes[5] ^= 0x01;
    Files.write(f, bytes);
    BundleVerification v = BundleVerifier.verify(b, null);
    assertThat(v.intact()).isFalse();
    assertThat(v.changed()).singleElement().asString().startsWith("artifacts/app%2Fhttp.txt");
    assertThat(v.added()).isEmpty();
    assertThat(v.removed()).isEmpty();
  }

  @Test
  void anAddedFileIsDetectedWhereverItIs() throws Exception {
    Path b = bundle("b", null);
    Files.writeString(b.resolve("artifacts/extra.txt"), "planted");
    Files.createDirectories(b.resolve("deep/er"));
    Files.writeString(b.resolve("deep/er/note"), "planted");
    BundleVerification v = BundleVerifier.verify(b, null);
    assertThat(v.intact()).isFalse();
    assertThat(v.added()).containsExactly("artifacts/extra.txt", "deep/er/note");
  }

  @Test
  void aRemovedFileIsDetected() throws Exception {
    Path b = bundle("b", null);
    Files.delete(b.resolve("scan.json"));
    BundleVerification v = BundleVerifier.verify(b, null);
    assertThat(v.intact()).isFalse();
    assertThat(v.removed()).containsExactly("scan.json");
  }

  @Test
  void anEditedManifestIsDetectedUnsignedByItsHashesAndSignedByItsSignature() throws Exception {
    Path u = bundle("u", null);
    Path m = u.resolve("manifest.json");
    String sha = Artifact.sha256(POLICY);
    Files.writeString(m, Files.readString(m).replace("\"sha256\" : \"" + sha,
        "\"sha256\" : \"" + "0".repeat(64)));
    BundleVerification v = BundleVerifier.verify(u, null);
    assertThat(v.intact()).isFalse();
    assertThat(v.changed()).singleElement().asString().startsWith("policy/acme.yaml");

    // A consistent forgery (file and manifest edited together) is what the signature is for.
    Path s = bundle("s", signer);
    Files.writeString(s.resolve("policy/acme.yaml"), "version: 1\nname: forged\n");
    String forged = Files.readString(s.resolve("manifest.json"))
        .replace(sha, Artifact.sha256("version: 1\nname: forged\n"))
        .replace("\"size\" : " + POLICY.length, "\"size\" : " + 24);
    Files.writeString(s.resolve("manifest.json"), forged);
    BundleVerification vs = BundleVerifier.verify(s, null);
    assertThat(vs.changed()).isEmpty();
    assertThat(vs.intact()).isFalse();
    assertThat(vs.signature().state()).isEqualTo(BundleVerification.Signature.State.INVALID);
    assertThat(String.join("\n", vs.describe())).contains("signature: INVALID")
        .contains("TAMPERED");
  }

  @Test
  void anArtifactForgedTogetherWithItsManifestEntryDisagreesWithScanJson() throws Exception {
    Path b = bundle("b", null);
    Path f = b.resolve("artifacts/app%2Fhttp.txt");
    String old = Artifact.sha256(Files.readAllBytes(f));
    Files.writeString(f, "HTTP/1.1 200 OK\n");
    Path m = b.resolve("manifest.json");
    Files.writeString(m, Files.readString(m).replace(old, Artifact.sha256("HTTP/1.1 200 OK\n"))
        .replaceFirst("(\"size\" : )\\d+(,\\s+\"sha256\" : \"" + Artifact.sha256("HTTP/1.1 200 OK\n")
            + ")", "$1" + 16 + "$2"));
    BundleVerification v = BundleVerifier.verify(b, null);
    assertThat(v.changed()).isEmpty();
    assertThat(v.intact()).isFalse();
    assertThat(v.problems()).singleElement().asString()
        .contains("artifact app/http differs from the sha256 scan.json recorded");
  }

  @Test
  void aBrokenOrMissingSignatureIsDetected() throws Exception {
    Path s = bundle("s", signer);
    Path p7s = s.resolve("manifest.json.p7s");
    byte[] sig = Files.readAllBytes(p7s);
    sig[sig.length - 10] ^= 0x40;
    Files.write(p7s, sig);
    assertThat(BundleVerifier.verify(s, null).signature().state())
        .isEqualTo(BundleVerification.Signature.State.INVALID);

    Files.write(p7s, "not cms".getBytes(StandardCharsets.US_ASCII));
    BundleVerification garbage = BundleVerifier.verify(s, null);
    assertThat(garbage.intact()).isFalse();
    assertThat(garbage.signature().detail()).contains("not a valid CMS signature");

    Files.delete(p7s);
    BundleVerification gone = BundleVerifier.verify(s, null);
    assertThat(gone.intact()).isFalse();
    assertThat(gone.removed()).containsExactly("manifest.json.p7s");
  }

  @Test
  void aSignerThatDoesNotChainToTheGivenCaIsNotTrusted() throws Exception {
    Path s = bundle("s", signer);
    BundleVerification v = BundleVerifier.verify(s, pem.resolve("other-ca.pem"));
    assertThat(v.signature().state()).isEqualTo(BundleVerification.Signature.State.VALID);
    assertThat(v.signature().trust()).isEqualTo(BundleVerification.Trust.UNTRUSTED);
    assertThat(v.intact()).isFalse();
    // An unsigned bundle cannot satisfy a CA either.
    assertThat(BundleVerifier.verify(bundle("u", null), pem.resolve("ca.pem")).intact()).isFalse();
  }

  @Test
  void aManifestPointingOutsideTheBundleIsTampering() throws Exception {
    Path b = bundle("b", null);
    Path m = b.resolve("manifest.json");
    Files.writeString(m, Files.readString(m).replace("\"path\" : \"scan.json\"",
        "\"path\" : \"../scan.json\""));
    BundleVerification v = BundleVerifier.verify(b, null);
    assertThat(v.intact()).isFalse();
    assertThat(v.problems()).singleElement().asString().contains("outside the bundle");
  }

  @Test
  void aFolderThatIsNotABundleIsAUsageError() throws Exception {
    assertThatThrownBy(() -> BundleVerifier.verify(dir, null)).isInstanceOf(UsageException.class)
        .hasMessageContaining("no manifest.json");
    Files.writeString(dir.resolve("manifest.json"), "{\"schema\": \"secaudit.scan/1\"}");
    assertThatThrownBy(() -> BundleVerifier.verify(dir, null)).isInstanceOf(UsageException.class)
        .hasMessageContaining("not an evidence manifest");
    assertThatThrownBy(() -> BundleVerifier.verify(dir.resolve("nope"), null))
        .isInstanceOf(UsageException.class).hasMessageContaining("not a folder");
  }

  @Test
  void aBundleIsNeverWrittenOverAnotherFolder() throws Exception {
    Files.writeString(dir.resolve("old.txt"), "x");
    assertThatThrownBy(() -> EvidenceBundle.requireWritable(dir))
        .isInstanceOf(UsageException.class).hasMessageContaining("not empty");
  }

  @Test
  void fileNamesMapBackToOneIdOnly() {
    assertThat(EvidenceBundle.fileName("app/tls-TLS_1_2")).isEqualTo("app%2Ftls-TLS_1_2");
    assertThat(EvidenceBundle.fileName("app%2Ftls")).isEqualTo("app%252Ftls");
    assertThat(EvidenceBundle.fileName("..")).isEqualTo("%2E.");
    assertThat(EvidenceBundle.fileName("")).isEqualTo("%");
  }
}
