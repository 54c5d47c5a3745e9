package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.questionnaire.SecurityPage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The page sentences a twelfth blind review found saying more than the evidence, over the
 * corpus's blind12 fixtures: each is withheld with what was read, or says only what checked it.
 */
class Blind12PageTest {
  static SecurityPage page(String fixture) throws Exception {
    ClaimCorpusTest.Scanned s = ClaimCorpusTest.scanned(ClaimCorpusTest.fixtures().get(fixture));
    return SecurityPage.build(s.policy(), s.scan(), ClaimCorpusTest.ANSWERED,
        Duration.ofDays(30));
  }

  static List<String> published(SecurityPage p) {
    return p.sections().stream().flatMap(s -> s.statements().stream())
        .map(SecurityPage.Statement::claimId).toList();
  }

  static Map<String, String> withheld(SecurityPage p) {
    return p.withheld().stream().collect(java.util.stream.Collectors.toMap(
        SecurityPage.Withheld::what, SecurityPage.Withheld::reason, (a, b) -> a));
  }

  @Test
  void aWorkingTreeSearchPublishesNothingOnTheRepositoriesOrTheirHistory() throws Exception {
    SecurityPage p = page("blind12repos");
    assertThat(published(p)).doesNotContain("hist", "repos", "secrets");
    assertThat(withheld(p).get("claim hist")).contains("working tree only on web-repo");
    assertThat(published(page("blind12reposread"))).contains("repos");
  }

  @Test
  void aSearchOfAccessLogsPublishesNothingOnApplicationLogsOrAllLogs() throws Exception {
    SecurityPage p = page("blind12logs");
    assertThat(published(p)).contains("logcard").doesNotContain("app_logs_card", "all_logs_card");
    assertThat(withheld(p).get("claim app_logs_card"))
        .contains("access-logs (logs/access-*.log)", "not on application logs");
    assertThat(withheld(p).get("claim all_logs_card")).contains("not on every log");
  }

  @Test
  void aSessionCookiesMaxAgeDoesNotPublishSessionExpiry() throws Exception {
    SecurityPage p = page("blind12session");
    assertThat(published(p)).doesNotContain("sessions.lifetime");
    assertThat(withheld(p).get("claim sessions.lifetime"))
        .contains("checked the session cookie only", "not the server ending the session");
  }

  @Test
  void liveChecksOfATlsTargetAreNotFilesAndConfiguration() throws Exception {
    SecurityPage p = page("blind12tls");
    SecurityPage.Statement min = p.sections().stream().flatMap(s -> s.statements().stream())
        .filter(s -> s.claimId().equals("min")).findFirst().orElseThrow();
    assertThat(min.verified()).contains("of our live systems")
        .doesNotContain("files and configuration");
  }
}
