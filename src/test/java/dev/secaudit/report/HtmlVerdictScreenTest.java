package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.scan.Gate;
import dev.secaudit.model.Grade;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The first screen: the command's gate, the grade, the counts and what to fix first. */
class HtmlVerdictScreenTest {
  private static Document render(ScanResult scan, GateVerdict gate) {
    StringWriter w = new StringWriter();
    new HtmlReport().render(scan, gate, ReportFixture.views(scan), w);
    return Jsoup.parse(w.toString());
  }

  @Test
  void theGateShownIsTheOneTheCommandPassesIn() throws Exception {
    ScanResult scan = ReportFixture.scan();
    for (Severity at : List.of(Severity.LOW, Severity.CRITICAL)) {
      GateVerdict gate = Gate.of(scan, at);
      Element card = render(scan, gate).getElementById("gate");
      assertThat(card.text()).contains(gate.describe()).contains("fail-on " + at.label());
      assertThat(card.className()).contains("gate-" + gate.outcome().name().toLowerCase());
    }
    // Failed at low, and the error on the unreachable target is still said.
    assertThat(render(scan, Gate.of(scan, Severity.LOW)).getElementById("gate").text())
        .contains("Gate failed").contains("also incomplete: 1 check errored, 1 target");
    // The console's gate line says it too: a CI log is read there, not in the HTML.
    StringWriter console = new StringWriter();
    new ConsoleReport(false, ConsoleReport.Verbosity.QUIET).render(scan, Gate.of(scan,
        Severity.LOW), new java.io.PrintWriter(console));
    assertThat(console.toString().replaceAll("\\s+", " "))
        .contains("gate: FAILED").contains("; also incomplete: 1 check errored, 1 target");
    // The machine-read copies carry the same sentence: a CI step reading jq's
    // summary.gate.reason or run.csv's gate_reason learns the estate was not all judged.
    GateVerdict failed = Gate.of(scan, Severity.LOW);
    JsonNode summary = new ObjectMapper().readTree(ScanJson.toJson(scan, failed))
        .at("/summary/gate/reason");
    assertThat(summary.asText()).startsWith("FAILED: ")
        .endsWith("; also incomplete: 1 check errored, 1 target unreachable; not tested:"
            + " security_txt.signature (low) on api: not fetched");
    StringWriter run = new StringWriter();
    new RunCsv(false).render(scan, failed, run);
    assertThat(run.toString()).contains(summary.asText());
    assertThat(render(scan, Gate.of(scan, Severity.CRITICAL)).getElementById("gate").text())
        .contains("Scan incomplete");
  }

  @Test
  void withoutAGateTheRunsRecordedFailOnDecides() {
    ScanResult scan = ReportFixture.scan();
    StringWriter w = new StringWriter();
    new HtmlReport().render(scan, Gate.recorded(scan), ReportFixture.views(scan), w);
    assertThat(Jsoup.parse(w.toString()).getElementById("gate").text())
        .contains(Gate.recorded(scan).describe()).contains("fail-on high");
  }

  @Test
  void theGradeIsTheRunsGradeAndAnErrorKeepsItFromA() {
    ScanResult scan = ReportFixture.scan();
    Grade grade = Grade.of(scan);
    Element card = render(scan, Gate.recorded(scan)).getElementById("grade");
    assertThat(card.selectFirst(".big").text()).isEqualTo(grade.label());
    assertThat(card.select("li").eachText()).isEqualTo(grade.reasons());

    Finding pass = ReportFixture.finding("hsts.header", "app", "", Status.PASS, "one", "one");
    Finding error = ReportFixture.finding("https.redirect", "api", "", Status.ERROR, "301",
        "connect timed out");
    ScanResult clean = scan.withFindings(List.of(pass));
    ScanResult errored = scan.withFindings(List.of(pass, error));
    assertThat(render(clean, Gate.recorded(clean)).getElementById("grade")
        .selectFirst(".big").text()).isEqualTo("B?");
    Element erroredCard = render(errored, Gate.recorded(errored)).getElementById("grade");
    assertThat(erroredCard.selectFirst(".big").text()).isEqualTo("B?");
    assertThat(erroredCard.text()).contains("1 check errored");
  }

