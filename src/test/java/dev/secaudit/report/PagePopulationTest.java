package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.scan.Gate;
import dev.secaudit.scan.Scanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The population of a page read target by target held as its findings are ({@link
 * PagePopulation}): the population table, the target filter, the chart and the targets' anchors
 * made from names read back from a store must be the whole scan's page's, byte for byte (a
 * population listed in another order than the findings, names listed twice, targets without
 * findings whose anchors clash, findings of targets outside it, ties for the chart's bars); the
 * store's texts come back in the order first met as a map keeps them, whatever their hashes; the
 * chart's bars chosen one target at a time are the ones a sort of every target chooses.
 */
class PagePopulationTest {
  @TempDir Path dir;

  @Test
  void aFleetWithClashingAnchorsTwiceListedNamesAndOthersGivesTheWholePagesBytes()
      throws IOException {
    ScanResult fleet = ReportFixture.fleet(40, true);
    List<TargetState> targets = new ArrayList<>(fleet.targets());
    // Listed in another order than the findings come in.
    Collections.reverse(targets);
    TargetState.State evaluated = TargetState.State.EVALUATED;
    // Without findings: "clash me" has a lossy slug (its base ends in a hash), and the next one
    // is named as that base, so it takes the counter; both are given, as the whole page gives them.
    String clashing = new Anchors().base("t-", "clash me").substring(2);
    targets.add(1, new TargetState("clash me", "https://c.test", evaluated, ""));
    targets.add(5, new TargetState(clashing, "https://d.test", evaluated, ""));
    targets.add(7, new TargetState(clashing + "-2", "https://e.test", evaluated, ""));
    // Listed twice: a target with findings and one without.
    targets.add(9, targets.get(0));
    targets.add(new TargetState("clash me", "https://c.test", evaluated, "again"));
    ScanResult scan = new ScanResult(fleet.schema(), fleet.run(), targets, fleet.findings(),
        fleet.artifacts(), fleet.claims());
    List<Finding> ordered = new ArrayList<>(scan.findings());
    ordered.sort(Scanner.reportOrder(fleet.targets().stream().map(TargetState::name).toList()));
    Path file = HtmlGroupsTest.write(dir, scan.withFindings(ordered));

    byte[] whole = HtmlGroupsTest.whole(file);
    assertThat(HtmlGroupsTest.streamed(dir, file, 0)).isEqualTo(whole);
    assertThat(HtmlGroupsTest.streamed(dir, file, TargetGroups.MEMORY)).isEqualTo(whole);
    assertThat(HtmlGroupsTest.prepared(file)).isEqualTo(whole);

    Document page = Jsoup.parse(new String(whole, StandardCharsets.UTF_8));
    List<String> rows = page.select("#population tbody tr").eachAttr("id");
    assertThat(rows).hasSize(targets.size());
    // The base, its counter, and the counter of the base the next name has.
    assertThat(rows).contains("t-" + clashing, "t-" + clashing + "-2",
        "t-" + clashing + "-2-2");
    assertThat(page.select("svg[aria-labelledby=chart-targets-title] > g"))
        .hasSize(ReportCharts.MAX_TARGETS);
    assertThat(page.text()).contains("more targets are not drawn");
    // The filter names the targets with findings in the table in the population's order.
    List<String> filter = page.select("#filter-target option").eachText();
    List<String> listed = new ArrayList<>(new java.util.LinkedHashSet<>(
        targets.stream().map(TargetState::name).toList()));
    listed.retainAll(filter);
    assertThat(filter.subList(1, filter.size())).startsWith(listed.toArray(String[]::new));
    assertThat(listed).hasSizeGreaterThan(ReportCharts.MAX_TARGETS);
  }

  @Test
  void aCheckSkippedOnSomeTargetsIsNamedAsTheWholePageNamesIt() throws IOException {
    ScanResult fleet = ReportFixture.fleet(12, true);
    CheckDescriptions checks = new CheckDescriptions(StandardChecks.catalog().all());
    Map<dev.secaudit.model.Mapping, List<String>> mapped = checks.checksByRequirement();
    Finding partly = fleet.findings().stream().filter(f -> f.status() != Status.SKIPPED
        && f.mappings().stream().anyMatch(m -> mapped.getOrDefault(m, List.of())
            .contains(f.checkId()))).findFirst().orElseThrow();
    // Skipped on a few targets, on one of them beside a finding of it that was judged, and
    // on one before its judged finding.
    List<Finding> findings = new ArrayList<>();
    int met = 0;
    for (Finding f : fleet.findings()) {
      boolean same = f.checkId().equals(partly.checkId()) && !f.target().isEmpty();
      if (same && met++ % 3 == 0) {
        Finding skipped = f.toBuilder().status(Status.SKIPPED).observed("not enabled").build();
        findings.add(skipped);
        if (met == 4) {
          findings.add(f.toBuilder().subject(f.subject() + " judged").build());
        }
        if (met == 7) {
          findings.add(findings.size() - 1, f.toBuilder().subject(f.subject() + " first").build());
        }
      } else {
        findings.add(f);
      }
    }
    List<Finding> ordered = new ArrayList<>(findings);
    ordered.sort(Scanner.reportOrder(fleet.targets().stream().map(TargetState::name).toList()));
    Path file = HtmlGroupsTest.write(dir, fleet.withFindings(ordered));

    ScanResult scan = ScanJson.read(file);
    java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
    java.io.Writer w = new java.io.OutputStreamWriter(whole, StandardCharsets.UTF_8);
    ReportSet.render(scan, Gate.recorded(scan), ReportSet.Format.HTML, checks, w);
    w.flush();
    HtmlPage page = HtmlPage.read(file, dir, 0);
    assertThat(page).isNotNull();
    java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
    try {
      new HtmlReport().render(page, page.gate(), checks, streamed);
    } finally {
      page.close();
    }
    String html = whole.toString(StandardCharsets.UTF_8);
    assertThat(html).contains("Not tested on every target: " + partly.checkId() + " (not on ");
    assertThat(streamed.toString(StandardCharsets.UTF_8)).isEqualTo(html);
  }

  @Test
  void theStoresTextsComeBackInTheOrderFirstMetAsAMapKeepsThem() {
    List<ToLongFunction<byte[]>> hashes = List.of(ArtifactDigests::hash, key -> 7,
        key -> (long) key.length << 32 | key.length, key -> ArtifactDigests.hash(key) & 0xff);
    Random random = new Random(26);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      int n = i < 2_000 ? i : random.nextInt(2_000);
      names.add(n % 89 == 0 ? "h\u00f4te-" + n : "t" + "x".repeat(n % 13) + n);
    }
    for (ToLongFunction<byte[]> hash : hashes) {
      for (long memory : new long[] {TextNumbers.MEMORY, 0}) {
        Map<String, Integer> map = new LinkedHashMap<>();
        try (TextNumbers set = new TextNumbers(dir, memory, hash, false)) {
          for (String name : names) {
            set.add(name);
            map.putIfAbsent(name, map.size());
          }
          List<String> back = new ArrayList<>();
          for (Iterator<String> texts = set.texts(); texts.hasNext(); ) {
            back.add(texts.next());
          }
          assertThat(back).containsExactlyElementsOf(map.keySet());
          for (String name : map.keySet()) {
            assertThat(set.find(name)).isEqualTo(map.get(name));
          }
        }
      }
    }
  }

  @Test
  void anchorsGivenOutOfTheHeapAreTheOnesASetGives() {
    Random random = new Random(7);
    try (TextNumbers ids = new TextNumbers(dir, 0, key -> 3, false)) {
      Anchors inHeap = new Anchors();
      Anchors outOfHeap = new Anchors(ids::add);
      for (int i = 0; i < 3_000; i++) {
        String part = random.nextInt(4) == 0 ? "a b" : "a-" + random.nextInt(40);
        assertThat(outOfHeap.make("t-", part)).isEqualTo(inHeap.make("t-", part));
      }
    }
  }

  @Test
  void theChartsBarsChosenOneAtATimeAreTheOnesASortOfEveryTargetChooses() {
    Random random = new Random(19);
    for (int round = 0; round < 200; round++) {
      int targets = random.nextInt(40);
      Map<String, int[]> counts = new LinkedHashMap<>();
      for (int t = 0; t < targets; t++) {
        int[] c = new int[Status.values().length];
        for (int s = 0; s < c.length; s++) {
          // Few values: many ties, and targets with nothing.
          c[s] = random.nextInt(3) == 0 ? random.nextInt(3) : 0;
        }
        counts.put("t" + t, c);
      }
      ReportCharts.Charts charts = ReportCharts.ofCounts(counts, Map.of(), List.of());
      List<String> drawn = charts.byTarget().stream().map(ReportCharts.Bar::label).toList();
      assertThat(drawn).isEqualTo(sortedChoice(counts));
      assertThat(charts.targetsLeftOut()).isEqualTo(
          counts.values().stream().filter(c -> total(c) > 0).count() - drawn.size());
    }
  }

  /** The choice as a sort of every target makes it: the most problems, then the first. */
  private static List<String> sortedChoice(Map<String, int[]> counts) {
    List<String> order = new ArrayList<>(counts.keySet());
    List<String> shown = new ArrayList<>(order);
    shown.removeIf(n -> total(counts.get(n)) == 0);
    shown.sort(Comparator.comparingLong((String n) -> -problems(counts.get(n)))
        .thenComparingInt(order::indexOf));
    List<String> kept = new ArrayList<>(
        shown.subList(0, Math.min(ReportCharts.MAX_TARGETS, shown.size())));
    kept.sort(Comparator.comparingInt(order::indexOf));
    Set<String> distinct = new HashSet<>(kept);
    assertThat(distinct).hasSize(kept.size());
    return kept;
  }

  private static long problems(int[] c) {
    return (long) c[Status.FAIL.ordinal()] + c[Status.ERROR.ordinal()] + c[Status.WARN.ordinal()];
  }

  private static int total(int[] c) {
    int n = 0;
    for (int x : c) {
      n += x;
    }
    return n;
  }
}
