package dev.secaudit.probe.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secaudit.probe.tls.RecordingTrustManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The page given may move within its host (here http:// to https://, another port) or to the
 * other half of its bare/www. pair; from there every page read is on the site it landed on, and
 * a link back to the old origin is not one. Host names reach the loopback server through the
 * client's own resolver, so no real name is looked up.
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
    List<SitePages.Page> pages = new SitePages(probe(Dns.SYSTEM)).read(plain + "/");

    assertThat(outcomes(pages)).containsExactly(
            tuple(plain + "/", "given", ""),
            tuple(secure + "/.well-known/security.txt",
                "security.txt", "HTTP 404"),
            tuple(secure + "/security", "Security", ""));
    assertThat(pages.get(0).fetch().hops()).hasSize(2);
    assertThat(site.getAllServeEvents()).extracting(e -> e.getRequest().getAbsoluteUrl())
        .doesNotContain(plain + "/privacy", secure + "/privacy")
        .filteredOn(u -> u.endsWith("/home")).hasSize(1);
  }

  /** The names of a company's site and of its neighbours, every one of them this machine. */
  private static final Set<String> NAMES = Set.of("example.test", "www.example.test",
      "app.example.test", "www.www.example.test");

  private static HttpProbe namedProbe() {
    return probe(host -> {
      if (!NAMES.contains(host)) {
        throw new UnknownHostException(host);
      }
      return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
    });
  }

  private static HttpProbe probe(Dns dns) {
    // Generous: which pages are read is the subject, not how long they take (a loaded machine
    // once took over 5 s for WireMock's first TLS answer).
    return new HttpProbe(new HttpProbe.Limits(Duration.ofSeconds(20), Duration.ofSeconds(20),
        Duration.ofSeconds(40), 64 * 1024), () -> RecordingTrustManager.forKeyStore(null),
        Clock.systemUTC(), "t", dns);
  }

  /** Each page as the URL asked for, why it was read and what came of it ("" when read). */
  private static List<Tuple> outcomes(List<SitePages.Page> pages) {
    return pages.stream().map(p -> tuple(p.url(), p.via(), p.problem())).toList();
  }

  @Test
  void theBareDomainAndItsWwwFormAreOneSiteAndNoOtherHostIs() {
    site.start();
    String bare = "http://example.test:" + site.port();
    String www = "http://www.example.test:" + site.port();
    site.stubFor(get(urlEqualTo("/")).withHost(equalTo("example.test"))
        .willReturn(aResponse().withStatus(301).withHeader("Location", www + "/")));
    site.stubFor(get(urlEqualTo("/")).withHost(equalTo("www.example.test"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
            .withBody("<a href=\"/security\">Security</a>"
                + "<a href=\"" + bare + "/privacy\">Privacy</a>"
                + "<a href=\"" + bare + "/security#mfa\">Security: MFA</a>"
                + "<a href=\"" + bare + "/\">Home (security first)</a>"
                + "<a href=\"http://app.example.test:" + site.port() + "/trust\">Trust</a>"
                + "<a href=\"http://www.www.example.test:" + site.port() + "/trust\">Trust</a>"
                + "<a href=\"https://example.test:" + site.httpsPort() + "/trust\">Trust</a>")));
    site.stubFor(get(urlEqualTo("/security")).withHost(equalTo("www.example.test"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
            .withBody("<p>ok</p>")));
    // A trust page on the bare domain may move back to the www. form, as the home page did.
    site.stubFor(get(urlEqualTo("/privacy")).withHost(equalTo("example.test"))
        .willReturn(aResponse().withStatus(301).withHeader("Location", www + "/privacy")));
    site.stubFor(get(urlEqualTo("/privacy")).withHost(equalTo("www.example.test"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
            .withBody("<p>private</p>")));

    List<SitePages.Page> pages = new SitePages(namedProbe()).read(bare + "/");

    assertThat(outcomes(pages)).containsExactly(
            tuple(bare + "/", "given", ""),
            tuple(www + "/.well-known/security.txt",
                "security.txt", "HTTP 404"),
            tuple(www + "/security", "Security", ""),
            tuple(bare + "/privacy", "Privacy", ""));
    assertThat(pages.get(3).fetch().hops()).hasSize(2);
    assertThat(site.getAllServeEvents()).extracting(e -> e.getRequest().getHost())
        .containsOnly("example.test", "www.example.test");
    assertThat(site.getAllServeEvents()).extracting(e -> e.getRequest().getAbsoluteUrl())
        .filteredOn(u -> u.endsWith("/security")).hasSize(1);
  }

  @Test
  void theGivenPageMayMoveToHttpsOnTheOtherHalfOfItsPairInOneHop() {
    site.start();
    String www = "http://www.example.test:" + site.port();
    String secureBare = "https://example.test:" + site.httpsPort();
    site.stubFor(get(urlEqualTo("/")).withHost(equalTo("www.example.test"))
        .willReturn(aResponse().withStatus(301).withHeader("Location", secureBare + "/")));
    site.stubFor(get(urlEqualTo("/")).withHost(equalTo("example.test"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
            .withBody("<a href=\"/security\">Security</a>"
                + "<a href=\"http://app.example.test:" + site.port() + "/trust\">Trust</a>")));
    site.stubFor(get(urlEqualTo("/security")).withHost(equalTo("example.test"))
        .willReturn(aResponse().withStatus(200).withBody("<p>ok</p>")));

    List<SitePages.Page> pages = new SitePages(namedProbe()).read(www + "/");

    assertThat(pages.get(0).problem()).isEmpty();
    assertThat(pages.get(0).fetch().hops()).hasSize(2);
    assertThat(outcomes(pages)).contains(tuple(secureBare + "/security", "Security", ""));
    // The pages after the first stay on the site it landed on: a sibling host is not read.
    assertThat(site.getAllServeEvents()).extracting(e -> e.getRequest().getHost())
        .containsOnly("www.example.test", "example.test");
  }

  @Test
  void theSameSiteIsTheOriginOrTheBareAndWwwPairWithItsSchemeAndPort() {
    HttpUrl bare = HttpUrl.get("https://example.com/");
    for (String same : List.of("https://example.com/a", "https://www.example.com/b",
        "https://WWW.Example.com:443/", "https://www.example.com/c#d")) {
      assertThat(SitePages.sameSite(HttpUrl.get(same), bare)).as(same).isTrue();
      assertThat(SitePages.sameSite(bare, HttpUrl.get(same))).as(same).isTrue();
    }
    for (String other : List.of("http://www.example.com/", "https://www.example.com:8443/",
        "https://app.example.com/", "https://www.www.example.com/", "https://wwwexample.com/",
        "https://example.org/", "https://www.example.com.evil.test/")) {
      assertThat(SitePages.sameSite(HttpUrl.get(other), bare)).as(other).isFalse();
      assertThat(SitePages.sameSite(bare, HttpUrl.get(other))).as(other).isFalse();
    }
    HttpUrl www = HttpUrl.get("https://www.example.com/");
    assertThat(SitePages.sameSite(HttpUrl.get("https://www.www.example.com/"), www)).isFalse();
    assertThat(SitePages.sameSite(HttpUrl.get("https://www.com/"), HttpUrl.get("https://com/")))
        .isFalse(); // a top-level domain is no company's bare domain
    assertThat(SitePages.sameSite(HttpUrl.get("http://www.10.0.0.1/"),
        HttpUrl.get("http://10.0.0.1/"))).isFalse();
  }
}
