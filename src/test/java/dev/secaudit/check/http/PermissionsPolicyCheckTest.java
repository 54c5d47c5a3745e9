package dev.secaudit.check.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.secaudit.check.StandardChecks;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.policy.LoadedPolicy;
import dev.secaudit.policy.PolicyLoader;
import dev.secaudit.scan.ScanParameters;
import dev.secaudit.scan.Scanner;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The check over a real scan: a loopback server sends each page a different Permissions-Policy
 * (as several header lines on one page), the HTTP probe records them, and the check judges the
 * recorded exchanges.
 */
class PermissionsPolicyCheckTest {
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    page("/locked", "camera=(), microphone=(), geolocation=(self \"https://maps.example\"),"
        + " fullscreen=*");
    page("/open-camera", "camera=*, geolocation=()");
    page("/listed-star", "microphone=(self *)");
    page("/broken", "camera=(), Geolocation=()");
    page("/unclosed", "camera=(self");
    page("/bad-value", "geolocation=1");
    page("/odd-items", "camera=(self none \"maps.example\")");
    page("/wildcard-origin", "payment=(\"https://*.pay.example\")");
    server.stubFor(get(urlEqualTo("/absent")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody("<p>none</p>")));
    // Two field lines are one dictionary (RFC 9110 §5.3): the second line's camera wins.
    server.stubFor(get(urlEqualTo("/two-lines")).willReturn(html()
        .withHeader("Permissions-Policy", "camera=()")
        .withHeader("Permissions-Policy", "camera=*")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private void page(String path, String policy) {
    server.stubFor(get(urlEqualTo(path)).willReturn(html()
        .withHeader("Permissions-Policy", policy)));
  }

  private static ResponseDefinitionBuilder html() {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/html")
        .withBody("<p>page</p>");
  }

  @Test
  void judgesEachPageAsBrowsersReadTheHeader() {
    Map<String, Finding> bySubject = scan(List.of("/locked", "/open-camera", "/listed-star",
        "/broken", "/unclosed", "/bad-value", "/odd-items", "/wildcard-origin", "/absent",
        "/two-lines"));

    assertThat(bySubject.get("/locked").status()).isEqualTo(Status.PASS);
    assertThat(bySubject.get("/wildcard-origin").status()).isEqualTo(Status.PASS);

    assertThat(bySubject.get("/open-camera").status()).isEqualTo(Status.FAIL);
    assertThat(bySubject.get("/open-camera").observed())
        .contains("camera=* allows camera to every origin");
    assertThat(bySubject.get("/listed-star").status()).isEqualTo(Status.FAIL);
    assertThat(bySubject.get("/listed-star").observed()).contains("microphone=(... *)");
    assertThat(bySubject.get("/two-lines").status()).isEqualTo(Status.FAIL);

    assertThat(bySubject.get("/broken").status()).isEqualTo(Status.FAIL);
    assertThat(bySubject.get("/broken").observed())
        .contains("not a structured-field dictionary").contains("found 'G' at character 12")
        .contains("browsers ignore the whole header");
    assertThat(bySubject.get("/unclosed").observed()).contains("')' closing the inner list");
    assertThat(bySubject.get("/bad-value").status()).isEqualTo(Status.FAIL);
    assertThat(bySubject.get("/bad-value").observed()).contains("geolocation=1 is not *, self");

    assertThat(bySubject.get("/odd-items").status()).isEqualTo(Status.WARN);
    assertThat(bySubject.get("/odd-items").observed())
        .contains("none in the list is ignored").contains("\"maps.example\" is not an origin");

    // Presence is header.rule's verdict: an absent header gets none from this check.
    assertThat(bySubject).doesNotContainKey("/absent");
    assertThat(bySubject.values()).allSatisfy(f -> {
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.policyPointer()).isEqualTo("/headers/Permissions-Policy");
      assertThat(f.evidence()).hasSize(1);
    });
  }

  @Test
  void anUnreachableTargetIsAnErrorNotAPass() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    LoadedPolicy loaded = load("http://127.0.0.1:" + closed, List.of("/"));
    ScanResult r = new Scanner(List.of(new PermissionsPolicyCheck()), Clock.systemUTC(), m -> { })
        .scan(loaded, new ScanParameters("run", "test", List.of("scan"), Severity.LOW));
    assertThat(r.findings()).extracting(Finding::status).containsExactly(Status.ERROR);
  }

  @Test
  void appliesOnlyWhenThePolicyHasAPermissionsPolicyRule() {
    PermissionsPolicyCheck check = new PermissionsPolicyCheck();
    String base = "http://127.0.0.1:" + server.port();
    assertThat(check.appliesTo(load(base, List.of("/")).policy())).isTrue();
    LoadedPolicy without = new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("test.yaml", ("version: 1\nname: t\ntargets:\n  - {name: app, url: \"" + base
            + "/\"}\nheaders:\n  X-Content-Type-Options: {value: nosniff}\n").getBytes(UTF_8));
    assertThat(check.appliesTo(without.policy())).isFalse();
  }

  private Map<String, Finding> scan(List<String> paths) {
    LoadedPolicy loaded = load("http://127.0.0.1:" + server.port(), paths);
    ScanResult r = new Scanner(List.of(new PermissionsPolicyCheck()), Clock.systemUTC(), m -> { })
        .scan(loaded, new ScanParameters("run", "test", List.of("scan"), Severity.LOW));
    assertThat(r.findings()).extracting(Finding::checkId)
        .containsOnly(PermissionsPolicyCheck.ID);
    return r.findings().stream()
        .collect(Collectors.toMap(Finding::subject, Function.identity()));
  }

  private static LoadedPolicy load(String base, List<String> paths) {
    String yaml = """
        version: 1
        name: loopback
        settings: {timeouts: {connect: 2s, read: 5s, total: 10s}}
        targets:
          - {name: app, url: "%s/", paths: [%s]}
        headers:
          Permissions-Policy: {required: optional}
        """.formatted(base, paths.stream().map(p -> "\"" + p + "\"")
        .collect(Collectors.joining(", ")));
    return new PolicyLoader(name -> null, StandardChecks.catalog().ids())
        .load("test.yaml", yaml.getBytes(UTF_8));
  }
}