  @Test
  void fixFirstListsFiveFailuresBySeverityThenFailBeforeErrorWithRemediation() {
    ScanResult scan = ReportFixture.scan();
    List<Finding> many = new ArrayList<>(scan.findings());
    many.add(ReportFixture.finding("tls.protocols", "api", "TLS 1.0", Status.FAIL, "refused",
        "accepted"));
    many.add(ReportFixture.finding("tls.certificate.hostname", "api", "", Status.ERROR, "trusted",
        "handshake failed"));
    many.add(ReportFixture.finding("tls.certificate.hostname", "app", "", Status.FAIL, "trusted",
        "self-signed"));
    many.add(ReportFixture.finding("cookie.secure", "api", "sid", Status.FAIL, "Secure",
        "sid=[REDACTED]"));
    scan = scan.withFindings(many);
    Document doc = render(scan, Gate.recorded(scan));
    List<Element> items = doc.select("#fix-first ol.fix > li");
    List<Finding> problems = many.stream()
        .filter(f -> f.status() == Status.FAIL || f.status() == Status.ERROR)
        .sorted(Comparator.comparing(Finding::severity).reversed()
            .thenComparing(Finding::status))
        .toList();
    assertThat(items).hasSize(5);
    for (int i = 0; i < 5; i++) {
      Finding expected = problems.get(i);
      Element li = items.get(i);
      assertThat(li.selectFirst(".sev").text()).isEqualTo(expected.severity().name());
      assertThat(li.selectFirst(".badge").text()).isEqualTo(expected.status().name());
      // Each links to its row in the findings table and carries that finding's remediation.
      Element row = doc.getElementById(li.selectFirst("a").attr("href").substring(1));
      Finding f = many.stream().filter(x -> x.checkId().equals(row.attr("data-check"))
          && x.target().equals(row.attr("data-target"))
          && x.status().name().equals(row.attr("data-status"))).findFirst().orElseThrow();
      assertThat(li.text()).contains(f.headline()).contains("Fix: " + f.remediation());
    }
    assertThat(doc.getElementById("fix-first").text())
        .contains((problems.size() - 5) + " more failed or errored findings");
    // Everything of the first screen comes before the sections that follow it.
    assertThat(doc.getElementById("verdict").elementSiblingIndex())
        .isLessThan(doc.getElementById("claims").elementSiblingIndex());
  }

  @Test
  void theSameFixOnSeveralTargetsIsOneRowNamingHowManyMore() {
    ScanResult scan = ReportFixture.scan();
    List<Finding> many = new ArrayList<>(scan.findings());
    for (String target : List.of("api", "app", "legacy")) {
      many.add(ReportFixture.finding("tls.protocols", target, "TLS 1.0", Status.FAIL, "refused",
          "accepted on " + target));
    }
    // More fixes than the screen lists, so some findings are left to "more".
    for (String cookie : List.of("a", "b", "c")) {
      many.add(ReportFixture.finding("cookie.secure", "api", cookie, Status.FAIL, "Secure",
          cookie + "=[REDACTED]"));
    }
    scan = scan.withFindings(many);
    Document doc = render(scan, Gate.recorded(scan));
    List<Element> rows = doc.select("#fix-first ol.fix > li").stream()
        .filter(li -> li.text().contains("tls.protocols")).toList();
    assertThat(rows).hasSize(1);
    // The row names one target, says how many more, and whose value it shows.
    assertThat(rows.get(0).text()).contains("and 2 more targets")
        .contains("Observed on " + rows.get(0).select("strong").get(1).text() + ":");
    long problems = many.stream()
        .filter(f -> f.status() == Status.FAIL || f.status() == Status.ERROR).count();
    // Every finding a row stands for (one per target here) is counted as shown, not as "more".
    assertThat(doc.select("#fix-first ol.fix > li")).hasSize(5);
    long covered = 0;
    for (Element li : doc.select("#fix-first ol.fix > li")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("and (\\d+) more target")
          .matcher(li.text());
      covered += 1 + (m.find() ? Integer.parseInt(m.group(1)) : 0);
    }
    assertThat(doc.getElementById("fix-first").text())
        .contains((problems - covered) + " more failed or errored findings");
  }

