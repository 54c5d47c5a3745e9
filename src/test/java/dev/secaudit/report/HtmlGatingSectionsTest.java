package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.WaiverRecord;
import dev.secaudit.model.ScanResult.WaiverState;
import dev.secaudit.model.Status;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The HTML report shows every waiver the run applied and the baseline comparison. */
class HtmlGatingSectionsTest {
  private static Document render(ScanResult scan) {
    StringWriter w = new StringWriter();
    new HtmlReport().render(scan, dev.secaudit.scan.Gate.recorded(scan), ReportFixture.views(scan),
        w);
    return Jsoup.parse(w.toString());
  }

  private static ScanResult withWaiversAndBaseline() {
    ScanResult scan = ReportFixture.scan();
    List<WaiverRecord> waivers = List.of(
        new WaiverRecord("W-7", "cookie.secure", "app", "tracking",
            "third-party widget; vendor fix due Q2", "ciso@acme.test", "2026-06-30",
            WaiverState.ACTIVE, 1, "waivers.yaml:1:3"),
        new WaiverRecord("W-8", "csp.*", "*", "", ReportFixture.SCRIPT, "cto@acme.test",
            "2026-01-31", WaiverState.EXPIRED, 1, "waivers.yaml:8:3"));
    scan = scan.withWaivers(scan.findings(), waivers);
    List<Finding> marked = new ArrayList<>();
    for (Finding f : scan.findings()) {
      marked.add(f.withBaseline(f.checkId().equals("header.rule")
          ? Finding.BaselineState.NEW : Finding.BaselineState.UNCHANGED));
    }
    Finding gone = ReportFixture.finding("hsts.include_subdomains", "app", "", Status.FAIL,
        "includeSubDomains", ReportFixture.PRE_BREAKOUT);
    return scan.withBaseline(marked, new ScanResult.Baseline("main/scan.json", "run-earlier",
        Instant.parse("2026-02-28T10:00:00Z"), 1, marked.size() - 1, List.of(gone)));
  }

  @Test
  void eachWaiverShowsWhoApprovedWhyUntilWhenAndWhatItCovered() {
    Document html = render(withWaiversAndBaseline());
    assertThat(html.select("nav a[href=#waivers]")).hasSize(1);
    List<Element> rows = html.select("#waivers tbody tr");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).select("td").eachText()).contains("ciso@acme.test", "2026-06-30",
        "ACTIVE", "third-party widget; vendor fix due Q2");
    String link = rows.get(0).select("a").attr("href");
    assertThat(html.select(link.replace(".", "\\.")).text()).contains("cookie.secure")
        .contains("WAIVED");
    assertThat(rows.get(1).select("td").eachText()).contains("EXPIRED", ReportFixture.SCRIPT);
    assertThat(html.select("#waivers script")).isEmpty();
  }

  @Test
  void theBaselineSectionCountsAndListsResolvedFindingsAndRowsCarryTheirState() {
    Document html = render(withWaiversAndBaseline());
    assertThat(html.select("#baseline p").first().text()).contains("main/scan.json")
        .contains("run-earlier").contains("1 new").contains("1 resolved");
    assertThat(html.select("#baseline tbody tr td").eachText())
        .contains("hsts.include_subdomains", "FAIL", ReportFixture.PRE_BREAKOUT);
    assertThat(html.select("#baseline img")).isEmpty();
    assertThat(html.select("#findings .bl-new")).hasSize(1);
    assertThat(html.select("#findings .bl-new").first().closest("tr").text())
        .contains("header.rule");
    assertThat(html.select("#findings .bl-unchanged")).isNotEmpty();
  }

  @Test
  void withoutWaiversOrBaselineNeitherSectionAppears() {
    Document html = render(ReportFixture.scan());
    assertThat(html.select("#waivers, #baseline, .bl-new, .bl-unchanged")).isEmpty();
  }
}
