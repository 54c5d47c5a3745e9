package dev.secaudit.check.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.secaudit.check.http.Recorded.only;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secaudit.check.CheckContext;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.probe.TargetObservations;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.http.HttpFetch;
import dev.secaudit.probe.http.HttpProbe;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The redirect, framing, CORS and Permissions-Policy findings carry what they judged and the
 * values they compared, read from what a real server on loopback sent (WireMock, recorded by
 * HttpProbe), beside the sentences they always had.
 */
class HttpTypedFindingsTest {
  private WireMockServer server;
  private HttpProbe probe;
  private String base;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    base = "http://127.0.0.1:" + server.port();
    probe = new HttpProbe(new HttpProbe.Limits(Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(20), 64 * 1024), RecordingTrustManager.forKeyStore(null),
        Clock.systemUTC(), "secaudit-test");
    server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(301)
        .withHeader("Location", "/home")));
    server.stubFor(get(urlEqualTo("/home")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withHeader("X-Frame-Options", "DENY")
        .withHeader("Permissions-Policy", "camera=*, geolocation=(self)")
        .withBody("<p>home</p>")));
    server.stubFor(get(urlEqualTo("/framed")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html")
        .withHeader("Content-Security-Policy", "frame-ancestors 'self'").withBody("<p>f</p>")));
    server.stubFor(get(urlEqualTo("/bare")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody("<p>bare</p>")));
    server.stubFor(get(urlEqualTo("/api/me")).willReturn(aResponse().withStatus(200)
        .withHeader("Access-Control-Allow-Origin", "{{request.headers.Origin}}")
        .withHeader("Access-Control-Allow-Credentials", "true")
        .withTransformers("response-template")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private CheckContext observed() {
    Map<String, HttpFetch> pages = new LinkedHashMap<>();
    int i = 0;
    for (String path : List.of("/", "/framed", "/bare")) {
      pages.put(path, probe.fetch("app/page-" + ++i, base + path, Map.of(), 3,
          Set.of("127.0.0.1")));
    }
    HttpFetch plain = probe.fetch("app/http", base + "/", Map.of(), 3, Set.of("127.0.0.1"));
    List<HttpExchange> cors = List.of(probe.exchange("app/cors-0", "GET", base + "/api/me",
        Map.of("Origin", "https://cors-probe.secaudit.invalid")));
    TargetObservations obs = new TargetObservations("app", pages, plain, null, cors, null);
    return Recorded.context(Recorded.policy(base, """
        https: {redirect: true, max_redirects: 3}
        framing: {}
        cors: {paths: [/api/me]}
        headers:
          Permissions-Policy: {required: true}
        """), obs);
  }

  @Test
  void redirectsSayTheStatusTheLocationAndHowManyWereFollowed() {
    List<Finding> findings = new RedirectCheck().evaluate(observed());
    Finding first = only(findings, "https.redirect", base + "/");
    assertThat(first.about()).isEqualTo(new Subject(Subject.Kind.URL, base + "/"));
    assertThat(first.status()).isEqualTo(Status.FAIL);
    assertThat(first.observed()).isEqualTo("301 → " + base + "/home (still plain HTTP)");
    assertThat(first.observedValue()).isEqualTo(new Value.Items(List.of(
        new Value.Setting("status", "301"), new Value.Header("Location", "/home"))));
    Finding chain = findings.stream().filter(f -> f.checkId().equals("https.redirect_chain")
        && f.subject().equals(base + "/")).findFirst().orElseThrow();
    assertThat(chain.observed()).startsWith("1 redirect: ");
    assertThat(chain.expectedValue()).isEqualTo(new Value.Count(3, null));
    assertThat(chain.observedValue()).isEqualTo(new Value.Count(1, null));
  }

  @Test
  void framingSaysWhichHeaderDecided() {
    List<Finding> findings = new FramingCheck().evaluate(observed());
    Finding home = only(findings, "header.framing", "/");
    assertThat(home.about()).isEqualTo(new Subject(Subject.Kind.URL, "/"));
    assertThat(home.status()).isEqualTo(Status.PASS);
    assertThat(home.observedValue()).isEqualTo(new Value.Header("X-Frame-Options", "DENY"));
    assertThat(only(findings, "header.framing", "/framed").observedValue())
        .isEqualTo(new Value.Setting("frame-ancestors", "'self'"));
    Finding bare = only(findings, "header.framing", "/bare");
    assertThat(bare.status()).isEqualTo(Status.FAIL);
    assertThat(bare.observedValue()).isEqualTo(new Value.Items(List.of(
        new Value.Setting("frame-ancestors", null), new Value.Header("X-Frame-Options", null))));
  }

  @Test
  void corsSaysTheOriginSentAndTheHeadersAnswered() {
    Finding me = only(new CorsCheck().evaluate(observed()), "cors.origin", "/api/me");
    assertThat(me.about()).isEqualTo(new Subject(Subject.Kind.URL, "/api/me"));
    assertThat(me.status()).isEqualTo(Status.FAIL);
    assertThat(me.expectedValue())
        .isEqualTo(new Value.Header("Origin", "https://cors-probe.secaudit.invalid"));
    assertThat(me.observedValue()).isEqualTo(new Value.Items(List.of(
        new Value.Header("Access-Control-Allow-Origin", "https://cors-probe.secaudit.invalid"),
        new Value.Header("Access-Control-Allow-Credentials", "true"))));
  }

  @Test
  void permissionsPolicyIsAboutTheHeaderOnEachPage() {
    List<Finding> findings = new PermissionsPolicyCheck().evaluate(observed());
    Finding home = only(findings, "http.permissions_policy", "/");
    assertThat(home.about()).isEqualTo(Subject.header("Permissions-Policy"));
    assertThat(home.status()).isEqualTo(Status.FAIL);
    assertThat(home.observedValue()).isEqualTo(
        new Value.Header("Permissions-Policy", "camera=*, geolocation=(self)"));
  }
}
