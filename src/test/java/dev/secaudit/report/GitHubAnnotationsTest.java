package dev.secaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.scan.Gate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitHubAnnotationsTest {

  @Test
  void escapesDataAndPropertiesPerTheWorkflowCommandRules() {
    assertThat(GitHubAnnotations.data("100% done\r\nnext: a,b")).isEqualTo("100%25 done%0D%0Anext: a,b");
    assertThat(GitHubAnnotations.property("dir/a: b,c%\n")).isEqualTo("dir/a%3A b%2Cc%25%0A");
  }

  @Test
  void errorOnlyAtTheGateWarningBelowNoticeForWarnNothingForTheRest() {
    ScanResult scan = ReportFixture.scan();
    Finding hostile = ReportFixture.finding("header.rule", "app", "X-A", Status.FAIL,
        "absent", "50% of\nlines: a,b\u001b[2J");
    ScanResult shown = scan.withFindings(List.of(hostile, scan.findings().get(2),
        scan.findings().get(3), scan.findings().get(5)));
    StringWriter out = new StringWriter();
    GitHubAnnotations.print(shown, Gate.of(shown, Severity.LOW), new PrintWriter(out));
    String[] lines = out.toString().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("::error file=policies/acme.yaml,line=12,title=header.rule"
        + "::medium [app https://app.acme.test] X-A: ").contains("50%25 of%0Alines: a,b\\u001B[2J")
        .doesNotContain("\r").doesNotContain("\u001b");
    // WARN → ::notice (a WARN never fails the gate); a PASS and a WAIVED failure print nothing.
    assertThat(lines[1]).startsWith("::notice file=policies/acme.yaml,line=12,"
        + "title=header.info_leak");

    // Below the gate a FAIL is a warning: the job passes, and an error would say it did not.
    StringWriter below = new StringWriter();
    GitHubAnnotations.print(shown, Gate.of(shown, Severity.HIGH), new PrintWriter(below));
    assertThat(below.toString()).startsWith("::warning file=policies/acme.yaml,line=12,"
        + "title=header.rule").doesNotContain("::error");
  }

  @Test
  void theGatesFailuresFirstMostSevereFirstAsGitHubShowsOnlyTheFirstTen() {
    ScanResult scan = ReportFixture.scan();
    Finding low = ReportFixture.finding("header.info_leak", "app", "Server", Status.FAIL,
        "no version", "nginx/1.22.1");
    Finding medium = ReportFixture.finding("header.rule", "app", "X-A", Status.FAIL, "sent",
        "absent");
    Finding high = ReportFixture.finding("tls.protocols", "app", "TLS 1.0", Status.FAIL,
        "refused", "accepted");
    Finding warn = ReportFixture.finding("csp.header", "app", "", Status.WARN, "", "report-only");
    ScanResult shown = scan.withFindings(List.of(warn, low, medium, high));

    StringWriter all = new StringWriter();
    GitHubAnnotations.print(shown, Gate.of(shown, Severity.LOW), new PrintWriter(all));
    assertThat(titles(all)).containsExactly("error tls.protocols", "error header.rule",
        "error header.info_leak", "notice csp.header");

    // At --fail-on high the high FAIL alone fails the gate; the warnings follow by severity.
    StringWriter high2 = new StringWriter();
    GitHubAnnotations.print(shown, Gate.of(shown, Severity.HIGH), new PrintWriter(high2));
    assertThat(titles(high2)).containsExactly("error tls.protocols", "warning header.rule",
        "warning header.info_leak", "notice csp.header");
  }

  private static List<String> titles(StringWriter out) {
    return out.toString().lines().map(l -> l.substring(2, l.indexOf(' ')) + " "
        + l.substring(l.indexOf("title=") + 6, l.indexOf("::", 2))).toList();
  }

  @Test
  void onlyInsideGitHubActions() {
    assertThat(GitHubAnnotations.active(Map.of("GITHUB_ACTIONS", "true")::get)).isTrue();
    assertThat(GitHubAnnotations.active(Map.of("CI", "true")::get)).isFalse();
  }
}
