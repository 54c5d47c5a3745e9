package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.scan.Gate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "What do I fix first" on a fleet: one line per fix, not one per host with the same fix. */
class ConsoleFixFirstTest {
  @Test
  void theSameFindingOnManyTargetsIsOneFixNamingHowManyMore() {
    List<Finding> findings = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      findings.add(ReportFixture.finding("hsts.header", "web-" + i, "", Status.FAIL,
          "sent", "not sent"));
    }
    findings.add(ReportFixture.finding("cookie.secure", "web-3", "session", Status.FAIL,
        "Secure", "not Secure"));
    findings.add(ReportFixture.finding("cookie.secure", "web-7", "session", Status.FAIL,
        "Secure", "not Secure"));
    findings.add(ReportFixture.finding("cookie.secure", "web-7", "tracking", Status.FAIL,
        "Secure", "not Secure"));
    ScanResult scan = ReportFixture.scan().withFindings(findings);

    List<String> fix = fixFirst(scan);

    assertThat(fix).hasSize(3);
    assertThat(fix).filteredOn(l -> l.contains("hsts.header")).singleElement().asString()
        .contains("web-1 and 11 more targets: hsts.header");
    assertThat(fix).filteredOn(l -> l.contains("[session]")).singleElement().asString()
        .contains("web-3 and 1 more target: cookie.secure [session]");
    assertThat(fix).filteredOn(l -> l.contains("[tracking]")).singleElement().asString()
        .contains("web-7: cookie.secure [tracking]");
  }

  @Test
  void atMostFiveFixesAreListed() {
    List<Finding> findings = new ArrayList<>();
    for (String check : List.of("hsts.header", "cookie.secure", "cookie.http_only",
        "csp.header", "https.redirect", "cors.origin", "tls.protocols")) {
      for (int i = 1; i <= 3; i++) {
        findings.add(ReportFixture.finding(check, "web-" + i, "", Status.FAIL, "x", "y"));
      }
    }
    List<String> fix = fixFirst(ReportFixture.scan().withFindings(findings));
    assertThat(fix).hasSize(5).allMatch(l -> l.contains("and 2 more targets"));
  }

  @Test
  void oneHeaderMissingOnSeveralPagesIsOneFixListingThePages() {
    List<Finding> findings = new ArrayList<>();
    for (String header : List.of("Content-Security-Policy", "Referrer-Policy")) {
      for (String page : List.of("", "/a", "/b", "/c", "/d", "/e")) {
        findings.add(ReportFixture.finding("header.rule", "web", "", Status.FAIL, "sent",
            "missing").toBuilder().about(dev.secaudit.model.Subject.header(header))
            .subject(page.isEmpty() ? header : header + " on " + page).build());
      }
    }
    List<String> fix = fixFirst(ReportFixture.scan().withFindings(findings));
    assertThat(fix).hasSize(2);
    assertThat(fix.get(0)).endsWith("web: header.rule [Content-Security-Policy] on 6 pages:"
        + " main page, /a, /b, /c, …");
    assertThat(fix.get(1)).endsWith("web: header.rule [Referrer-Policy] on 6 pages:"
        + " main page, /a, /b, /c, …");
  }

  private static List<String> fixFirst(ScanResult scan) {
    StringWriter w = new StringWriter();
    new ConsoleReport(false, ConsoleReport.Verbosity.NORMAL, 120)
        .render(scan, Gate.of(scan, Severity.LOW), new PrintWriter(w));
    List<String> lines = Arrays.asList(w.toString().split("\n"));
    int at = lines.indexOf("fix first:");
    assertThat(at).as(w.toString()).isNotNegative();
    return lines.subList(at + 1, lines.size()).stream().takeWhile(l -> l.startsWith("  "))
        .toList();
  }
}
