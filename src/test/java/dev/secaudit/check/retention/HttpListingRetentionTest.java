package dev.secaudit.check.retention;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.secaudit.check.retention.RetentionScan.NOW;
import static dev.secaudit.check.retention.RetentionScan.only;
import static dev.secaudit.check.retention.RetentionScan.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON listings served by WireMock on loopback, paginated in the ways APIs do it. */
class HttpListingRetentionTest {
  private static final String TOKEN = "tok-9f8e7d6c5b4a";

  @TempDir Path dir;
  private WireMockServer server;
  private String base;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static String ago(Duration d) {
    return NOW.minus(d).toString();
  }

  private void page(String path, String body, String... headers) {
    var response = aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody(body);
    for (int i = 0; i < headers.length; i += 2) {
      response = response.withHeader(headers[i], headers[i + 1]);
    }
    server.stubFor(get(urlEqualTo(path)).willReturn(response));
  }

  @Test
  void pagesAreFollowedByBodyPointerAndLinkHeaderWithCredentialsRedacted() {
    page("/exports", "{\"data\": [{\"created_at\": \"" + ago(Duration.ofDays(2)) + "\"}],"
        + " \"next\": \"/exports?page=2\"}");
    long epochSeconds = NOW.minus(Duration.ofDays(40)).getEpochSecond();
    page("/exports?page=2", "{\"data\": [{\"created_at\": " + epochSeconds + "},"
        + " {\"created_at\": " + NOW.minus(Duration.ofDays(9)).toEpochMilli() + "}]}",
        "Link", "<" + base + "/exports?page=3>; rel=\"next\", </exports>; rel=\"first\"");
    page("/exports?page=3", "{\"data\": [], \"next\": null}");
    ScanResult r = run(dir, """
          - name: exports
            max_age: 30d
            source:
              http:
                url: BASE/exports
                request_headers: {Authorization: "Bearer ${env:API_TOKEN}"}
                items: /data
                field: /created_at
                next: /next
        """.replace("BASE", base), Map.of("API_TOKEN", TOKEN));
    Finding f = only(r);
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).isEqualTo("items older than 30d: 1 of 3; oldest 40d"
        + " (page 2 item 0)");
    assertThat(f.evidence()).containsExactly("exports/page-1", "exports/page-2",
        "exports/page-3");
    server.verify(3, getRequestedFor(urlPathEqualTo("/exports"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    assertThat(r.artifacts()).extracting(Artifact::content)
        .allSatisfy(c -> assertThat(c).doesNotContain(TOKEN).contains("Bearer [REDACTED]"));
  }

  @Test
  void aListingThatNeverEndsStopsAtThePageCap() {
    // Every page links to one more: /p -> /px -> /pxx -> ... forever.
    server.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/p.*"))
        .willReturn(aResponse().withStatus(200)
            .withHeader("Link", "<{{request.url}}x>; rel=next")
            .withTransformers("response-template")
            .withBody("[{\"t\": \"" + ago(Duration.ofDays(1)) + "\"}]")));
    Finding recent = only(run(dir, """
          - {name: exports, max_age: 30d, source: {http: {url: BASE/p, field: /t, max_pages: 4}}}
        """.replace("BASE", base)));
    assertThat(recent.status()).isEqualTo(Status.ERROR);
    assertThat(recent.observed()).isEqualTo("items older than 30d: none of 4; oldest 1d"
        + " (page 1 item 0) (incomplete: stopped after 4 pages (max_pages); the listing goes"
        + " on)");
    assertThat(server.getAllServeEvents()).hasSize(4);
  }

  @Test
  void aPageThatNeverFinishesIsCutByTheTimeouts() {
    server.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200)
        .withBody("[]").withFixedDelay(10_000)));
    long t0 = System.nanoTime();
    Finding f = only(RetentionScan.run(dir, "settings: {timeouts: {read: 300ms, total: 1s}}\n",
        """
          - {name: slow, max_age: 30d, source: {http: {url: BASE/slow, field: /t}}}
        """.replace("BASE", base), Map.of()));
    assertThat(f.status()).isEqualTo(Status.ERROR);
    assertThat(f.observed()).startsWith("page 1 (" + base + "/slow): ");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(8_000);
  }

  @Test
  void badJsonAServerErrorOrAMissingFieldIsAnError() {
    page("/bad", "{\"data\": [");
    server.stubFor(get(urlEqualTo("/down")).willReturn(aResponse().withStatus(500)));
    page("/nofield", "{\"data\": [{\"id\": 1}]}");
    String yaml = """
          - {name: bad, max_age: 30d, source: {http: {url: BASE/bad, items: /data, field: /t}}}
          - {name: down, max_age: 30d, source: {http: {url: BASE/down, field: /t}}}
          - {name: nofield, max_age: 30d, source: {http: {url: BASE/nofield, items: /data, field: /t}}}
        """.replace("BASE", base);
    ScanResult r = run(dir, yaml);
    assertThat(r.findings()).extracting(Finding::status).containsOnly(Status.ERROR);
    assertThat(r.findings().get(0).observed()).startsWith("page 1 (" + base + "/bad): not"
        + " valid JSON");
    assertThat(r.findings().get(1).observed()).isEqualTo("page 1 (" + base + "/down): HTTP"
        + " 500, expected 200");
    assertThat(r.findings().get(2).observed()).isEqualTo("page 1 (" + base + "/nofield):"
        + " item 0 has no timestamp at '/t' (ISO-8601 or epoch seconds/ms)");
  }
}
