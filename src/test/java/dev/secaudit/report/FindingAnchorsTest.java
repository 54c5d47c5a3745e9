package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.scan.Gate;
import dev.secaudit.scan.Scanner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report makes a finding's anchor where its row is written, without a set of every
 * anchor made, unless its anchor can clash with another's (FindingAnchors). Its pages must be
 * the bytes of the rule it replaces (every anchor made up front, in the table's order, each
 * unique against all before it), whatever clashes a fleet holds and wherever they fall: in the
 * rows written as HTML or in the data past them.
 */
class FindingAnchorsTest {
  @TempDir Path dir;

  private static final Pattern ID = Pattern.compile("id=\"(f-[^\"]*)\"");

  /** The fixture's scan as a fleet of {@code copies}, its findings in scan order. */
  private static ScanResult fleet(int copies, List<Finding> extra, List<String> extraTargets) {
    ScanResult one = ReportFixture.scan();
    List<TargetState> targets = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (int k = 1; k <= copies; k++) {
      for (TargetState t : one.targets()) {
        targets.add(new TargetState(t.name() + "-" + k, t.url(), t.state(), t.reason()));
      }
      for (Finding f : one.findings()) {
        if (!f.target().isEmpty() || k == 1) {
          findings.add(retarget(f, f.target().isEmpty() ? "" : f.target() + "-" + k,
              f.subject()));
        }
      }
    }
    for (String t : extraTargets) {
      targets.add(new TargetState(t, "https://" + t.hashCode() + ".acme.test",
          TargetState.State.EVALUATED, ""));
    }
    findings.addAll(extra);
    findings.sort(Scanner.reportOrder(targets.stream().map(TargetState::name).toList()));
    return new ScanResult(one.schema(), one.run(), targets, findings, one.artifacts(),
        one.claims());
  }

  private static Finding retarget(Finding f, String target, String subject) {
    return new Finding(f.checkId(), target, subject, f.status(), f.severity(), f.title(),
        f.expected(), f.observed(), f.evidence(), f.time(), f.mappings(), f.remediation(),
        f.policyPointer(), f.policyLine(), f.waiver());
  }

  private static Finding finding(String check, String target, String subject, Status status,
      Severity severity) {
    Finding f = ReportFixture.finding("hsts.header", target, subject, status, "x", "y",
        "http-app-1");
    return new Finding(check, target, subject, status, severity, f.title(), f.expected(),
        f.observed(), f.evidence(), f.time(), f.mappings(), f.remediation(), f.policyPointer(),
        f.policyLine(), f.waiver());
  }

  /**
   * Findings whose anchors clash in every way the rule allows, once among the most severe (rows
   * written as HTML) and once among the least (rows past them, in the page's data).
   */
  private static List<Finding> clashes(Status status, Severity severity, String tag) {
    String hashed = new Anchors().base("", "w" + tag, "tls.protocols", "TLS 1.1");
    List<Finding> f = new ArrayList<>();
    // The same check and subject twice on a target, and a subject that is the counter's id.
    f.add(finding("dup.check", "w" + tag, "x", status, severity));
    f.add(finding("dup.check", "w" + tag, "x", status, severity));
    f.add(finding("dup.check", "w" + tag, "x-2", status, severity));
    // "a-b" + "c" beside "a" + "b-c"; a lossy subject beside one spelling out its hash.
    f.add(finding("a-b", "w" + tag, "c", status, severity));
    f.add(finding("a", "w" + tag, "b-c", status, severity));
    f.add(finding("tls.protocols", "w" + tag, "TLS 1.1", status, severity));
    f.add(finding("tls.protocols", "w" + tag, hashed.substring(("w" + tag).length() + 15),
        status, severity));
    // Targets whose keys are related: "w1" and "w1-2", "w1" + "2-y" beside "w1-2" + "y".
    f.add(finding("2", "w" + tag, "y", status, severity));
    f.add(finding("y", "w" + tag + "-2", "", status, severity));
    // Two names with the same slug, and a name with none.
    f.add(finding("same.slug", "s " + tag, "z", status, severity));
    f.add(finding("same.slug", "s/" + tag, "z", status, severity));
    f.add(finding("no.slug", "\u65e5\u672c" + tag, "", status, severity));
    f.add(finding("no.slug", "\u65e5\u672c" + tag, "", status, severity));
    // Policy-wide findings whose anchors read as a target's.
    f.add(finding("w" + tag, "", "2-y", status, severity));
    f.add(finding("w" + tag + "-2", "", "y", status, severity));
    // The same object twice.
    Finding twice = finding("twice", "w" + tag, "t", status, severity);
    f.add(twice);
    f.add(twice);
    return f;
  }

  private static List<String> clashTargets(String tag) {
    return List.of("w" + tag, "w" + tag + "-2", "s " + tag, "s/" + tag, "\u65e5\u672c" + tag);
  }

  private static ScanResult clashingFleet() {
    List<Finding> extra = new ArrayList<>(clashes(Status.FAIL, Severity.CRITICAL, "1"));
    extra.addAll(clashes(Status.PASS, Severity.INFO, "9"));
    List<String> targets = new ArrayList<>(clashTargets("1"));
    targets.addAll(clashTargets("9"));
    // 12 findings a copy: 200 copies put the least severe findings past the written rows.
    return fleet(200, extra, targets);
  }

