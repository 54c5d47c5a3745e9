package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.ScanResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An artifact's kind is a closed set in code and the same label in scan.json; a kind another
 * version wrote is read and written again as it was.
 */
class ArtifactKindJsonTest {
  @TempDir Path dir;

  @Test
  void everyKnownKindIsWrittenAsItsLabelAndReadBack() throws Exception {
    for (ArtifactKind.Known k : ArtifactKind.Known.values()) {
      assertThat(ArtifactKind.of(k.label())).isSameAs(k);
      assertThat(ScanJson.mapper().writeValueAsString(k)).isEqualTo("\"" + k.label() + "\"");
    }
    assertThat(ArtifactKind.Known.HTTP_EXCHANGE.label()).isEqualTo("http-exchange");
    assertThat(ArtifactKind.Known.MERGE_SOURCES.label()).isEqualTo("merge-sources");
  }

  @Test
  void aScansArtifactKindsRoundTripIncludingOnesThisVersionDoesNotKnow() throws Exception {
    ScanResult scan = ReportFixture.scan();
    ObjectNode tree = (ObjectNode) ScanJson.mapper().readTree(ScanJson.toJson(scan));
    JsonNode first = tree.get("artifacts").get(0);
    assertThat(first.get("kind").asText()).isEqualTo("http-exchange");
    ((ObjectNode) first).put("kind", "quic-handshake");
    String written = tree.toPrettyString();
    Path file = Files.writeString(dir.resolve("later.json"), written);

    ScanResult read = ScanJson.read(file);
    Artifact a = read.artifacts().get(0);
    assertThat(a.kind()).isEqualTo(new ArtifactKind.Unknown("quic-handshake"));
    assertThat(read.artifacts().get(2).kind()).isSameAs(ArtifactKind.Known.HTTP_EXCHANGE);
    JsonNode again = ScanJson.mapper().readTree(ScanJson.toJson(read));
    assertThat(again.get("artifacts")).isEqualTo(tree.get("artifacts"));
  }
}
