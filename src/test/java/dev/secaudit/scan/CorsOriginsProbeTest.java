package dev.secaudit.scan;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
    assertThat(f.observed()).contains("; preflight OPTIONS for PUT with x-secaudit-probe: HTTP 404;"
        + " no Access-Control-Allow-Origin (not an ok status, so browsers send nothing after it)").endsWith("none of the 4 foreign origins trusted by 4 GETs or 4"
        + " preflights (OPTIONS asking for PUT with x-secaudit-probe)");
    assertThat(f.evidence()).containsExactly("api/cors", "api/cors-null",
        "api/cors-begins-with-host", "api/cors-ends-with-host", "api/cors-preflight",
        "api/cors-null-preflight", "api/cors-begins-with-host-preflight",
        "api/cors-ends-with-host-preflight");
  }

  @Test
  void aPreflightTrustingAnyOriginWithCredentialsFailsThoughEveryGetIsRefused() {
    // The blind cross-check's server: GETs carry no CORS header, OPTIONS echoes any Origin.
    server.stubFor(request("OPTIONS", urlEqualTo("/api")).willReturn(aResponse().withStatus(204)
        .withHeader("Access-Control-Allow-Origin", "{{request.headers.Origin}}")
        .withHeader("Access-Control-Allow-Credentials", "true")
        .withHeader("Access-Control-Allow-Methods", "GET, PUT, DELETE")
        .withTransformers("response-template")));
    Finding f = cors("15s", "request_headers: {Cookie: sid=s3cr3t, X-Tenant: t1}");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).startsWith("preflight OPTIONS for PUT with x-secaudit-probe: HTTP"
        + " 204; Access-Control-Allow-Origin: https://cors-probe.secaudit.invalid;"
        + " Access-Control-Allow-Credentials: true; Access-Control-Allow-Methods: GET, PUT,"
        + " DELETE: any site can send PUT requests with the user's cookies")
        .endsWith("[the policy's foreign probe origin: https://cors-probe.secaudit.invalid]");
    // The first preflight showed it: no other origin is asked.
    List<LoggedRequest> preflights = server.findAll(
        anyRequestedFor(urlEqualTo("/api")).withHeader("Access-Control-Request-Method",
            equalTo("PUT")));
    assertThat(preflights).hasSize(1).allSatisfy(q -> {
      assertThat(q.getMethod().getName()).isEqualTo("OPTIONS");
      assertThat(q.getHeader("Access-Control-Request-Headers")).isEqualTo("x-secaudit-probe");
      // As a browser's preflight: no credentials, the target's other headers kept.
      assertThat(q.containsHeader("Cookie")).isFalse();
      assertThat(q.getHeader("X-Tenant")).isEqualTo("t1");
    });
    assertThat(f.evidence()).contains("api/cors-preflight");
  }

  @Test
  void aPreflightThatTrustsTheOriginButAllowsNeitherMethodNorHeaderPasses() {
    server.stubFor(request("OPTIONS", urlEqualTo("/api")).willReturn(aResponse().withStatus(200)
        .withHeader("Access-Control-Allow-Origin", "{{request.headers.Origin}}")
        .withHeader("Access-Control-Allow-Credentials", "true")
        .withHeader("Access-Control-Allow-Methods", "*")
        .withHeader("Access-Control-Allow-Headers", "*")
        .withTransformers("response-template")));
    Finding f = cors();
    // With credentials, * is a literal name, not a wildcard (Fetch §4.8): nothing is admitted.
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.observed()).contains("the origin passes, but neither PUT nor x-secaudit-probe"
        + " is allowed (with credentials, * is no wildcard)");
  }

  @Test
  void aPreflightAllowingTheHeaderToAReflectedOriginWithoutCredentialsWarns() {
    server.stubFor(request("OPTIONS", urlEqualTo("/api")).willReturn(aResponse().withStatus(204)
        .withHeader("Access-Control-Allow-Origin", "{{request.headers.Origin}}")
        .withHeader("Access-Control-Allow-Headers", "X-Secaudit-Probe, Content-Type")
        .withTransformers("response-template")));
    Finding f = cors("15s", null, false);
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.observed()).contains("the Origin is reflected, so any site can send the"
        + " x-secaudit-probe header (no credentials)");
    // Under the default allow_any_origin: true it grants what * would.
    assertThat(cors().status()).isEqualTo(Status.PASS);
  }

  /**
   * flask-cors's default echoes any Origin, null included, without credentials: under a policy
   * that accepts * this grants nothing * would not (a blind review saw a WARN the user could not
   * clear); with credentials it stays a failure.
   */
  @Test
  void aReflectedOriginWithoutCredentialsPassesWhenThePolicyAcceptsAnyOrigin() {
    server.stubFor(get(urlEqualTo("/api")).willReturn(aResponse().withStatus(200)
        .withHeader("Access-Control-Allow-Origin", "{{request.headers.Origin}}")
        .withHeader("Vary", "Origin").withTransformers("response-template")));
    server.stubFor(request("OPTIONS", urlEqualTo("/api")).willReturn(aResponse().withStatus(200)
        .withHeader("Access-Control-Allow-Origin", "{{request.headers.Origin}}")
        .withHeader("Access-Control-Allow-Methods", "GET, PUT")
        .withHeader("Access-Control-Allow-Headers", "X-Secaudit-Probe")
        .withTransformers("response-template")));
    Finding f = cors("15s", null, true);
    assertThat(f.status()).as(f.observed()).isEqualTo(Status.PASS);
    assertThat(f.observed()).contains("the Origin is reflected without credentials, which any"
        + " site may read as with * (allow_any_origin: true); Vary: Origin sent");
    // The same server under a policy that allows only the site's own origins still warns.
    assertThat(cors("15s", null, false).status()).isEqualTo(Status.WARN);
  }

  @Test
  void aReflectedOriginWithCredentialsFailsEvenWhenThePolicyAcceptsAnyOrigin() {
    trust("https://cors-probe.secaudit.invalid");
    Finding f = cors("15s", null, true);
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("any site can read responses with the user's cookies");
  }

  @Test
  void aServerThatNeverAnswersOptionsIsAnErrorNamingThePreflightAndCostsOneTimeout() {
    server.stubFor(request("OPTIONS", urlEqualTo("/api")).willReturn(aResponse().withStatus(204)
        .withFixedDelay(3_000)));
    Finding f = cors("1s");
    assertThat(f.status()).isEqualTo(Status.ERROR);
    assertThat(f.observed()).startsWith("the preflight (OPTIONS) of Origin"
        + " https://cors-probe.secaudit.invalid failed: ");
    assertThat(server.findAll(anyRequestedFor(urlEqualTo("/api")))
        .stream().filter(q -> q.getMethod().getName().equals("OPTIONS")).count()).isEqualTo(1);
  }

  @Test
  void noPreflightIsSentWhenAGetAlreadyShowsCredentialedTrust() {
    trust("null");
    assertThat(cors().status()).isEqualTo(Status.FAIL);
    assertThat(server.findAll(anyRequestedFor(urlEqualTo("/api"))))
        .extracting(q -> q.getMethod().getName()).containsOnly("GET");
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
    return cors("15s");
  }

  private Finding cors(String read) {
    return cors(read, null);
  }

  private Finding cors(String read, String targetExtra) {
    return cors(read, targetExtra, null);
  }

  /** @param anyOrigin the policy's allow_any_origin, or null to leave it to its default */
  private Finding cors(String read, String targetExtra, Boolean anyOrigin) {
    String yaml = "version: 1\nname: cors\n"
        // total is generous: the verdict, not the time, is what these tests hold (a loaded
        // machine once ran past 10 s and read ERROR).
        + "settings: {timeouts: {connect: 5s, read: " + read + ", total: 40s}}\n"
        + "targets:\n  - {name: api, url: http://127.0.0.1:" + server.port() + "/"
        + (targetExtra == null ? "" : ", " + targetExtra) + "}\n"
        + "cors: {paths: [/api]" + (anyOrigin == null ? "" : ", allow_any_origin: " + anyOrigin) + "}\n";
    ScanResult r = PolicyScans.scan(yaml, List.of(new CorsCheck()));
    List<Finding> found = r.findings().stream()
        .filter(f -> f.checkId().equals("cors.origin")).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