  private static String page(ScanResult scan, boolean keepEveryAnchor) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new HtmlReport(keepEveryAnchor).render(scan, Gate.recorded(scan),
        ReportFixture.views(scan), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aFleetWithClashingAnchorsGivesThePageOfEveryAnchorKept() {
    ScanResult scan = clashingFleet();
    assertThat(scan.findings().size()).isGreaterThan(ReportModel.STATIC_ROWS + 100);
    String kept = page(scan, true);
    String made = page(scan, false);
    assertThat(made).isEqualTo(kept);
    // The clashes were there to number, in the written rows and in the data past them.
    List<String> ids = new ArrayList<>();
    Matcher m = ID.matcher(made);
    while (m.find()) {
      ids.add(m.group(1));
    }
    assertThat(ids).contains("f-w1-dup.check-x", "f-w1-dup.check-x-2", "f-w1-dup.check-x-2-2",
        "f-w1-a-b-c", "f-w1-a-b-c-2", "f-w1-2-y", "f-w1-2-y-2", "f-w1-2-y-3", "f-w1-2-y-4",
        "f-w1-tls.protocols-TLS-1.1-c728b086", "f-w1-tls.protocols-TLS-1.1-c728b086-2",
        // The same object twice: the second list entry took the first's id, as it always did.
        "f-w1-twice-t-2", "f-w1-twice-t-3");
    assertThat(ids).doesNotHaveDuplicates();
    String data = made.substring(made.indexOf("{\"r\":["));
    assertThat(data).contains("\"f-w9-dup.check-x-2-2\"", "\"f-w9-a-b-c-2\"",
        "\"f-w9-twice-t-3\"", "\"f-w9-2-y-4\"");
  }

  @Test
  void findingsInAnyOrderGiveThePageOfEveryAnchorKept() {
    ScanResult scan = clashingFleet();
    List<Finding> shuffled = new ArrayList<>(scan.findings());
    Collections.shuffle(shuffled, new Random(19));
    ScanResult notGrouped = scan.withFindings(shuffled);
    assertThat(page(notGrouped, false)).isEqualTo(page(notGrouped, true));
  }

  @Test
  void aFieldThatReadsAsAnAnchorSharesItsIndexInThePageData() {
    // A subject that is another row's anchor: the data must point both at one string.
    List<Finding> extra = new ArrayList<>();
    extra.add(finding("plain", "w5", "", Status.PASS, Severity.INFO));
    extra.add(finding("echo", "w5", "f-w5-plain", Status.PASS, Severity.INFO));
    // And the other way round: the anchor's row first, the field that repeats it after.
    extra.add(finding("a0", "w5", "", Status.PASS, Severity.INFO));
    extra.add(finding("z.echo", "w5", "f-w5-a0", Status.PASS, Severity.INFO));
    ScanResult scan = fleet(200, extra, List.of("w5"));
    String made = page(scan, false);
    assertThat(made).isEqualTo(page(scan, true));
    String data = made.substring(made.indexOf("{\"r\":["));
    assertThat(data.split("\"f-w5-plain\"", -1)).as("the string is in the table once").hasSize(2);
    assertThat(data.split("\"f-w5-a0\"", -1)).as("the string is in the table once").hasSize(2);
  }

  /** Which of {@code findings} (grouped by target as the builder groups them) are related. */
  private static List<String> related(List<Finding> findings) {
    java.util.Map<String, List<Finding>> byTarget = new java.util.LinkedHashMap<>();
    for (Finding f : findings) {
      byTarget.computeIfAbsent(f.target(), t -> new ArrayList<>()).add(f);
    }
    java.util.Set<Finding> related = FindingAnchors.related(byTarget, new Anchors());
    List<String> names = new ArrayList<>();
    for (Finding f : findings) {
      if (related.contains(f)) {
        names.add(f.target() + "/" + f.checkId() + "/" + f.subject());
      }
    }
    return names;
  }

  private static Finding low(String check, String target, String subject) {
    return finding(check, target, subject, Status.PASS, Severity.LOW);
  }

  @Test
  void onlyStemsThatGoOnWithACounterOrAHashAreRelated() {
    List<Finding> web = new ArrayList<>(List.of(
        low("header.rule", "web", "Referrer-Policy on /"),
        low("header.rule", "web", "Referrer-Policy on /login")));
    for (String subject : List.of("x", "x-2", "y", "y-0a1b2c3d", "z", "z-0a1b2c3", "z-0a1b2c3g")) {
      web.add(low("c", "web", subject));
    }
    assertThat(related(web))
        .containsExactly("web/c/x", "web/c/x-2", "web/c/y", "web/c/y-0a1b2c3d");
  }

  @Test
  void targetsWhoseNamesCouldMeetAreComparedTogether() {
    // "web" + "2-y" and "web-2" + "y" are both f-web-2-y; "api" + "eu-z" and "api-eux" + "z"
    // are compared together (one name begins the other) but cannot meet.
    assertThat(related(List.of(
        low("2", "web", "y"),
        low("y", "web-2", ""),
        low("eu-z", "api", ""),
        low("z", "api-eux", ""),
        low("web-2", "", "y"),
        low("q", "", ""))))
        .containsExactly("web/2/y", "web-2/y/", "/web-2/y");
  }

  @Test
  void aStoreThatCannotMakeItsFileKeepsTheBytesInMemory() {
    SpillStore store = new SpillStore(dir.resolve("missing"), 0).inMemoryWhenRefused();
    byte[] chunk = new byte[SpillStore.CHUNK];
    for (int i = 0; i < 3; i++) {
      java.util.Arrays.fill(chunk, (byte) i);
      store.write(chunk);
    }
    store.writeInt(19);
    store.finishWriting();
    assertThat(store.inFile()).isFalse();
    byte[] back = new byte[SpillStore.CHUNK];
    for (int i = 0; i < 3; i++) {
      store.read(back, back.length);
      assertThat(back).containsOnly((byte) i);
    }
    assertThat(store.readInt()).isEqualTo(19);
    store.close();
  }
}
