package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.questionnaire.SecurityPage;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The claims real apps' pages make that were not read (claims19 fixtures): each stated claim's
 * claim.verified says what its checks showed, a limit "per IP" says why it is not verified, and
 * the page publishes only what the scan verified.
 */
class Claims19VerifiedTest {
  static Map<String, Finding> verified(String fixture) throws Exception {
    ClaimCorpusTest.Scanned s = ClaimCorpusTest.scanned(ClaimCorpusTest.fixtures().get(fixture));
    return s.scan().findings().stream().filter(f -> f.checkId().equals("claim.verified"))
        .collect(Collectors.toMap(Finding::subject, f -> f, (a, b) -> a));
  }

  @Test
  void theSentencesAreVerifiedByTheirChecks() throws Exception {
    Map<String, Finding> v = verified("claims19");
    assertThat(v.get("csp.inline").status()).as(v.get("csp.inline").observed())
        .isEqualTo(Status.PASS);
    assertThat(v.get("csp.scripts").status()).as(v.get("csp.scripts").observed())
        .isEqualTo(Status.PASS);
    assertThat(v.get("cookie.life").status()).as(v.get("cookie.life").observed())
        .isEqualTo(Status.PASS);
    assertThat(v.get("cookie.prefix").status()).as(v.get("cookie.prefix").observed())
        .isEqualTo(Status.PASS);
  }

  @Test
  void aPrefixOnASessionCookieRuleDoesNotVerifyEveryCookie() throws Exception {
    Finding f = verified("claims19").get("cookie.prefix.all");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).contains("all cookie.session only, not all cookie");
  }

  @Test
  void aLimitPerIpIsNotVerifiedAndSaysWhy() throws Exception {
    Finding f = verified("claims19").get("login.limit");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).contains("per ip address", "not told apart from one over all"
        + " clients");
  }

  @Test
  void thePagePublishesTheVerifiedSentencesAndWithholdsThePerIpLimit() throws Exception {
    SecurityPage p = Blind12PageTest.page("claims19");
    assertThat(Blind12PageTest.published(p)).contains("csp.inline", "csp.scripts",
        "cookie.life", "cookie.prefix").doesNotContain("login.limit");
    assertThat(Blind12PageTest.withheld(p).get("claim login.limit")).contains("per ip address");
  }

  @Test
  void aClaimIsJudgedOnItsOwnRuleNotOnAnotherRulesRefutedEndpoint() throws Exception {
    Map<String, Finding> v = verified("claims19twolimits");
    assertThat(v.get("api.limit").status()).isEqualTo(Status.FAIL);
    assertThat(v.get("login.limit").status()).as(v.get("login.limit").observed())
        .isEqualTo(Status.PASS);
    assertThat(v.get("login.limit").observed()).doesNotContain("api-login", "/rate_limits/1");
  }

  @Test
  void allStateChangingRequestsSaysWhichRequestsTheFlowsSent() throws Exception {
    Map<String, Finding> v = verified("claims19csrf");
    assertThat(v.get("csrf.plain").status()).as(v.get("csrf.plain").observed())
        .isEqualTo(Status.PASS);
    Finding all = v.get("csrf.all");
    assertThat(all.status()).isEqualTo(Status.WARN);
    assertThat(all.observed()).contains("request.csrf [transfer/csrf] on app",
        "reaches requests no flow sent");
  }

  @Test
  void allCookiesAndEveryResponseBothSayWhatWasJudgedAndStayForAPerson() throws Exception {
    Map<String, Finding> v = verified("claims19scope");
    assertThat(v.get("hsts.plain").status()).isEqualTo(Status.PASS);
    assertThat(v.get("hsts.every").status()).isEqualTo(Status.WARN);
    assertThat(v.get("hsts.every").observed()).contains("judged on 1 response(s)");
    assertThat(v.get("cookies.all").status()).isEqualTo(Status.WARN);
    assertThat(v.get("cookies.all").observed()).contains("set by the responses fetched only,"
        + " not all cookie", "judged on 1 response(s)");
  }

  @Test
  void aStatedPasswordMinimumIsVerifiedByTheRuleThatProbedItAndNoLongerOne() throws Exception {
    Map<String, Finding> v = verified("passwordlength");
    assertThat(v.get("stated").status()).as(v.get("stated").observed()).isEqualTo(Status.PASS);
    assertThat(v.get("atleast").status()).as(v.get("atleast").observed())
        .isEqualTo(Status.PASS);
    // 12 was never probed: the rule's 10 does not show it.
    assertThat(v.get("longer").status()).isEqualTo(Status.WARN);
    assertThat(verified("passwordlengthtaken").get("atleast").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void whatAStatementNamesBeyondTheRuleIsNamedNotListedTwice() throws Exception {
    Map<String, Finding> v = verified("cookieusers");
    // Users beside cookies name no subset of them: every cookie is set in a user's browser
    // (seeds21 read "judged all cookie.session only, not all cookie.session, user").
    assertThat(v.get("users").status()).as(v.get("users").observed()).isEqualTo(Status.PASS);
    Finding f = v.get("admins");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).contains("judged all cookie.session only; the statement also"
        + " speaks of admin, which they do not judge");
  }
}
