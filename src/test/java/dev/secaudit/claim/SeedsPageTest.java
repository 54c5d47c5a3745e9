package dev.secaudit.claim;

import static dev.secaudit.claim.Blind12PageTest.page;
import static dev.secaudit.claim.Blind12PageTest.published;
import static dev.secaudit.claim.Blind12PageTest.withheld;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.questionnaire.SecurityPage;
import org.junit.jupiter.api.Test;

/**
 * Sentences of the seed pages (src/test/resources/seeds) and their kind, over the corpus's
 * fixtures: the page publishes what the scan showed of exactly what they say, and withholds
 * the rest with the reason.
 */
class SeedsPageTest {
  @Test
  void tls13SupportedIsAVersionAcceptedNotAMinimum() throws Exception {
    // Before: withheld as refuted by the lowest version observed (1.2).
    assertThat(published(page("tls13"))).contains("tls13");
    SecurityPage refused = page("tls13refused");
    assertThat(published(refused)).doesNotContain("tls13");
    assertThat(withheld(refused).get("claim tls13")).contains("TLS 1.3");
  }

  @Test
  void combinedCookieSentencesArePublishedForTheCookiesTheRuleNames() throws Exception {
    // Before: init left both to attest ("its checks test the endpoints a scan probes").
    SecurityPage p = page("seedcookies");
    assertThat(published(p)).contains("sesscookies", "httpsonly")
        .doesNotContain("strict", "allcookies", "admincookies");
    assertThat(withheld(p).get("claim strict")).contains("strict");
  }

  @Test
  void productionSshKeysOnlyIsNotPublishedFromOneSshdConfig() throws Exception {
    // "Production server access via SSH keys only": one sshd_config read says nothing of which
    // machines are production (auditor21 H4), so the page does not publish it as verified.
    assertThat(published(page("seedssh"))).doesNotContain("sshkeys");
  }

  @Test
  void aHeaderValueIsPublishedOnlyAsSeenSent() throws Exception {
    SecurityPage p = page("xfodeny");
    assertThat(published(p)).contains("deny").doesNotContain("sameorigin");
  }

  @Test
  void requestsLoggedForThirtyDaysAreTheRequestLogsARuleOnThemVerifies() throws Exception {
    // seeds21 (Klemento): read as every log, the request log's 30-day rule left it "some log
    // (request) only, not all log", though the rule is on exactly the logs the sentence names.
    assertThat(new SentenceReader(Vocabulary.builtIn())
        .read("All requests are logged for 30 days for abuse detection.").parts().get(0).scope()
        .kinds()).containsExactly("log:request");
    dev.secaudit.model.Finding f = Claims19VerifiedTest.verified("requestlogs").get("logs.30d");
    assertThat(f.status()).as(f.observed()).isEqualTo(dev.secaudit.model.Status.PASS);
    assertThat(published(page("requestlogs"))).contains("logs.30d");
  }
}
