package dev.secaudit.scan;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server picks its cookies' values: one that is a word secaudit writes (a check id's, a target
 * name's) must not rewrite those words in the scan, while a token-like value is still masked
 * wherever it appears.
 */
class OwnWordsTest {
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
  void aCookieValueThatIsOneOfSecauditsWordsLeavesIdsAndNamesAlone() throws Exception {
    server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
        .withHeader("Set-Cookie", "session=Secure; Path=/")
        .withHeader("Set-Cookie", "sid=q7Zr9wXkP2mVb4Tn; Path=/; HttpOnly")
        .withBody("<html><body>hello q7Zr9wXkP2mVb4Tn</body></html>")));

    ScanResult r = scan("w85-cookie-value-secure");
    String json = new ObjectMapper().findAndRegisterModules().writeValueAsString(r);

    assertThat(r.findings()).extracting(Finding::checkId).contains("cookie.secure")
        .noneMatch(id -> id.contains("REDACTED"));
    assertThat(r.findings()).extracting(Finding::target).containsOnly("w85-cookie-value-secure");
    // The value where it was seen is still masked; the token is masked everywhere, body too.
    assertThat(json).doesNotContain("session=Secure").contains("session=[REDACTED]")
        .doesNotContain("q7Zr9wXkP2mVb4Tn");
  }

  private ScanResult scan(String name) {
    String yaml = "version: 1\nname: words\n"
        + "settings: {timeouts: {connect: 2s, read: 5s, total: 10s}}\n"
        + "targets:\n  - {name: " + name + ", url: http://127.0.0.1:" + server.port() + "/}\n"
        + "cookies:\n  - {name: \"s*\", secure: true, http_only: true}\n";
    return PolicyScans.scan(yaml, StandardChecks.all());
  }
}
