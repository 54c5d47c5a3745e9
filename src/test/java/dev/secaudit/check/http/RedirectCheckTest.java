package dev.secaudit.check.http;

import static dev.secaudit.check.http.Recorded.HOST;
import static dev.secaudit.check.http.Recorded.answer;
import static dev.secaudit.check.http.Recorded.context;
import static dev.secaudit.check.http.Recorded.failure;
import static dev.secaudit.check.http.Recorded.fetch;
import static dev.secaudit.check.http.Recorded.observed;
import static dev.secaudit.check.http.Recorded.only;
import static dev.secaudit.check.http.Recorded.page;
import static dev.secaudit.check.http.Recorded.pages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.check.Aspect;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpFetch;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedirectCheckTest {
  private static final String POLICY = "https: {redirect: true, max_redirects: 3}\n";
  private static final String HTTP = "http://" + HOST + "/";
  private static final String HTTPS = "https://" + HOST + "/";

  private final RedirectCheck check = new RedirectCheck();

  private List<Finding> run(String policy, HttpFetch walk, HttpFetch home) {
    return check.evaluate(context(policy, observed(pages("/", home), walk, null)));
  }

  private static HttpFetch home() {
    return page("app/page-1", "/");
  }

  @Test
  void appliesOnlyWithAnHttpsSection() {
    assertThat(check.appliesTo(Recorded.policy(POLICY).policy())).isTrue();
    assertThat(check.appliesTo(Recorded.policy("").policy())).isFalse();
    assertThat(check.needs()).containsExactlyInAnyOrder(Aspect.HTTP_REDIRECT, Aspect.PAGES);
  }

  @Test
  void permanentRedirectToHttpsOnTheSameHostPasses() {
    HttpFetch walk = fetch("final",
        answer("app/http", HTTP, 301, "Location", HTTPS),
        answer("app/http-hop1", HTTPS, 200));
    List<Finding> f = run(POLICY, walk, home());
    Finding first = only(f, "https.redirect");
    assertThat(first.status()).isEqualTo(Status.PASS);
    assertThat(first.observed()).isEqualTo("301 → " + HTTPS);
    assertThat(first.subject()).isEqualTo(HTTP);
    assertThat(first.evidence()).containsExactly("app/http");
    assertThat(first.policyPointer()).isEqualTo("/https/redirect");
    Finding chain = only(f, "https.redirect_chain", HTTP);
    assertThat(chain.status()).isEqualTo(Status.PASS);
    assertThat(chain.observed()).isEqualTo("1 redirect: " + HTTP + " (301) → " + HTTPS + " (200)");
    assertThat(chain.evidence()).containsExactly("app/http", "app/http-hop1");
    assertThat(only(f, "https.redirect_chain", HTTPS).observed()).startsWith("0 redirects");
  }

  @Test
  void temporaryRedirectPassesWithANote() {
    HttpFetch walk = fetch("final",
        answer("app/http", HTTP, 302, "Location", HTTPS), answer("app/http-hop1", HTTPS, 200));
    Finding first = only(run(POLICY, walk, home()), "https.redirect");
    assertThat(first.status()).isEqualTo(Status.PASS);
    assertThat(first.observed()).contains("temporary");
  }

  @Test
  void redirectToAnotherHostFirstFails() {
    String www = "https://www." + HOST + "/";
    HttpFetch walk = fetch("foreign host www." + HOST + " (not a policy target; not followed)",
        answer("app/http", HTTP, 301, "Location", www));
    List<Finding> f = run(POLICY, walk, home());
    Finding first = only(f, "https.redirect");
    assertThat(first.status()).isEqualTo(Status.FAIL);
    assertThat(first.observed()).startsWith("301 → " + www).contains("another host first");
    Finding chain = only(f, "https.redirect_chain", HTTP);
    assertThat(chain.status()).isEqualTo(Status.FAIL);
    assertThat(chain.observed()).contains("leaves the policy's hosts: foreign host www.")
        .contains(www + " (not followed)");
  }

  @Test
  void relativeRedirectThatStaysOnHttpFails() {
    HttpFetch walk = fetch("final",
        answer("app/http", HTTP, 301, "Location", "/welcome"),
        answer("app/http-hop1", HTTP + "welcome", 200));
    Finding first = only(run(POLICY, walk, home()), "https.redirect");
    assertThat(first.status()).isEqualTo(Status.FAIL);
    assertThat(first.observed()).isEqualTo("301 → " + HTTP + "welcome (still plain HTTP)");
  }

  @Test
  void noRedirectFails() {
    HttpFetch walk = fetch("final", answer("app/http", HTTP, 200));
    Finding first = only(run(POLICY, walk, home()), "https.redirect");
    assertThat(first.status()).isEqualTo(Status.FAIL);
    assertThat(first.observed()).isEqualTo("answered 200 over plain HTTP without redirecting");
  }

  @Test
  void aTargetAtHttpHasOneChainNotTwo() {
    // Its page and its plain-HTTP walk start at the same URL and are the same chain.
    HttpFetch walk = fetch("final", answer("app/http", HTTP, 200));
    HttpFetch page = fetch("final", answer("app/page-1", HTTP, 200));
    List<Finding> f = run(POLICY, walk, page);
    assertThat(f).filteredOn(x -> x.checkId().equals("https.redirect_chain")).hasSize(1);
    assertThat(run(POLICY, walk, home())).filteredOn(
        x -> x.checkId().equals("https.redirect_chain")).hasSize(2);
  }

  @Test
  void redirectStatusWithoutLocationFails() {
    HttpFetch walk = fetch("final", answer("app/http", HTTP, 301));
    Finding first = only(run(POLICY, walk, home()), "https.redirect");
    assertThat(first.status()).isEqualTo(Status.FAIL);
    assertThat(first.observed()).isEqualTo("301 without a Location header");
  }

  @Test
  void unreachablePlainHttpIsAnErrorWithTheFetchText() {
    HttpFetch walk = fetch("error",
        failure("app/http", HTTP, "connection refused or unreachable: port 80"));
    List<Finding> f = run(POLICY, walk, home());
    Finding first = only(f, "https.redirect");
    assertThat(first.status()).isEqualTo(Status.ERROR);
    assertThat(first.observed()).isEqualTo("connection refused or unreachable: port 80");
    assertThat(only(f, "https.redirect_chain", HTTP).status()).isEqualTo(Status.ERROR);
  }

  @Test
  void noPlainHttpUrlIsSkippedWithTheProbeReason() {
    TargetObservations obs = observed(pages("/", home()), null,
        "target url uses port 8443 and no http_url is set");
    List<Finding> f = check.evaluate(context(POLICY, obs));
    Finding first = only(f, "https.redirect");
    assertThat(first.status()).isEqualTo(Status.SKIPPED);
    assertThat(first.observed()).isEqualTo("target url uses port 8443 and no http_url is set");
    assertThat(first.subject()).isEqualTo(HTTP);
    assertThat(f).extracting(Finding::checkId)
        .containsExactly("https.redirect", "https.redirect_chain");
  }

  @Test
  void redirectNotRequiredIsSkipped() {
    HttpFetch walk = fetch("final", answer("app/http", HTTP, 200));
    Finding first = only(run("https: {redirect: false}\n", walk, home()), "https.redirect");
    assertThat(first.status()).isEqualTo(Status.SKIPPED);
  }

  @Test
  void redirectLoopFails() {
    HttpFetch loop = fetch("redirect loop",
        answer("app/page-1", HTTPS + "a", 302, "Location", "/b"),
        answer("app/page-1-hop1", HTTPS + "b", 302, "Location", "/a"));
    HttpFetch walk = fetch("final",
        answer("app/http", HTTP, 301, "Location", HTTPS), answer("app/http-hop1", HTTPS, 200));
    Finding chain = only(run(POLICY, walk, loop), "https.redirect_chain", HTTPS + "a");
    assertThat(chain.status()).isEqualTo(Status.FAIL);
    assertThat(chain.observed()).startsWith("redirect loop");
  }

  @Test
  void loopIsFoundFromTheHopsEvenWithoutTheProbeSayingSo() {
    HttpFetch self = fetch("max redirects (0) reached",
        answer("app/page-1", HTTPS, 302, "Location", HTTPS));
    Finding chain = only(run("https: {max_redirects: 5}\n", null, self), "https.redirect_chain",
        HTTPS);
    assertThat(chain.status()).isEqualTo(Status.FAIL);
    assertThat(chain.observed()).contains("redirect loop").contains("the probe gave up")
        .doesNotContain("more than");
  }

  @Test
  void tooManyRedirectsFail() {
    HttpFetch many = fetch("max redirects (3) reached",
        answer("app/page-1", HTTPS + "1", 301, "Location", "/2"),
        answer("app/page-1-hop1", HTTPS + "2", 301, "Location", "/3"),
        answer("app/page-1-hop2", HTTPS + "3", 301, "Location", "/4"),
        answer("app/page-1-hop3", HTTPS + "4", 301, "Location", "/5"));
    Finding chain = only(run(POLICY, null, many), "https.redirect_chain", HTTPS + "1");
    assertThat(chain.status()).isEqualTo(Status.FAIL);
    assertThat(chain.observed()).startsWith("more than 3 redirects (4 followed");
    assertThat(chain.expected()).isEqualTo(
        "≤ 3 redirects; no foreign host or loop");
    assertThat(chain.policyPointer()).isEqualTo("/https/max_redirects");
  }

  @Test
  void maxRedirectsComesFromThePolicy() {
    HttpFetch two = fetch("final",
        answer("app/page-1", HTTPS + "1", 301, "Location", "/2"),
        answer("app/page-1-hop1", HTTPS + "2", 301, "Location", "/3"),
        answer("app/page-1-hop2", HTTPS + "3", 200));
    assertThat(only(run("https: {max_redirects: 1}\n", null, two), "https.redirect_chain",
        HTTPS + "1").status()).isEqualTo(Status.FAIL);
    assertThat(only(run("https: {max_redirects: 2}\n", null, two), "https.redirect_chain",
        HTTPS + "1").status()).isEqualTo(Status.PASS);
  }

  @Test
  void downgradeToHttpIsTheDowngradeChecksNotOneMoreLowProblemOfTheChain() {
    HttpFetch down = fetch("final",
        answer("app/page-1", HTTPS, 301, "Location", HTTP + "old"),
        answer("app/page-1-hop1", HTTP + "old", 200));
    Finding chain = only(run(POLICY, null, down), "https.redirect_chain", HTTPS);
    assertThat(chain.status()).isEqualTo(Status.PASS);
    // The same walk, judged by https.downgrade: HIGH, with or without an https: section.
    Finding downgrade = only(new DowngradeCheck().evaluate(context("",
        observed(pages("/", down), null, null))), "https.downgrade", HTTPS);
    assertThat(downgrade.status()).isEqualTo(Status.FAIL);
    assertThat(downgrade.severity()).isEqualTo(dev.secaudit.model.Severity.HIGH);
    assertThat(downgrade.observed()).startsWith("https→http downgrade: " + HTTPS + " (301) → "
        + HTTP + "old");
    assertThat(downgrade.evidence()).containsExactly("app/page-1", "app/page-1-hop1");
  }

  @Test
  void walkThatBreaksHalfwayIsAnError() {
    HttpFetch broken = fetch("error",
        answer("app/page-1", HTTPS, 302, "Location", "/next"),
        failure("app/page-1-hop1", HTTPS + "next", "timed out (read)"));
    Finding chain = only(run(POLICY, null, broken), "https.redirect_chain", HTTPS);
    assertThat(chain.status()).isEqualTo(Status.ERROR);
    assertThat(chain.observed()).isEqualTo("stopped after 1 redirect(s): timed out (read)");
  }

  @Test
  void noPagesIsAnError() {
    List<Finding> f = check.evaluate(context(POLICY, observed(pages(), null, "skipped")));
    assertThat(only(f, "https.redirect_chain").status()).isEqualTo(Status.ERROR);
  }
}