  @Test
  void countsOnTheFirstScreenSplitEveryStatusBySeverity() {
    ScanResult scan = ReportFixture.scan();
    Element table = render(scan, Gate.recorded(scan)).selectFirst("#counts table");
    // Each column's title names its status; NOT_APPLICABLE shows as N/A in the narrow matrix.
    List<String> statuses = table.select("thead th[title]").eachAttr("title");
    assertThat(statuses)
        .containsExactly(java.util.Arrays.stream(Status.values()).map(Enum::name)
            .toArray(String[]::new));
    assertThat(table.select("thead th").eachText()).contains("N/A").doesNotContain("NOT_APPLICABLE");
    List<String> totals = table.select("tfoot td").eachText();
    for (Status s : Status.values()) {
      assertThat(totals.get(s.ordinal()))
          .isEqualTo(Integer.toString(scan.countByStatus().get(s)));
    }
  }

  @Test
  void filtersAreHiddenUntilTheScriptRunsAndOfferEveryValueInTheTable() {
    ScanResult scan = ReportFixture.scan();
    Document doc = render(scan, Gate.recorded(scan));
    Element filters = doc.getElementById("filters");
    assertThat(filters.hasAttr("hidden")).isTrue();
    for (String id : List.of("filter-status", "filter-severity", "filter-target", "filter-check",
        "filter-framework", "filter-q")) {
      assertThat(doc.getElementById(id)).as(id).isNotNull();
    }
    assertThat(doc.select("#filter-target option").eachText()).contains("all", "app", "api",
        "legacy");
    assertThat(doc.select("#filter-framework option").eachAttr("value")).contains("soc2",
        "gdpr", "iso27001");
    assertThat(doc.select("#filter-status option").eachText()).doesNotContain("MANUAL");
  }

  @Test
  void pastTheWrittenRowsFindingsTravelAsInertDataAndThePageSaysSo() throws Exception {
    ScanResult scan = ReportFixture.scan();
    List<Finding> many = new ArrayList<>(scan.findings());
    int extra = ReportModel.STATIC_ROWS + 30;
    for (int i = 0; i < extra; i++) {
      // The last subject sorts last, so its row is past the written ones.
      boolean last = i == extra - 1;
      many.add(ReportFixture.finding("header.rule", "api", last ? "X-Z" : "X-H-" + i,
          Status.PASS, "present", last ? "</script><script>alert(1)</script>\u2028" : "sent"));
    }
    scan = scan.withFindings(many);
    Document doc = render(scan, Gate.recorded(scan));
    long table = many.stream().filter(f -> f.status() != Status.MANUAL).count();
    assertThat(doc.select("#findings-table tbody > tr")).hasSize(ReportModel.STATIC_ROWS);
    assertThat(doc.getElementById("findings-cap").text())
        .contains("first " + ReportModel.STATIC_ROWS + " of " + table)
        .contains("findings.csv");
    Element data = doc.getElementById("findings-data");
    assertThat(data.attr("type")).isEqualTo("application/json");
    assertThat(data.data()).doesNotContain("<").doesNotContain("\u2028");
    JsonNode json = new ObjectMapper().readTree(data.data());
    assertThat(json.get("r")).hasSize((int) table - ReportModel.STATIC_ROWS);
    List<String> strings = new ArrayList<>();
    json.get("s").forEach(n -> strings.add(n.asText()));
    assertThat(strings).contains("</script><script>alert(1)</script>\\u2028");
    JsonNode row = json.get("r").get(0);
    assertThat(row).hasSize(FindingData.FIELDS.size());
    assertThat(strings.get(row.get(FindingData.FIELDS.indexOf("check")).asInt()))
        .isEqualTo("header.rule");
    // Still one executable script, so the CSP hash covers all that runs.
    assertThat(doc.select("script:not([type])")).hasSize(1);
  }
}
