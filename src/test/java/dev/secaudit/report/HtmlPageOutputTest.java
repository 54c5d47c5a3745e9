package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.ArtifactKind;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.scan.Gate;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page written as bytes is the page written through a UTF-8 writer, byte for byte. */
class HtmlPageOutputTest {
  // Long enough to be escaped once and kept; markup, Latin-1, CJK, a pair and halves of pairs.
  private static final String[] TEXTS = {
    "<b>bold</b> & \"quoted\" 'single' text long enough to be kept once escaped",
    "caf\u00e9 \u2265 31536000 s, \u65e5\u672c\u8a9e, \ud83d\udd12 locked, and more to pass 32",
    "ends in half a pair, which the stream must pair or replace as a writer does \ud83d",
    "\udd12 begins with the second half of a pair and is long enough to be kept",
    "a lone \ud800 high half and a lone \udc00 low half inside a long enough text",
    "short \u00e9"};

  @Test
  void bytesAreTheWritersBytes() throws Exception {
    ScanResult base = ReportFixture.scan();
    List<Finding> findings = new ArrayList<>(base.findings());
    List<Artifact> artifacts = new ArrayList<>(base.artifacts());
    // Past the rows written as HTML, so the page's data is written too; texts repeat, as a
    // fleet's do, and each artifact's content is shown in a <pre>.
    for (int i = 0; i < ReportModel.STATIC_ROWS + 300; i++) {
      String text = TEXTS[i % TEXTS.length];
      String id = "e-" + (i % 40);
      findings.add(ReportFixture.finding("header.rule", "app-" + (i % 7), text + i % 3,
          Status.values()[i % 4], text, TEXTS[(i + 1) % TEXTS.length], id));
      if (i < 40) {
        artifacts.add(Artifact.of(id, "app-" + (i % 7), ArtifactKind.of("note"),
            ReportFixture.STARTED, text, TEXTS[(i + 2) % TEXTS.length] + "\n" + text));
      }
    }
    ScanResult scan = new ScanResult(base.schema(), base.run(), base.targets(), findings,
        artifacts, base.claims());
    List<FrameworkView> views = ReportFixture.views(scan);

    ByteArrayOutputStream throughWriter = new ByteArrayOutputStream();
    Writer w = new OutputStreamWriter(throughWriter, StandardCharsets.UTF_8);
    new HtmlReport().render(scan, Gate.recorded(scan), views, w);
    w.close();
    ByteArrayOutputStream asBytes = new ByteArrayOutputStream();
    new HtmlReport().render(scan, Gate.recorded(scan), views, asBytes);

    assertThat(asBytes.size()).isGreaterThan(ReportModel.STATIC_ROWS * 500);
    assertThat(asBytes.toByteArray()).isEqualTo(throughWriter.toByteArray());
  }
}
