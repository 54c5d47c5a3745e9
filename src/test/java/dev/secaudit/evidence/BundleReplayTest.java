package dev.secaudit.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.report.ScanJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unsigned bundle whose effective policy was edited together with its manifest entry: every
 * hash matches, but the policy no longer is the merge of the copy and the profiles it holds.
 */
class BundleReplayTest {
  static final byte[] POLICY = "version: 1\nname: acme\nextends: [owasp-headers]\nhsts: {min_max_age: 300}\n"
      .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private Path bundle() throws Exception {
    ScanResult scan = EvidenceFixture.scan("run-1", Status.FAIL);
    Path out = dir.resolve("b");
    EvidenceBundle.write(out, scan, ScanJson.toJson(scan).getBytes(StandardCharsets.UTF_8),
        "acme.yaml", EvidenceBundle.PolicyCopy.exact(POLICY).resolvedAs("acme.yaml"), null);
    return out;
  }

  @Test
  void aBundleWithItsProfilesReplays() throws Exception {
    Path b = bundle();
    assertThat(b.resolve("extends/owasp-headers.yaml")).exists();
    assertThat(Files.readString(b.resolve(EvidenceBundle.EFFECTIVE_FILE)))
        .contains("\"min_max_age\" : 300").contains("\"X-Content-Type-Options\"");
    BundleVerification v = BundleVerifier.verify(b, null);
    assertThat(v.problems()).isEmpty();
    assertThat(v.intact()).isTrue();
  }

  @Test
  void anEffectivePolicyEditedWithItsManifestEntryIsNoLongerTheMerge() throws Exception {
    Path b = bundle();
    Path f = b.resolve(EvidenceBundle.EFFECTIVE_FILE);
    String before = Files.readString(f);
    String after = before.replace("\"min_max_age\" : 300", "\"min_max_age\" : 63072000");
    assertThat(after).isNotEqualTo(before);
    Files.writeString(f, after);
    Path m = b.resolve("manifest.json");
    Files.writeString(m, Files.readString(m)
        .replace(Artifact.sha256(before), Artifact.sha256(after))
        .replace("\"size\" : " + before.length() + ",", "\"size\" : " + after.length() + ","));
    BundleVerification v = BundleVerifier.verify(b, null);
    assertThat(v.changed()).isEmpty();
    assertThat(v.intact()).isFalse();
    assertThat(v.problems()).singleElement().asString()
        .contains("effective-policy.json is not the merge of policy/acme.yaml");
  }
}
