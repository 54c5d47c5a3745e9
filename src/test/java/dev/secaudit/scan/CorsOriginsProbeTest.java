package dev.secaudit.scan;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secaudit.check.http.CorsCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A careless allow-list (an Origin that ends or begins with the site's host, or null) trusts
 * names any site can register; one foreign probe origin never showed it (a blind cross-check:
 * a server trusting every Origin ending in "localhost" passed with "cross-origin reads refused").
 */
class CorsOriginsProbeTest {
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    server.stubFor(get(urlEqualTo("/api")).willReturn(aResponse().withStatus(200)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void anOriginThatOnlyEndsWithTheHostIsTrustedAndFails() {
    trust("https://cors-probe-127.0.0.1");
    Finding f = cors();
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("any site can read responses with the user's cookies")
        .contains("an origin that only ends with the site's host (not a subdomain):"
            + " https://cors-probe-127.0.0.1");
    server.verify(4, getRequestedFor(urlEqualTo("/api")));
  }

  @Test
  void anOriginThatOnlyBeginsWithTheHostIsTrustedAndFails() {
    trust("https://127.0.0.1.cors-probe.secaudit.invalid");
    assertThat(cors().status()).isEqualTo(Status.FAIL);
  }

  @Test
  void theNullOriginIsNamedAsSuch() {
    trust("null");
    Finding f = cors();
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("send Origin: null");
  }

  @Test
  void aServerTrustingNoneOfThemPasses() {
    Finding f = cors();
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).endsWith("none of the 4 foreign origins trusted");
    assertThat(f.evidence()).containsExactly("api/cors", "api/cors-null",
        "api/cors-begins-with-host", "api/cors-ends-with-host");
  }

  @Test
  void anOriginLeftUnansweredIsNamedBesideTheFailure() {
    trust("https://cors-probe-127.0.0.1");
    server.stubFor(get(urlEqualTo("/api")).withHeader("Origin", equalTo("null"))
        .willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
    Finding f = cors("1s");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("; not judged: Origin null (request failed: ");
  }

  private void trust(String origin) {
    server.stubFor(get(urlEqualTo("/api")).withHeader("Origin", equalTo(origin))
        .willReturn(aResponse().withStatus(200).withHeader("Access-Control-Allow-Origin", origin)
            .withHeader("Access-Control-Allow-Credentials", "true").withHeader("Vary", "Origin")));
  }

  private Finding cors() {
    return cors("5s");
  }

  private Finding cors(String read) {
    String yaml = "version: 1\nname: cors\n"
        + "settings: {timeouts: {connect: 2s, read: " + read + ", total: 10s}}\n"
        + "targets:\n  - {name: api, url: http://127.0.0.1:" + server.port() + "/}\n"
        + "cors: {paths: [/api]}\n";
    ScanResult r = PolicyScans.scan(yaml, List.of(new CorsCheck()));
    List<Finding> found = r.findings().stream()
        .filter(f -> f.checkId().equals("cors.origin")).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
