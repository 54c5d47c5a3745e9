package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.compliance.Coverage;
import dev.secaudit.compliance.RequirementStatus;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static ScanResult scan;
  private static List<FrameworkView> views;
  private static String html;
  private static Document doc;

  @BeforeAll
  static void render() {
    scan = ReportFixture.scan();
    views = ReportFixture.views(scan);
    html = render(new HtmlReport(), scan, views);
    doc = Jsoup.parse(html);
  }

  private static String render(HtmlReport report, ScanResult s, List<FrameworkView> v) {
    StringWriter out = new StringWriter();
    report.render(s, dev.secaudit.scan.Gate.recorded(s), v, out);
    return out.toString();
  }

  @Test
  void oneInlineScriptAndNoHandlersOrActiveElements() {
    assertThat(doc.select("img, iframe, object, embed, link, base, form, math, foreignObject"))
        .isEmpty();
    // The filters' script, inline; no script loads anything.
    assertThat(doc.select("script:not([type])")).hasSize(1);
    assertThat(doc.select("script[src]")).isEmpty();
    assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<img");
    for (Element e : doc.getAllElements()) {
      for (Attribute a : e.attributes()) {
        assertThat(a.getKey()).as("attribute on <%s>", e.tagName())
            .doesNotStartWith("on").isNotEqualTo("style").isNotEqualTo("src");
      }
    }
  }

  @Test
  void loadsNothingFromOutside() {
    assertThat(doc.select("[src], [srcset], link[href], [data], [poster]")).isEmpty();
    for (Element a : doc.select("[href]")) {
      String href = a.attr("href");
      if (href.startsWith("#")) {
        continue;
      }
      // The only non-anchor links are a claim's http(s) evidence: navigation, never a load.
      assertThat(a.tagName()).isEqualTo("a");
      assertThat(href).startsWith("https://");
      assertThat(a.attr("rel")).contains("noopener").contains("noreferrer");
      assertThat(a.closest("#claims")).isNotNull();
    }
    assertThat(doc.select("style").first().data()).doesNotContain("url(").doesNotContain("@import");
  }

  @Test
  void restrictiveCspCoversTheOnlyStyleBlock() {
    Elements metas = doc.select("head > meta[http-equiv=Content-Security-Policy]");
    assertThat(metas).hasSize(1);
    String csp = metas.first().attr("content");
    assertThat(csp).startsWith("default-src 'none';").contains("img-src data:")
        .doesNotContain("unsafe");

    Elements styles = doc.select("style");
    assertThat(styles).hasSize(1);
    Element style = styles.first();
    assertThat(style.parent().tagName()).isEqualTo("head");
    // A meta CSP governs only what follows it.
    assertThat(metas.first().siblingIndex()).isLessThan(style.siblingIndex());
    String expectedSource = HtmlReport.sha256Source(style.data());
    assertThat(csp).contains("style-src '" + expectedSource + "'");
    assertThat(style.data()).contains("@media print");
    // The script runs by its hash alone, and only after the CSP that allows it.
    Element script = doc.selectFirst("script:not([type])");
    assertThat(csp).contains("script-src '" + HtmlReport.sha256Source(script.data()) + "'");
    assertThat(metas.first().siblingIndex()).isLessThan(script.siblingIndex());
  }

  @Test
  void hostileValuesAppearOnlyAsText() {
    String app = rowsOf("app").text();
    assertThat(app).contains(ReportFixture.SCRIPT).contains(ReportFixture.FORMULA);
    Element artifact = doc.getElementById(anchorOfArtifact("http-app-1"));
    assertThat(artifact.select("pre").first().wholeText())
        .isEqualTo(scan.artifacts().get(0).content())
        .contains(ReportFixture.PRE_BREAKOUT);
    // A claim's javascript: evidence is shown but never becomes a link.
    Element claims = doc.getElementById("claims");
    assertThat(claims.text()).contains("javascript:alert(1)").contains("/srv/docs/hashing.pdf");
    assertThat(doc.select("a[href*=javascript]")).isEmpty();
    assertThat(doc.select("a[href=/srv/docs/hashing.pdf]")).isEmpty();
    // Escaped requirement titles stay text too.
    assertThat(doc.text()).contains("Breach notice <72h> & \"quotes\"");
  }

  @Test
  void headerStatesTheRunParameters() {
    Element header = doc.getElementById("run");
    String text = header.text();
    assertThat(text).contains(scan.run().policyName()).contains(scan.run().id())
        .contains(scan.run().started().toString()).contains(scan.run().finished().toString())
        .contains(scan.run().toolVersion()).contains(scan.run().policyFile())
        .contains(scan.run().policySha256()).contains(scan.run().failOn())
        .contains("'Authorization: Bearer [REDACTED]'");
    assertThat(scan.run().finished().toString()).endsWith("Z");
  }

  @Test
  void summaryCountsEveryStatusAndSeverity() {
    Element table = doc.getElementById("summary").select("table").first();
    Map<Status, Integer> expected = scan.countByStatus();
    Elements rows = table.select("tbody > tr");
    assertThat(rows).hasSize(Status.values().length);
    for (int i = 0; i < rows.size(); i++) {
      Status status = Status.values()[i];
      Elements cells = rows.get(i).children();
      assertThat(cells.get(0).text()).isEqualTo(status.name());
      assertThat(Integer.parseInt(cells.get(1).text())).isEqualTo(expected.get(status));
      int bySeverity = 0;
      for (int c = 2; c < cells.size(); c++) {
        bySeverity += Integer.parseInt(cells.get(c).text());
      }
      assertThat(bySeverity).as("severity split of %s", status).isEqualTo(expected.get(status));
    }
    String high = table.select("thead th").eachText().get(3);
    assertThat(high).isEqualTo("HIGH");
    long failHigh = scan.findings().stream()
        .filter(f -> f.status() == Status.FAIL && f.severity().name().equals("HIGH")).count();
    assertThat(rows.get(0).child(3).text()).isEqualTo(Long.toString(failHigh));
    assertThat(table.select("tfoot td").first().text())
        .isEqualTo(Integer.toString(scan.findings().size()));
    assertThat(doc.getElementById("summary").text()).doesNotContainIgnoringCase("gate passed")
        .doesNotContainIgnoringCase("gate failed");
  }

  @Test
  void populationListsEveryTargetWithStateAndReason() {
    Elements rows = doc.getElementById("population").select("tbody > tr");
    assertThat(rows).hasSize(scan.targets().size());
    for (int i = 0; i < rows.size(); i++) {
      TargetState t = scan.targets().get(i);
      Elements cells = rows.get(i).children();
      assertThat(cells.get(0).text()).isEqualTo(t.name());
      assertThat(cells.get(1).text()).isEqualTo(t.url());
      assertThat(cells.get(2).text()).isEqualTo(t.state().name());
      assertThat(cells.get(3).text()).isEqualTo(t.reason());
      // The row is the target's anchor (the chart's bars link to it).
      assertThat(rows.get(i).id()).startsWith("t-");
    }
  }

  @Test
  void everyFrameworkRowIsListed() {
    for (FrameworkView v : views) {
      Element section = doc.select("section.framework").stream()
          .filter(s -> s.selectFirst("h3").text().startsWith(v.framework().name()))
          .findFirst().orElseThrow();
      Elements rows = section.select("tbody > tr");
      assertThat(rows).hasSize(v.rows().size());
      for (int i = 0; i < rows.size(); i++) {
        RequirementStatus r = v.rows().get(i);
        // MANUAL rows are folded under their own heading, after the others.
        Element row = rows.stream()
            .filter(e -> e.child(0).text().equals(r.requirement().id())).findFirst().orElseThrow();
        assertThat(row.closest("details") != null).isEqualTo(r.coverage() == Coverage.MANUAL);
        assertThat(row.id()).isNotEmpty();
        assertThat(row.child(0).text()).isEqualTo(r.requirement().id());
        assertThat(row.child(1).text()).contains(r.requirement().title());
        assertThat(row.child(2).text()).isEqualTo(r.coverage().name());
        assertThat(row.child(3).text())
            .isEqualTo(r.status() == null ? "none" : r.status().name());
        assertThat(row.child(4).select("a[href^=#]")).hasSize(r.findings().size()
            + r.claims().size());
        if (r.coverage() == Coverage.MANUAL) {
          assertThat(row.text()).contains("no automated evidence — attest");
        } else {
          assertThat(row.text()).doesNotContain("no automated evidence");
        }
      }
    }
    assertThat(views.stream().flatMap(v -> v.rows().stream()).map(RequirementStatus::coverage))
        .contains(Coverage.values());
  }

  @Test
  void everyFindingHasARowSortedBySeverityTargetStatusCheckAndSubject() {
    Elements rows = doc.select("#findings-table tbody > tr");
    Elements manual = doc.select("#manual details tbody > tr");
    assertThat(rows.size() + manual.size()).isEqualTo(scan.findings().size());
    for (Finding f : scan.findings()) {
      String target = f.target().isEmpty() ? ReportModel.POLICY_WIDE : f.target();
      // MANUAL findings are folded under their own heading; every other one is in the table.
      Elements where = f.status() == Status.MANUAL ? manual : rows;
      assertThat(where).anySatisfy(row -> {
        assertThat(row.child(0).text()).isEqualTo(f.severity().name());
        assertThat(row.child(1).text()).isEqualTo(f.status().name());
        assertThat(row.child(2).text()).isEqualTo(target);
        assertThat(row.child(3).selectFirst("code").text()).isEqualTo(f.checkId());
        // Control characters (the fixture's CR) are shown as their codes.
        assertThat(row.child(4).wholeText()).isEqualTo(PrintableText.of(f.subject()));
        assertThat(row.child(6).wholeText()).isEqualTo(PrintableText.of(f.observed()));
        assertThat(row.attr("data-status")).isEqualTo(f.status().name());
        assertThat(row.attr("data-target")).isEqualTo(target);
        // The advice is folded, so a row is as tall as its values: the remediation, check time
        // and requirements sit in a closed details element; a waiver stays in sight.
        Element more = row.child(8).selectFirst("details.more");
        assertThat(more).isNotNull();
        assertThat(more.hasAttr("open")).isFalse();
        assertThat(more.text()).contains(f.remediation()).containsPattern("(Observed|Judged) \\d{4}-");
        if (f.waiver() != null) {
          assertThat(row.child(8).selectFirst("p.waiver").closest("details")).isNull();
        }
      });
    }
    // The filter bar's count says how many MANUAL findings the table leaves out, so that it adds
    // up to the counts card's total.
    assertThat(doc.selectFirst("#filters").attr("data-manual")).isEqualTo(Long.toString(
        scan.findings().stream().filter(f -> f.status() == Status.MANUAL).count()));
    List<String> order = scan.targets().stream().map(TargetState::name).toList();
    List<String> keys = new ArrayList<>();
    for (Element row : rows) {
      int targetAt = order.indexOf(row.child(2).text());
      keys.add(String.format("%d|%02d|%02d|%s|%s",
          9 - dev.secaudit.model.Severity.valueOf(row.child(0).text()).ordinal(),
          targetAt < 0 ? 99 : targetAt, Status.valueOf(row.child(1).text()).ordinal(),
          row.child(3).selectFirst("code").text(), row.child(4).wholeText()));
    }
    List<String> sorted = new ArrayList<>(keys);
    Collections.sort(sorted);
    assertThat(keys).isEqualTo(sorted);
    Element waived = rowsOf("app").stream()
        .filter(r -> r.child(1).text().equals("WAIVED")).findFirst().orElseThrow();
    assertThat(waived.text()).contains("W-7").contains("ciso@acme.test").contains("2026-06-30");
  }

  @Test
  void everyArtifactIsInTheAppendixWithHashAndContent() {
    Elements sections = doc.select("#evidence section.artifact");
    assertThat(sections).hasSize(scan.artifacts().size());
    for (int i = 0; i < sections.size(); i++) {
      Artifact a = scan.artifacts().get(i);
      Element s = sections.get(i);
      assertThat(s.selectFirst("h3").text()).contains(a.id());
      assertThat(s.text()).contains(a.sha256()).contains(a.kind().label()).contains(a.summary())
          .contains(a.time().toString());
      String shown = s.selectFirst("pre").wholeText();
      assertThat(shown).isEqualTo(a.content());
      assertThat(Artifact.sha256(shown)).isEqualTo(a.sha256());
    }
  }

  @Test
  void everyInternalLinkLandsOnExactlyOneElement() {
    Map<String, Integer> ids = new HashMap<>();
    for (Element e : doc.select("[id]")) {
      ids.merge(e.id(), 1, Integer::sum);
    }
    assertThat(ids.values()).allMatch(n -> n == 1);
    Elements links = doc.select("a[href^=#]");
    assertThat(links).hasSizeGreaterThan(scan.findings().size());
    for (Element a : links) {
      assertThat(ids).containsKey(a.attr("href").substring(1));
    }
    // Finding evidence points at the artifact of that id; an unknown id stays text.
    for (Element row : doc.select("table.findings tbody > tr")) {
      for (Element a : row.child(7).select("a")) {
        Element target = doc.getElementById(a.attr("href").substring(1));
        assertThat(target.selectFirst("h3").text()).contains(a.text());
      }
    }
    assertThat(doc.text()).contains("http-api-missing (not recorded)");
    // Framework rows link to findings, which link back to their requirements.
    Element row = doc.select("section.framework tbody > tr").stream()
        .filter(r -> r.child(0).text().equals("CC6.7")).findFirst().orElseThrow();
    Element firstFinding = doc.getElementById(row.selectFirst("a").attr("href").substring(1));
    assertThat(firstFinding.tagName()).isEqualTo("tr");
    assertThat(firstFinding.select("a").eachAttr("href")).contains("#" + row.id());
  }

  @Test
  void claimsShowStatementBesideWhatWasJudgedOwnerDateAndEvidence() {
    Elements rows = doc.select("#claims tbody > tr");
    assertThat(rows).hasSize(scan.claims().size());
    ScanResult.ClaimRecord claim = scan.claims().get(0);
    Element row = rows.first();
    assertThat(row.child(0).text()).contains(claim.statement()).contains(claim.id());
    assertThat(row.text()).contains(claim.owner()).contains(claim.date());
    // Its status is the claim check's finding, shown as judged, linked to that finding's row.
    Finding judged = scan.findings().stream()
        .filter(f -> f.checkId().equals("claim.attestation")).findFirst().orElseThrow();
    assertThat(row.child(1).text()).isEqualTo(judged.status().name());
    assertThat(row.child(2).text()).contains(judged.observed());
    Element finding = doc.getElementById(row.child(2).selectFirst("a").attr("href").substring(1));
    assertThat(finding.closest("#manual")).isNotNull();
    Element evidence = row.children().last();
    assertThat(evidence.select("a").eachAttr("href"))
        .containsExactly("https://wiki.acme.test/security/passwords",
            "#" + anchorOfArtifact("tls-app-1"));
    assertThat(evidence.select("li").eachText()).containsExactlyElementsOf(claim.evidence());
  }

  @Test
  void sameScanRendersTheSameBytesWhateverTheFindingOrder() {
    assertThat(render(new HtmlReport(), scan, views)).isEqualTo(html);
    List<Finding> reversed = new ArrayList<>(scan.findings());
    Collections.reverse(reversed);
    ScanResult shuffled = new ScanResult(scan.schema(), scan.run(), scan.targets(), reversed,
        scan.artifacts(), scan.claims());
    assertThat(render(new HtmlReport(), shuffled, ReportFixture.views(shuffled))).isEqualTo(html);
  }

  @Test
  void outputStreamFormIsUtf8() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new HtmlReport().render(scan, dev.secaudit.scan.Gate.recorded(scan), views, bytes);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(html);
    assertThat(html).contains("no automated evidence — attest");
  }

  @Test
  void aFindingAboutAFileShowsWhereInItItIsAsARowAndAsPagedData() {
    Finding inConfig = ReportFixture.finding("config.nginx.tls_protocols", "app",
        "nginx.conf server a", Status.FAIL, "TLSv1.2", "TLSv1")
        .withLocation(new dev.secaudit.model.Location("nginx.conf", 4, "etc/nginx.conf"));
    List<Finding> findings = new java.util.ArrayList<>(scan.findings());
    findings.add(inConfig);
    ScanResult located = new ScanResult(scan.schema(), scan.run(), scan.targets(), findings,
        scan.artifacts(), scan.claims());
    Document d = Jsoup.parse(render(new HtmlReport(), located, views));
    Element row = d.select("#findings-table tbody > tr[data-check=config.nginx.tls_protocols]")
        .first();
    assertThat(row).isNotNull();
    assertThat(row.select("td").get(4).text()).isEqualTo("nginx.conf server a at nginx.conf:4");
    // A finding observed live has no location line.
    assertThat(rowsOf("api").select("td:eq(4) span.muted")).isEmpty();
    assertThat(d.select("#findings-table thead th").get(4).text()).isEqualTo("Subject, location");
    // Rows past the written ones carry it for the page's script, last in each row.
    assertThat(FindingData.FIELDS.get(17)).isEqualTo("location");
  }

  @Test
  void emptyScanStillRendersEverySection() {
    ScanResult empty = new ScanResult(ScanResult.SCHEMA, null, null, null, null, null);
    Document d = Jsoup.parse(render(new HtmlReport(), empty, List.of()));
    for (String id : List.of("run", "verdict", "fix-first", "summary", "population", "findings",
        "manual", "claims", "compliance", "evidence")) {
      assertThat(d.getElementById(id)).as(id).isNotNull();
    }
  }

  private static Elements rowsOf(String target) {
    Elements rows = doc.select("table.findings tbody > tr[data-target=" + target + "]");
    assertThat(rows).as("rows of " + target).isNotEmpty();
    return rows;
  }

  private static String anchorOfArtifact(String id) {
    return doc.select("#evidence section.artifact").stream()
        .filter(s -> s.selectFirst("h3 code").text().equals(id))
        .findFirst().orElseThrow().id();
  }
}
