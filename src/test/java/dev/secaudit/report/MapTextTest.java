package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.RecordTexts;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ScanResult#mapText}, which the scanner runs over every result to redact secrets and keep
 * text printable: a rewrite that changes nothing returns the scan itself (no JSON round trip),
 * and a rewrite that changes any text, wherever it sits (a typed value, a subject, an artifact),
 * still reaches it.
 */
class MapTextTest {
  private static final String SECRET = "tok-3f9a1c77e2";

  private static ScanResult withSecretIn(Finding f) {
    ScanResult scan = ReportFixture.scan();
    List<Finding> findings = new ArrayList<>(scan.findings());
    findings.add(f);
    return new ScanResult(scan.schema(), scan.run(), scan.targets(), findings, scan.artifacts(),
        scan.claims());
  }

  private static String redact(String t) {
    return t.replace(SECRET, "[REDACTED]");
  }

  @Test
  void aRewriteThatChangesNothingReturnsTheSameScan() {
    ScanResult scan = ReportFixture.scan();
    assertThat(RecordTexts.walk(scan, MapTextTest::redact)).isEqualTo(RecordTexts.Walked.UNCHANGED);
    assertThat(scan.mapText(MapTextTest::redact)).isSameAs(scan);
  }

  @Test
  void aSecretOnlyInATypedValueIsStillRedacted() {
    Finding leaky = ReportFixture.finding("header.rule", "app", "X-Token", Status.FAIL, "absent",
        "sent").toBuilder().about(Subject.header("X-Token"))
        .observed("sent", new Value.Header("X-Token", SECRET)).build();
    ScanResult scan = withSecretIn(leaky);

    assertThat(RecordTexts.walk(scan, MapTextTest::redact)).isEqualTo(RecordTexts.Walked.CHANGED);
    ScanResult redacted = scan.mapText(MapTextTest::redact);
    assertThat(redacted).isNotSameAs(scan);
    assertThat(ScanJson.toJson(redacted)).doesNotContain(SECRET).contains("[REDACTED]");
  }

  @Test
  void aSecretInASubjectIsStillRedacted() {
    Finding leaky = ReportFixture.finding("ratelimit.enforced", "app", "login", Status.FAIL,
        "429 by request 11", "no 429").toBuilder()
        .about(new Subject(Subject.Kind.URL, "https://app.acme.test/login?key=" + SECRET)).build();
    ScanResult redacted = withSecretIn(leaky).mapText(MapTextTest::redact);
    assertThat(ScanJson.toJson(redacted)).doesNotContain(SECRET);
  }

  @Test
  void everyPartOfAScanIsOfAShapeTheWalkKnowsAndOnlyWhatChangesIsMadeAgain() {
    ScanResult scan = ScanJsonBytesTest.everyField();
    assertThat(RecordTexts.walk(scan, t -> t)).isEqualTo(RecordTexts.Walked.UNCHANGED);
    String title = scan.findings().get(1).title();
    ScanResult renamed = RecordTexts.rewrite(scan, t -> t.equals(title) ? "renamed" : t);
    assertThat(renamed.findings().get(1).title()).isEqualTo("renamed");
    assertThat(renamed.run()).isSameAs(scan.run());
    assertThat(renamed.artifacts()).isSameAs(scan.artifacts());
    assertThat(renamed.findings().get(0).expectedValue())
        .isSameAs(scan.findings().get(0).expectedValue());
    assertThat(RecordTexts.rewrite(scan, t -> t)).isSameAs(scan);
  }
}
