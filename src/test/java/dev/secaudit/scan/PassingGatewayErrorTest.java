package dev.secaudit.scan;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.secaudit.check.http.HeaderRulesCheck;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway's passing 502/503/504 is asked once more before the page is judged: a flaky upstream
 * otherwise flipped the gate from run to run (its error page carries none of the site's headers).
 */
class PassingGatewayErrorTest {
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void aPassing503IsAskedAgainAndTheSiteIsJudged() {
    server.stubFor(get(urlEqualTo("/")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503).withBody("upstream down"))
        .willSetStateTo("up"));
    server.stubFor(get(urlEqualTo("/")).inScenario("flaky").whenScenarioStateIs("up")
        .willReturn(aResponse().withStatus(200).withHeader("X-Content-Type-Options", "nosniff")
            .withBody("<html><body>home</body></html>")));

    ScanResult r = scan();

    server.verify(2, getRequestedFor(urlEqualTo("/")));
    Finding rule = only(r);
    assertThat(rule.status()).isEqualTo(Status.PASS);
    assertThat(rule.evidence()).containsExactly("site/page-retry");
    assertThat(r.artifacts()).extracting(Artifact::id).contains("site/page-retry");
  }

  @Test
  void aLasting503IsJudgedAsItIsAfterOneMoreAsk() {
    server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(503)));

    ScanResult r = scan();

    server.verify(2, getRequestedFor(urlEqualTo("/")));
    Finding rule = only(r);
    assertThat(rule.status()).isEqualTo(Status.FAIL);
    // The status is named: "missing" alone read as the site's own page lacking the header.
    assertThat(rule.observed()).startsWith("judged the 503 answer of http://127.0.0.1:"
        + server.port() + "/ (the same a second later): ").endsWith("missing");
  }

  @Test
  void aPageThatAnswersAsOneIsJudgedWithoutAWordOnItsStatus() {
    server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200)));

    assertThat(only(scan()).observed()).isEqualTo("missing");
  }

  @Test
  void anErrorPageIsNamedWhenItIsTheFirstAnswer() {
    server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(404)));

    assertThat(only(scan()).observed()).isEqualTo("judged the 404 answer of http://127.0.0.1:"
        + server.port() + "/: missing");
  }

  @Test
  void aServerErrorThatIsNotAGatewaysIsNotAskedAgain() {
    server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(500)));

    scan();

    server.verify(1, getRequestedFor(urlEqualTo("/")));
  }

  private ScanResult scan() {
    String yaml = "version: 1\nname: gateway\n"
        + "settings: {timeouts: {connect: 2s, read: 5s, total: 10s}}\n"
        + "targets:\n  - {name: site, url: http://127.0.0.1:" + server.port() + "/}\n"
        + "headers:\n  X-Content-Type-Options: {value: nosniff}\n";
    return PolicyScans.scan(yaml, List.of(new HeaderRulesCheck()));
  }

  private static Finding only(ScanResult r) {
    List<Finding> found = r.findings().stream()
        .filter(f -> f.checkId().equals("header.rule")).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
