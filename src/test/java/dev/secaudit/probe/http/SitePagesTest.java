package dev.secaudit.probe.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secaudit.model.Redactor;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The page given may move within its host (here http:// to https://, another port); from there
 * every page read is on the origin it landed on, and a link back to the old origin is not one.
 */
class SitePagesTest {
  private final WireMockServer site = new WireMockServer(
      options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort());

  @AfterEach
  void stop() {
    site.stop();
  }

  @Test
  void theGivenPageMayMoveToHttpsOnItsHostAndTheRestStaysOnTheOriginItLandedOn() {
    site.start();
    String secure = "https://127.0.0.1:" + site.httpsPort();
    String plain = "http://127.0.0.1:" + site.port();
    site.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(301)
        .withHeader("Location", secure + "/home")));
    site.stubFor(get(urlEqualTo("/home")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody("<a href=\"/security\">Security</a>"
            + "<a href=\"" + plain + "/privacy\">Privacy</a><a href=\"/home#x\">Security home</a>")));
    site.stubFor(get(urlEqualTo("/security")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody("<p>ok</p>")));
    HttpProbe http = new HttpProbe(new HttpProbe.Limits(Duration.ofSeconds(5),
        Duration.ofSeconds(5), Duration.ofSeconds(10), 64 * 1024),
        () -> RecordingTrustManager.forKeyStore(null), Redactor.none(), Clock.systemUTC(), "t");

    List<SitePages.Page> pages = new SitePages(http).read(plain + "/");

    assertThat(pages).extracting(SitePages.Page::url, SitePages.Page::via,
            SitePages.Page::problem)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(plain + "/", "given", ""),
            org.assertj.core.groups.Tuple.tuple(secure + "/.well-known/security.txt",
                "security.txt", "HTTP 404"),
            org.assertj.core.groups.Tuple.tuple(secure + "/security", "Security", ""));
    assertThat(pages.get(0).fetch().hops()).hasSize(2);
    assertThat(site.getAllServeEvents()).extracting(e -> e.getRequest().getAbsoluteUrl())
        .doesNotContain(plain + "/privacy", secure + "/privacy")
        .filteredOn(u -> u.endsWith("/home")).hasSize(1);
  }
}
