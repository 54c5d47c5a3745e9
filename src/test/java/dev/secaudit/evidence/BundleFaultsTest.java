package dev.secaudit.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.policy.UsageException;
import dev.secaudit.report.ScanJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle whose manifest or scan.json is broken, cut, nested without end, holds a huge number
 * or a name twice is refused at file:line:column and field in plain words: a manifest that cannot
 * be read is bad input (exit 2), a scan.json that cannot be read a verification failure (exit 1).
 * Never Jackson's words.
 */
class BundleFaultsTest {
  private static final Pattern LIBRARY = Pattern.compile("(?s).*(com\\.fasterxml|Jackson|"
      + "JsonParse|StreamRead|Source: |`|Unexpected (character|token|end)|Exception|"
      + "MismatchedInput|\\[line: ).*");

  @TempDir Path dir;

  private Path bundle(String name) throws Exception {
    ScanResult scan = EvidenceFixture.scan("run-1", Status.FAIL);
    Path out = dir.resolve(name);
    EvidenceBundle.write(out, scan, ScanJson.toJson(scan).getBytes(StandardCharsets.UTF_8),
        "acme.yaml", EvidenceBundleTest.POLICY, null);
    return out;
  }

  /** Each fault as an edit of a file's text, with words its refusal must hold. */
  private static Map<String, UnaryOperator<String>> faults() {
    Map<String, UnaryOperator<String>> m = new LinkedHashMap<>();
    m.put("expected a comma", t -> t.replaceFirst("\",\n", "\"\n"));
    m.put("cut short", t -> t.substring(0, t.length() / 2));
    m.put("nested more than", t -> t.replaceFirst("\\{", "{\"deep\": " + "[".repeat(1200)
        + "]".repeat(1200) + ","));
    m.put("digits long", t -> t.replaceFirst("\\{", "{\"big\": " + "7".repeat(3000) + ","));
    m.put("appears twice", t -> t.replaceFirst("\\{", "{\"run_id\": \"a\", \"run_id\": \"b\","));
    return m;
  }

  @Test
  void aManifestThatCannotBeReadIsBadInputAtItsPlace() throws Exception {
    int i = 0;
    for (Map.Entry<String, UnaryOperator<String>> f : faults().entrySet()) {
      Path b = bundle("m" + i++);
      Path manifest = b.resolve(Manifest.FILE_NAME);
      Files.writeString(manifest, f.getValue().apply(Files.readString(manifest)));
      assertThatThrownBy(() -> BundleVerifier.verify(b, null)).as(f.getKey())
          .isInstanceOf(UsageException.class).satisfies(e -> {
            String m = e.getMessage();
            System.out.println(m);
            assertThat(m).startsWith(manifest + ":").contains(f.getKey());
            assertThat(m).matches("(?s)" + Pattern.quote(manifest.toString())
                + ":\\d+:\\d+: .*");
            assertThat(LIBRARY.matcher(m).matches()).as(m).isFalse();
          });
    }
  }

  @Test
  void aScanJsonThatCannotBeReadFailsVerificationAtItsPlace() throws Exception {
    int i = 0;
    for (Map.Entry<String, UnaryOperator<String>> f : faults().entrySet()) {
      Path b = bundle("s" + i++);
      Path scan = b.resolve(EvidenceBundle.SCAN_FILE);
      Files.writeString(scan, f.getValue().apply(Files.readString(scan)));
      // The manifest edited with it, as a forger would, so the hashes agree and scan.json is read.
      byte[] edited = Files.readAllBytes(scan);
      Path manifest = b.resolve(Manifest.FILE_NAME);
      var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Manifest.mapper()
          .readTree(manifest.toFile());
      for (var entry : tree.withArray("files")) {
        if (entry.path("path").asText().equals(EvidenceBundle.SCAN_FILE)) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) entry)
              .put("size", edited.length).put("sha256", dev.secaudit.model.Artifact.sha256(edited));
        }
      }
      Manifest.mapper().writeValue(manifest.toFile(), tree);
      BundleVerification v = BundleVerifier.verify(b, null);
      assertThat(v.intact()).as(f.getKey()).isFalse();
      String all = String.join("\n", v.problems());
      System.out.println(all);
      assertThat(all).as(f.getKey()).containsPattern("scan\\.json:\\d+:\\d+: ")
          .contains(f.getKey());
      assertThat(LIBRARY.matcher(all).matches()).as(all).isFalse();
    }
  }
}
